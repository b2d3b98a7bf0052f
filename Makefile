# Two commands matter: `make run` and `make test`. Everything else supports them.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: install run test test-postgres lint lock lock-check audit format screenshots clean

# A failed venv (no ensurepip, say) is removed, so the next run does not trust it.
$(BIN)/python:
	$(PYTHON) -m venv $(VENV) || { rm -rf $(VENV); echo "python3 -m venv failed: on Debian, apt-get install python3-venv" >&2; exit 1; }

LOCK := requirements.lock

# Reinstall only when the dependency list changes. The versions come from the lock file,
# checked against its hashes; the project itself is then installed without resolving again.
$(STAMP): pyproject.toml $(LOCK) | $(BIN)/python
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet --require-hashes -r $(LOCK)
	$(BIN)/python -m pip install --quiet --no-deps -e .
	touch $(STAMP)

install: $(STAMP)

# One background worker (document ingestion) runs beside the web server and stops with it.
run: install
	$(BIN)/manumit migrate --no-input
	$(BIN)/manumit demo --if-empty
	$(BIN)/manumit worker & worker=$$!; \
	trap 'kill $$worker 2>/dev/null; wait $$worker 2>/dev/null' EXIT; \
	trap 'exit 130' INT TERM; \
	$(BIN)/manumit serve

test: install
	$(BIN)/manumit makemigrations --check --dry-run
	$(BIN)/pytest $(PYTEST_ARGS)

# The same suite against a throwaway PostgreSQL server (Debian's package, started by script).
# EXPECT_DB_VENDOR makes the suite fail, not fall back to SQLite, if the URL is lost.
test-postgres: install
	url="$$(scripts/postgres.sh start)" && eval "$$url" && \
	  EXPECT_DB_VENDOR=postgresql $(BIN)/pytest $(PYTEST_ARGS)

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy manumit bench
	$(BIN)/lint-imports --no-logo

# After changing pyproject.toml's dependencies: pin the new set (versions already in the
# lock are kept; `--upgrade` moves them). One universal file for every platform and 3.11+.
UV_COMPILE = $(BIN)/uv pip compile pyproject.toml --extra dev --universal --generate-hashes --no-header --quiet
lock: install
	$(UV_COMPILE) -o $(LOCK)

# Fails when pyproject.toml names a dependency the lock does not pin.
lock-check: install
	tmp="$$(mktemp -d)" && cp $(LOCK) "$$tmp/lock" && $(UV_COMPILE) -o "$$tmp/lock" && \
	  { diff -u $(LOCK) "$$tmp/lock" || { echo "requirements.lock is stale: make lock" >&2; rm -rf "$$tmp"; exit 1; }; } && rm -rf "$$tmp"

# Known vulnerabilities in the locked set (pip-audit; scripts/audit.py says why it wraps it).
audit: install
	$(BIN)/python scripts/audit.py

format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

# Refresh the README's screenshots from the browser tests.
screenshots: install
	$(BIN)/pytest -q -m browser manumit/catalog/tests/test_browser.py \
	  manumit/search/tests/test_browser_search.py manumit/ingest/tests/test_browser_curator.py
	mkdir -p docs/screenshots
	cp test-artifacts/listing.png test-artifacts/detail.png test-artifacts/search.png \
	  test-artifacts/ingest-panel.png docs/screenshots/

clean:
	rm -rf $(VENV) var .pytest_cache .mypy_cache .ruff_cache .import_linter_cache
