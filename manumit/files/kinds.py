"""What a file really is, from its content alone, and whether Manumit accepts it.

Attachments are served from the site's own origin, so a file that a browser would run must
never be shown by it as a page. Only PDFs and images are served inline; every other kind
is a download (Content-Disposition: attachment, a `sandbox` CSP and nosniff; see
manumit.catalog.views.detail.download). HTML documents are therefore accepted (their text is
read for search), while SVG, XML, JavaScript and programs are refused. `detect()` reads the
content and names the kind; only the kinds in `ACCEPTED` may be attached, under the media
type found here. A file's name and the type the browser sent are never trusted to let a file
in: the name only picks between safe labels (CSV, plain text or HTML) and refuses text
named like a script.

Part of manumit.files, the one gate every file passes (kept free of Django). Most callers
want `manumit.files.examine`, which reads a file once for its kind, size and sha256.
"""

from __future__ import annotations

import codecs
import re
import zipfile
from dataclasses import dataclass
from pathlib import PurePosixPath
from typing import BinaryIO

# Enough for every signature below, PDF's "%PDF- within the first 1024 bytes" included.
HEAD_BYTES = 1024
TEXT_CHUNK = 1024 * 1024


@dataclass(frozen=True)
class FileKind:
    """A kind of file: `description` reads in a sentence ("This file looks like {description}")."""

    description: str
    media_type: str
    accepted: bool


# Accepted: each is recognised by its content.
PDF = FileKind("a PDF document", "application/pdf", accepted=True)
DOCX = FileKind(
    "a Word document",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    accepted=True,
)
XLSX = FileKind(
    "an Excel workbook",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    accepted=True,
)
PPTX = FileKind(
    "a PowerPoint presentation",
    "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    accepted=True,
)
EPUB = FileKind("an EPUB book", "application/epub+zip", accepted=True)
CSV = FileKind("a CSV table", "text/csv", accepted=True)
TEXT = FileKind("plain text", "text/plain", accepted=True)
PNG = FileKind("a PNG image", "image/png", accepted=True)
JPEG = FileKind("a JPEG image", "image/jpeg", accepted=True)
GIF = FileKind("a GIF image", "image/gif", accepted=True)
WEBP = FileKind("a WebP image", "image/webp", accepted=True)
# Never served inline (see the module's docstring), so a page's scripts never run.
HTML = FileKind("an HTML document", "text/html", accepted=True)

ACCEPTED = (PDF, DOCX, XLSX, PPTX, EPUB, CSV, HTML, TEXT, PNG, JPEG, GIF, WEBP)
ACCEPTED_SUMMARY = "a PDF, Word, Excel, PowerPoint, EPUB, CSV, HTML, text or image file"

# Recognised but refused: named so that the curator learns what the file was taken for.
SVG = FileKind("an SVG image", "image/svg+xml", accepted=False)
XML = FileKind("XML", "application/xml", accepted=False)
MARKUP = FileKind("HTML or XML markup", "text/html", accepted=False)
JAVASCRIPT = FileKind("JavaScript", "text/javascript", accepted=False)
STYLESHEET = FileKind("a CSS style sheet", "text/css", accepted=False)
SCRIPT = FileKind("a script or program source", "text/plain", accepted=False)
WINDOWS_PROGRAM = FileKind(
    "a Windows program", "application/vnd.microsoft.portable-executable", accepted=False
)
LINUX_PROGRAM = FileKind("a Linux program", "application/x-executable", accepted=False)
MAC_PROGRAM = FileKind("a macOS or Java program", "application/x-mach-binary", accepted=False)
ZIP = FileKind(
    "a ZIP archive (not a Word, Excel, PowerPoint or EPUB file)", "application/zip", accepted=False
)
OFFICE_MACROS = FileKind(
    "an Office file with macros", "application/vnd.ms-office.vbaProject", accepted=False
)
OLD_OFFICE = FileKind(
    "an older Microsoft Office file (.doc, .xls or .ppt; save it as .docx, .xlsx or .pptx)",
    "application/x-ole-storage",
    accepted=False,
)
ARCHIVE = FileKind("a compressed archive", "application/octet-stream", accepted=False)
RTF = FileKind("an RTF document (save it as PDF or .docx)", "application/rtf", accepted=False)


class DamagedFile(ValueError):
    """The content starts like a known format but cannot be read as one."""


# Leading bytes that name a format outright (PDF is looked for further in: see detect()).
SIGNATURES: list[tuple[bytes, FileKind]] = [
    (b"\x89PNG\r\n\x1a\n", PNG),
    (b"\xff\xd8\xff", JPEG),
    (b"GIF87a", GIF),
    (b"GIF89a", GIF),
    (b"\x7fELF", LINUX_PROGRAM),
    (b"\xfe\xed\xfa\xce", MAC_PROGRAM),
    (b"\xfe\xed\xfa\xcf", MAC_PROGRAM),
    (b"\xce\xfa\xed\xfe", MAC_PROGRAM),
    (b"\xcf\xfa\xed\xfe", MAC_PROGRAM),
    (b"\xca\xfe\xba\xbe", MAC_PROGRAM),
    (b"#!", SCRIPT),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", OLD_OFFICE),
    (b"\x1f\x8b", ARCHIVE),
    (b"Rar!\x1a\x07", ARCHIVE),
    (b"7z\xbc\xaf\x27\x1c", ARCHIVE),
    (b"\xfd7zXZ\x00", ARCHIVE),
    (b"{\\rtf", RTF),
]
ZIP_MAGIC = b"PK\x03\x04"

# Text named like something a browser or a shell would run is refused even if it reads as text.
SCRIPT_EXTENSIONS: dict[str, FileKind] = {
    **dict.fromkeys((".js", ".mjs", ".cjs", ".jsx", ".ts", ".tsx"), JAVASCRIPT),
    **dict.fromkeys((".html", ".htm", ".xhtml", ".xht", ".shtml", ".mhtml"), HTML),
    **dict.fromkeys((".svg", ".svgz"), SVG),
    **dict.fromkeys((".xml", ".xsl", ".xslt", ".rss", ".atom"), XML),
    ".css": STYLESHEET,
    **dict.fromkeys(
        (".php", ".py", ".sh", ".bash", ".bat", ".cmd", ".ps1", ".vbs", ".pl", ".rb", ".jsp"),
        SCRIPT,
    ),
}
CSV_EXTENSIONS = (".csv",)

# C0 control characters that plain text does not hold (tab, newlines, form feed, SUB and ESC
# are allowed). A NUL means binary data; so do the others, unless they are a stray few (see
# _looks_binary).
BINARY_BYTES = re.compile(rb"[\x00-\x08\x0e-\x19\x1c-\x1f\x7f]")
# Text converted from PDFs keeps the odd BEL or backspace (seen in real modern slavery
# statements): up to one control byte in a hundred is still text.
STRAY_CONTROL_SHARE = 100
# Tags that make a browser that sniffs (old ones, or one told nothing) treat text as a page.
ACTIVE_TAGS = re.compile(
    rb"<\s*(!doctype\s+html|html|head|body|script|iframe|object|embed|svg)\b", re.IGNORECASE
)
# The first start tag (an XML declaration, a doctype or a comment is none).
FIRST_ELEMENT = re.compile(rb"<([a-z][\w:.-]*)")


@dataclass(frozen=True)
class ByteCounts:
    """What one pass over a whole file counted, so that text need not be read again."""

    nuls: int
    controls: int
    size: int

    @property
    def reads_as_text(self) -> bool:
        return self.size > 0 and self.nuls == 0 and self.controls * STRAY_CONTROL_SHARE <= self.size

    @classmethod
    def of(cls, chunk: bytes) -> ByteCounts:
        return cls(chunk.count(b"\x00"), len(BINARY_BYTES.findall(chunk)), len(chunk))

    def __add__(self, other: ByteCounts) -> ByteCounts:
        return ByteCounts(
            self.nuls + other.nuls, self.controls + other.controls, self.size + other.size
        )


def detect(
    head: bytes,
    file: BinaryIO | None = None,
    *,
    name: str | None = None,
    counts: ByteCounts | None = None,
) -> FileKind | None:
    """The kind of the file that starts with `head` (at least its first HEAD_BYTES bytes).

    `file`, a seekable binary file holding the whole content, lets ZIP containers and text be
    checked all the way through (its position is left where it was); without it they are
    judged by `head` alone. `name` (by default `file.name`) only tells CSV from plain text
    and refuses text named like a script. Returns None when the content is of no kind known
    here; raises DamagedFile for a ZIP that cannot be opened. A PDF is recognised by its
    signature: open it (PDFium) to know that it is readable. `counts`, made by a caller
    that has read the whole file already, saves reading text a second time.
    """
    head = head[:HEAD_BYTES]
    for signature, kind in SIGNATURES:
        if head.startswith(signature):
            return kind
    if head.startswith(b"MZ") and BINARY_BYTES.search(head):
        return WINDOWS_PROGRAM  # a DOS header holds NULs; text that starts "MZ" does not
    if head.startswith(b"RIFF") and head[8:12] == b"WEBP":
        return WEBP
    if b"%PDF-" in head:
        return PDF
    if head.startswith(ZIP_MAGIC):
        return _zip_kind(file)
    if head[257:262] == b"ustar":
        return ARCHIVE
    readable = counts.reads_as_text if counts is not None else _reads_as_text(head, file)
    if not readable:
        return None
    if name is None:
        name = str(getattr(file, "name", "") or "")
    return _text_kind(head, PurePosixPath(name).suffix.lower())


def _zip_kind(file: BinaryIO | None) -> FileKind:
    """Word, Excel, PowerPoint or EPUB by their parts; any other ZIP is refused."""
    if file is None:
        return ZIP
    start = file.tell()
    try:
        file.seek(0)
        with zipfile.ZipFile(file) as archive:
            names = archive.namelist()
            if _is_epub(archive, names):
                return EPUB
    except (zipfile.BadZipFile, EOFError, OSError, ValueError, KeyError) as error:
        raise DamagedFile(
            f"It starts like a ZIP file but cannot be opened as one ({error})."
        ) from error
    finally:
        file.seek(start)
    return _office_kind(names)


def _is_epub(archive: zipfile.ZipFile, names: list[str]) -> bool:
    """An EPUB's first member is `mimetype`, holding its media type."""
    if not names or names[0] != "mimetype" or "META-INF/container.xml" not in names:
        return False
    with archive.open("mimetype") as member:
        return member.read(64).strip() == EPUB.media_type.encode()


def _office_kind(names: list[str]) -> FileKind:
    """The Office Open XML formats: a content-types list and the application's own folder."""
    if "[Content_Types].xml" not in names:
        return ZIP
    if any(name.lower().endswith("vbaproject.bin") for name in names):
        return OFFICE_MACROS
    for folder, kind in (("word/", DOCX), ("xl/", XLSX), ("ppt/", PPTX)):
        if any(name.startswith(folder) for name in names):
            return kind
    return ZIP


def _reads_as_text(head: bytes, file: BinaryIO | None) -> bool:
    """No NUL and no more than a stray few control bytes anywhere; it then reads as UTF-8 or
    Latin-1."""
    if not head:
        return False
    if file is None:
        return ByteCounts.of(head).reads_as_text
    start = file.tell()
    counts = ByteCounts(0, 0, 0)
    try:
        file.seek(0)
        while chunk := file.read(TEXT_CHUNK):
            counts += ByteCounts.of(chunk)
            if counts.nuls:
                return False
    finally:
        file.seek(start)
    return counts.reads_as_text


def _text_kind(head: bytes, extension: str) -> FileKind:
    """Plain text or CSV, unless it is markup or named like a script."""
    body = head.removeprefix(codecs.BOM_UTF8)
    stripped = body.lstrip()
    if stripped.startswith(b"<"):
        return _markup_kind(stripped)
    found = ACTIVE_TAGS.search(body)
    if found:
        return SVG if found.group(1).lower() == b"svg" else HTML
    if extension in SCRIPT_EXTENSIONS:
        return SCRIPT_EXTENSIONS[extension]
    return CSV if extension in CSV_EXTENSIONS else TEXT


def _markup_kind(start: bytes) -> FileKind:
    """What text that opens with `<` is: SVG, HTML, XML or some other markup. The first
    element decides, so that a web page holding an inline SVG drawing is still a page."""
    lowered = start.lower()
    first = FIRST_ELEMENT.search(lowered)
    root = first.group(1) if first else b""
    if root == b"svg" or root.endswith(b":svg"):
        return SVG
    if root == b"html" or b"<!doctype html" in lowered:
        return HTML
    if b"<svg" in lowered:
        return SVG
    if ACTIVE_TAGS.search(start):
        return HTML
    if lowered.startswith(b"<?xml"):
        return XML
    return MARKUP


# What a browser's file dialog offers (a hint only: the content is what is checked).
DIALOG_HINT = ",".join(
    [".pdf", ".docx", ".xlsx", ".pptx", ".epub", ".csv", ".txt", ".png", ".jpg", ".jpeg"]
    + [".gif", ".webp", ".html", ".htm"]
    + [kind.media_type for kind in ACCEPTED]
)
