"""Write an export to disk: the Manumit format alone, or in a zip with the files.

A zip holds `library.jsonl` and every stored file under `files/<sha256>/<name>`, plus
`SHA256SUMS` (the `sha256sum -c` format) so the files can be checked without Manumit. The
file is written beside its final name and renamed at the end, so an interrupted export
never leaves a truncated file that looks whole.
"""

from __future__ import annotations

import os
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from django.db.models import QuerySet

from manumit.catalog.models import Attachment, Resource
from manumit.importers.exporters import library

LIBRARY_MEMBER = "library.jsonl"
SUMS_MEMBER = "SHA256SUMS"
COPY_CHUNK = 1024 * 1024


@dataclass(frozen=True)
class Written:
    resources: int
    files: int
    path: Path


def member_path(attachment: Attachment) -> str:
    return f"files/{attachment.sha256}/{attachment.filename}"


def write_library(resources: QuerySet[Resource], out: Path, *, with_files: bool) -> Written:
    partial = out.with_name(f".{out.name}.partial")
    try:
        if with_files:
            written = _write_zip(resources, partial)
        else:
            written = _write_lines(library.lines(resources), partial)
        os.replace(partial, out)
    finally:
        partial.unlink(missing_ok=True)
    return Written(resources=written.resources, files=written.files, path=out)


def write_chunks(chunks: Iterator[str | bytes], out: Path) -> Path:
    """Another format's text (BibTeX, RIS...), written as it streams."""
    partial = out.with_name(f".{out.name}.partial")
    try:
        with partial.open("wb") as handle:
            for chunk in chunks:
                handle.write(chunk.encode("utf-8") if isinstance(chunk, str) else chunk)
        os.replace(partial, out)
    finally:
        partial.unlink(missing_ok=True)
    return out


def _write_lines(lines: Iterator[library.Line], path: Path) -> Written:
    resources = 0
    with path.open("w", encoding="utf-8", newline="\n") as handle:
        for line in lines:
            resources += line.get("kind") == "resource"
            handle.write(library.dumps(line))
    return Written(resources=resources, files=0, path=path)


def _write_zip(resources: QuerySet[Resource], path: Path) -> Written:
    count = 0
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED, allowZip64=True) as bundle:
        with bundle.open(LIBRARY_MEMBER, "w", force_zip64=True) as member:
            for line in library.lines(resources, file_path=member_path):
                count += line.get("kind") == "resource"
                member.write(library.dumps(line).encode("utf-8"))
        stored = _stored_files(resources)
        sums = [_add_file(bundle, attachment) for attachment in stored]
        bundle.writestr(SUMS_MEMBER, "".join(sums))
    return Written(resources=count, files=len(stored), path=path)


def _stored_files(resources: QuerySet[Resource]) -> list[Attachment]:
    attachments = Attachment.objects.filter(resource__in=resources.values("pk")).exclude(file="")
    unique: dict[str, Attachment] = {}
    for attachment in attachments.select_related("resource").order_by("pk"):
        unique.setdefault(member_path(attachment), attachment)
    return list(unique.values())


def _add_file(bundle: zipfile.ZipFile, attachment: Attachment) -> str:
    name = member_path(attachment)
    # PDFs are compressed already; storing them saves the time of deflating them again.
    info = zipfile.ZipInfo(name)
    info.compress_type = zipfile.ZIP_STORED
    with attachment.file.open("rb") as source, bundle.open(info, "w", force_zip64=True) as target:
        _copy(source.read, target.write)
    return f"{attachment.sha256}  {name}\n"


def _copy(read: Callable[[int], bytes], write: Callable[[bytes], object]) -> None:
    # In pieces: a file may be larger than memory allows.
    while chunk := read(COPY_CHUNK):
        write(chunk)
