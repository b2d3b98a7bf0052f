"""Django settings for Manumit, read from MANUMIT_* environment variables.

docs/configuration.md documents every variable; a test keeps the two in step.
"""

from __future__ import annotations

import os
import re
import secrets
import tempfile
import zoneinfo
from datetime import timedelta
from pathlib import Path

import dj_database_url

from manumit.env import (
    ImproperSetting,
    env_bool,
    env_int,
    env_list,
    env_optional,
    env_path,
    env_secret,
    env_str,
)
from manumit.files import storage_url

PACKAGE_DIR = Path(__file__).resolve().parent
DATA_DIR = env_path("MANUMIT_DATA_DIR", Path.cwd() / "var")
DATA_DIR.mkdir(mode=0o700, parents=True, exist_ok=True)


def _secret_key() -> str:
    """Use MANUMIT_SECRET_KEY, or a random key kept in the data folder (never in the repo)."""
    configured = env_secret("MANUMIT_SECRET_KEY")
    if configured:
        return configured
    key_file = DATA_DIR / "secret_key"
    if not key_file.exists():
        _create_secret_key(key_file)
    return key_file.read_text(encoding="utf-8").strip()


def _create_secret_key(key_file: Path) -> None:
    """Write a new key to a private (0600) temporary file, then link it into place.

    The key is never readable by others, not even for a moment, and two processes starting
    at once agree on one key: the second link fails and that process reads the first's key.
    """
    handle, temporary = tempfile.mkstemp(dir=key_file.parent, prefix=".secret_key.")
    with os.fdopen(handle, "w", encoding="utf-8") as stream:
        stream.write(secrets.token_urlsafe(50))
    try:
        os.link(temporary, key_file)
    except FileExistsError:
        pass  # another process got there first; keep its key
    except OSError:
        os.replace(temporary, key_file)  # a file system without hard links
        return
    os.unlink(temporary)


SECRET_KEY = _secret_key()
DEBUG = env_bool("MANUMIT_DEBUG", False)
ALLOWED_HOSTS = env_list("MANUMIT_ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"])
CSRF_TRUSTED_ORIGINS = env_list("MANUMIT_CSRF_TRUSTED_ORIGINS", [])
SITE_NAME = env_str("MANUMIT_SITE_NAME", "Manumit")
PORT = env_int("MANUMIT_PORT", 8000, minimum=1)
if PORT > 65535:
    raise ImproperSetting(f"MANUMIT_PORT must be at most 65535, got {PORT}")
HOST = env_str("MANUMIT_HOST", "127.0.0.1")
SERVE_THREADS = env_int("MANUMIT_THREADS", 8, minimum=1)
# `manumit serve`'s processes: one per CPU by default, as many as can render at once.
WEB_WORKERS = env_int("MANUMIT_WEB_WORKERS", os.cpu_count() or 1, minimum=1)
# Pages each web process keeps for anonymous readers (manumit/site/pagecache.py); 0: none.
PAGE_CACHE_ENTRIES = env_int("MANUMIT_PAGE_CACHE_ENTRIES", 2000, minimum=0)
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    # In each process's memory: correct with any number of processes and nodes, because a
    # key holds the library's version, so no process needs telling that a page is stale.
    "pages": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "manumit-pages",
        "TIMEOUT": None,
        "OPTIONS": {"MAX_ENTRIES": max(PAGE_CACHE_ENTRIES, 1)},
    },
}
PAGE_SIZE = env_int("MANUMIT_PAGE_SIZE", 20, minimum=1)

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "csp",
    "django_tasks",
    "django_tasks_db",
    "manumit.catalog",
    "manumit.accounts",
    "manumit.ingest",
    "manumit.search",
    "manumit.interop",
    "manumit.api",
    "manumit.importers",
    "ninja",  # its static Swagger UI files, for the API explorer
    "corsheaders",
    "axes",  # login throttling: see AXES_* below
    "manumit.demo",
    "manumit.site",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "manumit.middleware.RejectNulBytesMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Whole public pages for anonymous readers, keyed by the library's version (outermost
    # after static files, so a stored page skips everything below).
    "manumit.site.pagecache.PageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "corsheaders.middleware.CorsMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # A view's database outage (503) or full disk (507, or a message on the admin's form).
    "manumit.site.faults.FaultsMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "manumit.middleware.AnonymousRateLimitMiddleware",
    # Last, as django-axes asks: it turns a lockout raised during login into its answer.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "manumit.urls"
WSGI_APPLICATION = "manumit.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PACKAGE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "manumit.catalog.context_processors.site",
            ],
        },
    },
]


def _database(url: str | None) -> dict:
    """SQLite in WAL mode in the data folder by default; any dj-database-url URL otherwise."""
    if url is None:
        return {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": DATA_DIR / "manumit.sqlite3",
            # Keep each thread's connection: opening one (and setting WAL) costs more than
            # serving a cached page, and SQLite has no server that could drop it.
            "CONN_MAX_AGE": None,
            "OPTIONS": {
                # WAL lets readers work while the worker writes; busy_timeout makes writers
                # wait for each other instead of failing with "database is locked".
                "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
                "timeout": 20,
                "transaction_mode": "IMMEDIATE",
            },
        }
    if not url.startswith(("postgres://", "postgresql://", "sqlite://")):
        # Name the scheme only: the rest of the URL may hold a password.
        scheme = url.split("://", 1)[0] + "://" if "://" in url else "no scheme"
        raise ImproperSetting(
            "MANUMIT_DATABASE_URL must start with postgres://, postgresql:// or sqlite://,"
            f" got {scheme}"
        )
    # Health checks: a connection kept across requests is tested before reuse, so after a
    # database restart the first request reconnects instead of failing on a dead socket.
    return dict(dj_database_url.parse(url, conn_max_age=60, conn_health_checks=True))


DATABASES = {"default": _database(env_optional("MANUMIT_DATABASE_URL"))}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# argon2 for new and changed passwords; the others only to check (and then upgrade)
# passwords hashed before it was the first.
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher",
    "django.contrib.auth.hashers.ScryptPasswordHasher",
]
# django-axes counts failed logins in the database (every process shares the counts) and,
# after MANUMIT_LOGIN_FAILURE_LIMIT of them for one user name from one address, refuses
# that pair even the right password until MANUMIT_LOGIN_LOCKOUT_MINUTES have passed.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = env_int("MANUMIT_LOGIN_FAILURE_LIMIT", 5, minimum=1)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("MANUMIT_LOGIN_LOCKOUT_MINUTES", 30, minimum=1))
# Locking a user name alone would let anyone lock a curator out from anywhere; the pair
# stops guessing and leaves the curator's own address free.
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_CLIENT_IP_CALLABLE = "manumit.middleware.login_client_address"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]

LANGUAGE_CODE = "en-gb"
TIME_ZONE = env_str("MANUMIT_TIME_ZONE", "UTC")
try:
    zoneinfo.ZoneInfo(TIME_ZONE)
except (zoneinfo.ZoneInfoNotFoundError, ValueError):
    raise ImproperSetting(
        f"MANUMIT_TIME_ZONE must be an IANA time zone such as Europe/London, got {TIME_ZONE!r}"
    ) from None
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
# The project package is not an installed app, so its static folder must be named here.
STATICFILES_DIRS = [PACKAGE_DIR / "static"]
STATIC_ROOT = DATA_DIR / "static"
STATIC_ROOT.mkdir(exist_ok=True)  # whitenoise warns about a missing folder
MEDIA_ROOT = env_path("MANUMIT_MEDIA_DIR", DATA_DIR / "media")
MEDIA_URL = "/media/"
MAX_UPLOAD_BYTES = env_int("MANUMIT_MAX_UPLOAD_MB", 200, minimum=1) * 1024 * 1024
# The admin's import fetches files from public addresses only, unless this is set
# (manumit/importers/fetching.py); `manumit import --fetch-files` fetches from anywhere.
IMPORT_FETCH_PRIVATE = env_bool("MANUMIT_IMPORT_FETCH_PRIVATE", False)
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
# Uploads are readable by Manumit's user only, whatever the process's umask: the download
# view, not the file system, decides who may read a draft's file.
FILE_UPLOAD_PERMISSIONS = 0o600
FILE_UPLOAD_DIRECTORY_PERMISSIONS = 0o700
STORAGES = {
    # Django's, except that a failed write (a full disk) leaves no partial file behind.
    "default": {"BACKEND": "manumit.site.storage.WholeFileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            # Hashed names and gzip/brotli copies, collected by `manumit serve`.
            else "manumit.site.staticfiles.HashedStaticFiles"
        )
    },
}
# Uploads and thumbnails on S3-compatible storage (docs/deploy.md), so web nodes share them.
STORAGE_URL = env_optional("MANUMIT_STORAGE_URL")
if STORAGE_URL:
    try:
        STORAGES["default"] = storage_url.storage_settings(STORAGE_URL)
    except storage_url.BadStorageURL as bad:
        raise ImproperSetting(str(bad)) from None
# Serve static files straight from the package in a first run, without collectstatic.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = DEBUG

# Security headers. HTTPS-only cookies are switched on behind a TLS proxy.
SECURE_HTTPS = env_bool("MANUMIT_HTTPS", False)
SESSION_COOKIE_SECURE = SECURE_HTTPS
CSRF_COOKIE_SECURE = SECURE_HTTPS
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if SECURE_HTTPS else None
# Behind TLS: plain-HTTP requests are redirected, and browsers are told to use HTTPS only
# (HSTS) for MANUMIT_HSTS_SECONDS. /healthz stays reachable over plain HTTP for monitors.
SECURE_SSL_REDIRECT = SECURE_HTTPS
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SECURE_HSTS_SECONDS = env_int("MANUMIT_HSTS_SECONDS", 31_536_000 if SECURE_HTTPS else 0, minimum=0)
SECURE_HSTS_PRELOAD = env_bool("MANUMIT_HSTS_PRELOAD", SECURE_HSTS_SECONDS > 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = SECURE_HSTS_PRELOAD  # the preload list requires both
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "style-src": ["'self'"],
        "script-src": ["'self'"],
        "object-src": ["'none'"],
        "frame-ancestors": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
    }
}

LOGIN_URL = "admin:login"

# The JSON API (/api/v1/): anonymous requests a minute per client address; CORS is open
# for reading it from any origin, and only there (no cookies, reads only).
API_RATE_LIMIT = env_int("MANUMIT_API_RATE_LIMIT", 120, minimum=1)
# The same kind of limit for anonymous search (/search/, /search.json) and every page's
# machine-readable twins (/resources/<slug>.json, .bib…); 0 switches it off.
PAGE_RATE_LIMIT = env_int("MANUMIT_PAGE_RATE_LIMIT", 120, minimum=0)
CORS_URLS_REGEX = r"^/api/.*$"
CORS_ALLOW_ALL_ORIGINS = True
CORS_ALLOW_CREDENTIALS = False
CORS_ALLOW_METHODS = ["GET", "HEAD", "OPTIONS"]

# Background work (django-tasks): a queue in the database, run by `manumit worker`.
# Tests switch to the immediate backend (see conftest.py).
TASKS = {
    "default": {
        "BACKEND": "django_tasks_db.DatabaseBackend",
        "QUEUES": ["default"],
    }
}

# Ingestion: every extraction runs in a child process under these limits.
EXTRACT_TIMEOUT_SECONDS = env_int("MANUMIT_EXTRACT_TIMEOUT", 120, minimum=1)
EXTRACT_MEMORY_BYTES = env_int("MANUMIT_EXTRACT_MEMORY_MB", 1024, minimum=256) * 1024 * 1024
# Fill a new draft's empty fields from the suggestions at once, instead of waiting for a curator.
AUTO_APPLY_SUGGESTIONS = env_bool("MANUMIT_AUTO_APPLY_SUGGESTIONS", False)

# Search: each web node and worker keeps its own index replica in its own data folder.
SEARCH_INDEX_DIR = env_path("MANUMIT_SEARCH_DIR", DATA_DIR / "search")
# /healthz and `manumit health` fail past these (manumit/site/health.py).
HEALTH_INDEX_LAG_SECONDS = env_int("MANUMIT_HEALTH_INDEX_LAG_SECONDS", 300, minimum=1)
HEALTH_QUEUE_SECONDS = env_int("MANUMIT_HEALTH_QUEUE_SECONDS", 900, minimum=1)
HEALTH_MIN_FREE_MB = env_int("MANUMIT_HEALTH_MIN_FREE_MB", 1024, minimum=0)

# OAI-PMH (docs/oai.md): identifiers are oai:<repository id>:<resource id>.
OAI_REPOSITORY_ID = env_str("MANUMIT_OAI_REPOSITORY_ID", "manumit.example.org")
if not re.fullmatch(r"[a-zA-Z][a-zA-Z0-9-]*(\.[a-zA-Z][a-zA-Z0-9-]*)+", OAI_REPOSITORY_ID):
    raise ImproperSetting(
        "MANUMIT_OAI_REPOSITORY_ID must be a dotted name such as library.example.org,"
        f" got {OAI_REPOSITORY_ID!r}"
    )
OAI_ADMIN_EMAIL = env_str("MANUMIT_OAI_ADMIN_EMAIL", "oai-admin@manumit.example.org")
if not re.fullmatch(r"\S+@(\S+\.)+\S+", OAI_ADMIN_EMAIL):
    raise ImproperSetting(
        f"MANUMIT_OAI_ADMIN_EMAIL must be an email address, got {OAI_ADMIN_EMAIL!r}"
    )
OAI_BATCH_SIZE = env_int("MANUMIT_OAI_BATCH_SIZE", 100, minimum=1)

LOG_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL")
LOG_LEVEL = env_str("MANUMIT_LOG_LEVEL", "INFO").upper()
if LOG_LEVEL not in LOG_LEVELS:
    raise ImproperSetting(
        f"MANUMIT_LOG_LEVEL must be one of {', '.join(LOG_LEVELS)}, got {LOG_LEVEL!r}"
    )

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": LOG_LEVEL},
    # axes logs every login at INFO; its lockouts and failures are WARNING.
    "loggers": {"django.db.backends": {"level": "INFO"}, "axes": {"level": "WARNING"}},
}
