"""The backup's file copy on its own, with a media folder: out and back in under the same
names, writes in progress left out, and a backup that was tampered with refused."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage

from manumit.site import backup_files


def storage(folder: Path) -> FileSystemStorage:
    return FileSystemStorage(location=folder)


def test_files_go_out_and_back_under_their_own_names(tmp_path: Path) -> None:
    old, new, media = storage(tmp_path / "old"), storage(tmp_path / "new"), tmp_path / "b/media"
    old.save("attachments/7/report.pdf", ContentFile(b"%PDF-1.4 report"))
    old.save("thumbnails/7.webp", ContentFile(b"RIFF thumbnail"))
    old.save("attachments/7/.partial-0123", ContentFile(b"%PDF half writ"))
    names = sorted(backup_files.stored_names(old))
    assert names == ["attachments/7/report.pdf", "thumbnails/7.webp"]

    copied: dict[str, str] = {}
    for name in names:
        digest = backup_files.copy_out(name, media, old)
        assert digest
        copied[name] = digest
    assert copied["attachments/7/report.pdf"] == hashlib.sha256(b"%PDF-1.4 report").hexdigest()
    assert backup_files.copy_out("attachments/7/gone.pdf", media, old) is None
    backup_files.write_checksums(tmp_path / "b", copied)

    checked = backup_files.verify(tmp_path / "b", media)
    assert backup_files.copy_all_in(checked, media, new) == 2
    assert new.open("attachments/7/report.pdf").read() == b"%PDF-1.4 report"
    # Again, beside what is already there: kept, not stored a second time under another name.
    assert backup_files.copy_all_in(checked, media, new) == 2
    assert sorted(backup_files.stored_names(new)) == names


def test_a_changed_file_or_a_name_leaving_the_backup_is_refused(tmp_path: Path) -> None:
    media = tmp_path / "media"
    (media / "a").mkdir(parents=True)
    (media / "a/report.pdf").write_bytes(b"changed since")
    (tmp_path / "media.sha256").write_text(f"{'0' * 64}  a/report.pdf\n")
    with pytest.raises(
        backup_files.DamagedBackup, match=r"a/report\.pdf in the backup is missing or damaged"
    ):
        backup_files.verify(tmp_path, media)
    with pytest.raises(backup_files.DamagedBackup, match="leaves the backup folder"):
        backup_files.inside(media, "../../etc/passwd")


def test_a_first_format_backup_without_digests_restores_its_files(tmp_path: Path) -> None:
    media = tmp_path / "media"
    (media / "attachments").mkdir(parents=True)
    (media / "attachments/old.pdf").write_bytes(b"%PDF-1.4 old")
    assert backup_files.verify(tmp_path, media) == {
        "attachments/old.pdf": hashlib.sha256(b"%PDF-1.4 old").hexdigest()
    }
