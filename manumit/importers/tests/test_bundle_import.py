"""`manumit import manumit FILE.zip`: the bundle `manumit export --with-files` writes, read
back into a fresh library with its files; a damaged or hostile zip stores nothing."""

from __future__ import annotations

import hashlib
import tempfile
import zipfile
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command

from manumit.catalog.models import Attachment, Resource, ResourceType
from manumit.importers.tests.test_manumit_round_trip import (
    PDF,
    build_library,
    empty_the_library,
    snapshot,
    stored_files,
)

pytestmark = pytest.mark.django_db

PDF_SHA = hashlib.sha256(PDF).hexdigest()
PDF_MEMBER = f"files/{PDF_SHA}/summary.pdf"


def import_command(path: Path) -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    call_command("import", "manumit", str(path), stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def exported(tmp_path: Path, settings: Any) -> Path:
    """The test library exported with its files, then a fresh, empty library."""
    build_library()
    bundle = tmp_path / "library.zip"
    call_command("export", str(bundle), "--with-files", stdout=StringIO())
    empty_the_library(settings, tmp_path / "fresh-media")
    return bundle


def rewritten(bundle: Path, out: Path, changes: dict[str, bytes | None]) -> Path:
    """A copy of `bundle` with some members replaced (bytes), removed (None) or added."""
    with zipfile.ZipFile(bundle) as old, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as new:
        for info in old.infolist():
            if info.filename not in changes:
                new.writestr(info, old.read(info.filename))
        for name, content in changes.items():
            if content is not None:
                new.writestr(name, content)
    return out


@pytest.fixture(autouse=True)
def private_temp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Where the files taken out of a bundle go, so the test can see that they went."""
    folder = tmp_path / "temp"
    folder.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(folder))
    return folder


def assert_nothing_stored(settings: Any, temp: Path) -> None:
    assert Resource.objects.count() == 0
    assert not ResourceType.objects.filter(slug="videos").exists()  # prepared, rolled back
    media = Path(settings.MEDIA_ROOT)
    assert not [path for path in media.rglob("*") if path.is_file()] if media.exists() else True
    assert not list(temp.iterdir())


def test_a_bundle_imports_with_its_files_hash_for_hash(
    tmp_path: Path, settings: Any, private_temp: Path
) -> None:
    build_library()
    before, files_before = snapshot(), stored_files()
    bundle = tmp_path / "library.zip"
    call_command("export", str(bundle), "--with-files", stdout=StringIO())
    empty_the_library(settings, tmp_path / "fresh-media")

    out, err = import_command(bundle)
    assert err == ""
    assert "Created               3" in out and "Errors                0" in out
    # Same records, the content type the library lacked created, the same stored bytes.
    assert snapshot() == before
    assert stored_files() == files_before == {PDF_SHA: PDF}
    attachment = Attachment.objects.exclude(file="").get()
    assert attachment.sha256 == PDF_SHA and attachment.media_type == "application/pdf"
    # The temporary copies taken out of the zip are gone.
    assert not list(private_temp.iterdir())


def test_importing_the_bundle_again_adds_nothing(
    tmp_path: Path, settings: Any, private_temp: Path
) -> None:
    bundle = exported(tmp_path, settings)
    import_command(bundle)
    before = snapshot()
    out, _ = import_command(bundle)
    assert "Created               0" in out and "Skipped               3" in out
    assert snapshot() == before and Attachment.objects.exclude(file="").count() == 1


def test_a_file_whose_content_does_not_match_its_hash_stops_the_import(
    tmp_path: Path, settings: Any, private_temp: Path
) -> None:
    bundle = exported(tmp_path, settings)
    tampered = PDF.replace(b"trailer", b"TRAILER")
    bad = rewritten(bundle, tmp_path / "bad.zip", {PDF_MEMBER: tampered})
    _, err = import_command(bad)
    assert err == (
        f"bad.zip: the content of {PDF_MEMBER} does not match its SHA-256; the bundle is "
        "damaged. Nothing was imported from it.\n"
    )
    assert_nothing_stored(settings, private_temp)


def test_a_truncated_zip_is_called_damaged(
    tmp_path: Path, settings: Any, private_temp: Path
) -> None:
    bundle = exported(tmp_path, settings)
    cut = tmp_path / "cut.zip"
    cut.write_bytes(bundle.read_bytes()[: bundle.stat().st_size // 2])
    _, err = import_command(cut)
    assert err.startswith("cut.zip: a damaged zip file (")
    assert err.count("Nothing was imported") == 1
    assert_nothing_stored(settings, private_temp)


def test_a_zip_bomb_is_refused_unread(tmp_path: Path, settings: Any, private_temp: Path) -> None:
    bundle = exported(tmp_path, settings)
    bomb = rewritten(bundle, tmp_path / "bomb.zip", {"library.jsonl": b" " * (64 << 20)})
    _, err = import_command(bomb)
    assert "library.jsonl would expand" in err and "zip bomb" in err
    assert_nothing_stored(settings, private_temp)


@pytest.mark.parametrize(
    "name",
    ["../../evil.pdf", "/etc/evil.pdf", f"files/{PDF_SHA}/../../../evil.pdf", "files/x/a.pdf"],
)
def test_a_member_named_outside_the_export_layout_is_refused(
    tmp_path: Path, settings: Any, private_temp: Path, name: str
) -> None:
    bundle = exported(tmp_path, settings)
    hostile = tmp_path / "hostile.zip"
    with zipfile.ZipFile(bundle) as old, zipfile.ZipFile(hostile, "w") as new:
        for info in old.infolist():
            new.writestr(info, old.read(info.filename))
        info = zipfile.ZipInfo("placeholder")
        info.filename = name  # ZipInfo would drop the leading slash; a hostile tool keeps it
        new.writestr(info, PDF)
    _, err = import_command(hostile)
    assert f"it holds {name!r}, a name an export never writes" in err
    assert_nothing_stored(settings, private_temp)
    assert not (tmp_path.parent / "evil.pdf").exists()


def test_a_file_left_out_of_the_sums_is_refused(
    tmp_path: Path, settings: Any, private_temp: Path
) -> None:
    bundle = exported(tmp_path, settings)
    bad = rewritten(bundle, tmp_path / "nosums.zip", {"SHA256SUMS": b""})
    _, err = import_command(bad)
    assert f"{PDF_MEMBER} is not listed in SHA256SUMS under its hash" in err
    assert_nothing_stored(settings, private_temp)
