"""The search index in a backup: a restore uses the copy and catches it up from the outbox,
or rebuilds when the copy cannot be trusted. Real processes, as an operator runs them; on
PostgreSQL (EXPECT_DB_VENDOR=postgresql) through pg_dump and pg_restore."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from manumit.site.tests.test_backup import database_urls, python

__all__ = ["database_urls"]  # the fixture, used by name

# Writes land between the index copy and the database snapshot through backup()'s
# `before_snapshot`, so "created after the copy, before the snapshot" is not left to timing.
LIBRARY = """
import django
django.setup()
from pathlib import Path
from django.core.management import call_command
call_command("migrate", verbosity=0, interactive=False)
from manumit.catalog.models import Resource
from manumit.search import catch_up, reindex
from manumit.search.models import OutboxEntry
from manumit.site.backup import backup
for word in ("kilns", "cotton", "fishing"):
    Resource.objects.create(title=f"Forced labour in {word}", slug=word, status="published")
reindex()
Resource.objects.create(title="Bonded labour in quarries", slug="quarries", status="published")
catch_up()

def between():
    Resource.objects.create(title="Domestic servitude abroad", slug="servitude",
                            status="published")
    Resource.objects.filter(slug="cotton").delete()
    if PRUNE:  # as prune() would, had every replica passed them: only the newest is kept
        newest = OutboxEntry.objects.order_by("-id").first()
        OutboxEntry.objects.filter(id__lt=newest.id).delete()

print(backup(Path(BACKUP), before_snapshot=between).index)
"""

LOOK = """
import io
import json
import django
django.setup()
from django.core.management import call_command
out = io.StringIO()
call_command("restore", BACKUP, stdout=out)
from manumit.search import SearchQuery, reindex, search
QUERIES = ("servitude", "labour", "cotton", "kilns OR quarries")

def results():
    return {q: sorted(hit.resource.slug for hit in search(SearchQuery(text=q)).hits)
            for q in QUERIES}

restored = results()
reindex()
print(json.dumps({"said": out.getvalue(), "restored": restored, "rebuilt": results()}))
"""

EXPECTED = {
    "servitude": ["servitude"],  # created after the index copy, before the snapshot
    "labour": ["fishing", "kilns", "quarries"],
    "cotton": [],  # deleted after the copy: the copy still held it
    "kilns OR quarries": ["kilns", "quarries"],
}


def back_up_and_restore(
    tmp_path: Path, urls: tuple[str, str], prune: bool = False, damage: bool = False
) -> tuple[str, dict[str, object]]:
    source, target = tmp_path / "old" / "var", tmp_path / "new" / "var"
    source.mkdir(parents=True)
    target.mkdir(parents=True)
    backup = tmp_path / "backup"
    made = python(f"PRUNE = {prune}\n{LIBRARY}", source, urls[0], backup)
    assert "with the search index" in made
    if damage:  # a torn segment file: same name, other bytes
        segment = next((backup / "index" / "resources").glob("*.idx"))
        segment.write_bytes(b"\0" * 64)
    restored = json.loads(python(LOOK, target, urls[1], backup).strip().splitlines()[-1])
    return made, restored


def test_a_restore_uses_the_copied_index_and_applies_the_outbox_since(
    tmp_path: Path, database_urls: tuple[str, str]
) -> None:
    _, restored = back_up_and_restore(tmp_path, database_urls)
    manifest = json.loads((tmp_path / "backup" / "manifest.json").read_text())
    assert manifest["index"]["position"] > 0
    said = str(restored["said"])
    assert "the search index is restored from the backup" in said
    assert "0 outbox entries applied" not in said  # the writes after the copy were applied
    assert restored["restored"] == EXPECTED
    assert restored["rebuilt"] == EXPECTED  # the same as an index built from the database


@pytest.mark.parametrize(
    ("prune", "damage", "reason"),
    [
        (True, False, "were pruned"),
        (False, True, "missing files or damaged"),
    ],
    ids=["pruned-outbox", "corrupt-copy"],
)
def test_a_restore_rebuilds_when_the_copy_cannot_be_caught_up(
    tmp_path: Path, database_urls: tuple[str, str], prune: bool, damage: bool, reason: str
) -> None:
    _, restored = back_up_and_restore(tmp_path, database_urls, prune=prune, damage=damage)
    said = str(restored["said"])
    assert "the search index is rebuilt" in said
    assert reason in said
    assert restored["restored"] == EXPECTED
