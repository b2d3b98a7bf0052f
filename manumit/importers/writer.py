"""The one writer: records of one file become resources, all or nothing.

    report = import_file(registry.get("csv"), Source(path), ImportOptions(dry_run=True))

The whole file is written in one transaction. It is rolled back when the run is a dry run,
when the file as a whole is unreadable (`BadFile`), or when any record has an error and
`skip_invalid` is off; so a file imports entirely or not at all, and an interrupted import
(even `kill -9`) leaves nothing behind to duplicate: running it again imports each record
once. A dry run does every write and then undoes it, so its report is exactly what the
real run would do.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from contextvars import ContextVar
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction

from manumit.catalog import changes, workflow
from manumit.catalog.models import Resource, Status
from manumit.importers import apply
from manumit.importers.apply import Context, RecordError
from manumit.importers.attaching import Attacher
from manumit.importers.matching import existing
from manumit.importers.records import BadFile, Problem, Record, Severity
from manumit.importers.registry import ImportFormat, Source
from manumit.importers.vocabularies import Vocabularies
from manumit.ingest.duplicates import TitleIndex, find_near_duplicates


class Action(StrEnum):
    CREATE = "create"
    UPDATE = "update"
    UNCHANGED = "unchanged"  # --update, and nothing differed
    SKIP = "skip"  # already in the library (no --update), or not a resource (a page)
    ERROR = "error"
    WARNING = "warning"  # a problem of the file, not of one record
    NOTE = "note"  # what the file holds, as its reader counted it


@dataclass
class ImportOptions:
    dry_run: bool = False
    update: bool = False
    status: str = ""  # every new resource's status; "" keeps the source's (else draft)
    skip_invalid: bool = False
    fetch_files: bool = False
    fetch_public_only: bool = False  # refuse private and local addresses (an admin import)
    may_publish: bool = True  # False: whatever would be published becomes a draft
    user: Any = None  # created_by of new resources (when the old creator has no account)
    keep_rows: bool = True  # False: rows only reach on_row (a huge file's report)


@dataclass(frozen=True)
class Row:
    """One line of the report."""

    file: str
    location: str
    action: Action
    title: str = ""
    resource_id: int | None = None
    message: str = ""


@dataclass
class Progress:
    records: int
    bytes_read: int
    bytes_total: int


@dataclass
class FileReport:
    file: str
    format: str
    rows: list[Row] = field(default_factory=list)
    counts: Counter[str] = field(default_factory=Counter)
    imported: bool = False  # the transaction was kept
    message: str = ""  # why nothing was imported, or ""
    dry_run: bool = False

    @property
    def errors(self) -> int:
        return self.counts[Action.ERROR]


RowHook = Callable[[Row], None]
ProgressHook = Callable[[Progress], None]

# What runs once at the end of the import's transaction, still inside it (None: no import).
_at_end: ContextVar[list[Callable[[], None]] | None] = ContextVar("import_at_end", default=None)


def once_at_end(action: Callable[[], None]) -> bool:
    """For a higher layer's model-signal receiver whose work one run per transaction does
    as well as one per row (the page cache's version bump): during an import, `action` runs
    once, at the end of the import's transaction and inside it, so it commits or rolls back
    with the import. False (nothing deferred) outside an import."""
    pending = _at_end.get()
    if pending is None:
        return False
    if action not in pending:
        pending.append(action)
    return True


def import_file(
    format: ImportFormat,
    source: Source,
    options: ImportOptions,
    *,
    on_row: RowHook | None = None,
    on_progress: ProgressHook | None = None,
) -> FileReport:
    """Read `source` as `format` and write its records (see the module's docstring)."""
    report = FileReport(source.name, format.name, dry_run=options.dry_run)

    def add(row: Row) -> None:
        report.counts[row.action] += 1
        if options.keep_rows:
            report.rows.append(row)
        if on_row is not None:
            on_row(row)

    attacher = Attacher(
        options.fetch_files, source.folder, options.dry_run, options.fetch_public_only
    )
    total = max(source.size * format.passes, 1)
    try:
        with transaction.atomic():
            deferred = _at_end.set([])
            try:
                if "prepare" in format.extra:  # vocabulary the file declares, first
                    format.extra["prepare"](source)
                writer = _Writer(source, options, attacher, format.name)
                # One resources_changed for the whole file (search outbox, OAI log).
                with changes.deferred():
                    for number, item in enumerate(format.read(source), start=1):
                        add(writer.take(item))
                        if on_progress is not None:
                            on_progress(Progress(number, source.consumed, total))
                for action in _at_end.get() or []:
                    action()
            finally:
                _at_end.reset(deferred)
            keep = not options.dry_run and (options.skip_invalid or report.errors == 0)
            if not keep:
                transaction.set_rollback(True)
    except BadFile as bad:
        report.message = f"{source.name}: {bad.message} Nothing was imported from it."
        keep = False
    except OSError as error:
        report.message = f"{source.name}: cannot be read ({error.strerror or error})."
        keep = False
    if not keep:
        attacher.discard()
        if not report.message and report.errors and not options.dry_run:
            report.message = (
                f"{source.name}: {report.errors} record(s) have errors, so nothing was "
                "imported from it (fix them, or run again with --skip-invalid)."
            )
    report.imported = keep
    return report


class _Writer:
    def __init__(
        self, source: Source, options: ImportOptions, attacher: Attacher, format_name: str
    ) -> None:
        self.source, self.options, self.attacher = source, options, attacher
        self.format_name = format_name
        self.context = Context(source.mapping, Vocabularies.load())
        self.accounts: dict[str, Any] = {}
        self.titles = TitleIndex()  # the library's titles, read once for the whole file

    def take(self, item: Record | Problem) -> Row:
        return self.write(item) if isinstance(item, Record) else self.problem(item)

    def problem(self, problem: Problem) -> Row:
        action = {
            Severity.ERROR: Action.ERROR,
            Severity.WARNING: Action.WARNING,
            Severity.SKIPPED: Action.SKIP,
            Severity.NOTE: Action.NOTE,
        }[problem.severity]
        return Row(self.source.name, problem.location, action, problem.title, None, problem.message)

    def write(self, record: Record) -> Row:
        warnings = list(record.warnings)
        try:
            with changes.deferred(), transaction.atomic():
                action, resource, detail = self._write(record, warnings)
        except RecordError as error:
            where = record.location
            return Row(self.source.name, where, Action.ERROR, record.title, None, str(error))
        if action in (Action.CREATE, Action.UPDATE):
            self.titles.add(resource.pk, resource.title)
        message = "; ".join(part for part in [detail, *warnings] if part)
        return Row(self.source.name, record.location, action, resource.title, resource.pk, message)

    def _write(self, record: Record, warnings: list[str]) -> tuple[Action, Resource, str]:
        scheme = record.id_scheme or self.format_name
        values = apply.scalar_fields(record, warnings)
        resource, found_by = existing(record, scheme)
        if resource is not None and not self.options.update:
            apply.remember_identifier(resource, record, scheme)
            return Action.SKIP, resource, f"Already in the library (found by {found_by})."
        if resource is None:
            status = self._status(record, warnings)
            resource = apply.create(record, values, status=status, user=self._creator(record))
            changed = ["new"]
        else:
            changed = apply.update(resource, record, values)
        replace = "new" not in changed
        changed += apply.set_terms(resource, record, self.context, warnings, replace=replace)
        changed += apply.set_credits(resource, record, self.context, replace=replace)
        if not replace:
            apply.announce(resource)
        apply.remember_old_addresses(resource, record, warnings)
        apply.remember_identifier(resource, record, scheme, unknown="new" in changed)
        if any([self.attacher.attach(resource, ref, warnings) for ref in record.files]):
            changed.append("attachments")
        if "new" in changed:
            warnings.extend(_near_duplicates(resource, self.titles))
            return Action.CREATE, resource, ""
        if changed:
            return Action.UPDATE, resource, f"Changed: {', '.join(changed)} (found by {found_by})."
        return Action.UNCHANGED, resource, f"Nothing changed (found by {found_by})."

    def _status(self, record: Record, warnings: list[str]) -> str:
        status = self.options.status or record.status or Status.DRAFT
        if status in workflow.PUBLISHER_STATUSES and not self.options.may_publish:
            warnings.append(f"Imported as a draft: only publishers may import as {status}.")
            return Status.DRAFT
        return status

    def _creator(self, record: Record) -> Any:
        """The account of the record's old creator when one has that user name, else the
        importing user: who entered it then, or who brought it in now."""
        if record.creator:
            if record.creator not in self.accounts:
                users = get_user_model().objects.filter(username=record.creator)
                self.accounts[record.creator] = users.first()
            if self.accounts[record.creator] is not None:
                return self.accounts[record.creator]
        return self.options.user


def _near_duplicates(resource: Resource, titles: TitleIndex) -> list[str]:
    """The near-duplicate warnings ingestion gives, for a resource just written."""
    found = find_near_duplicates(resource.title, "", exclude_resource_id=resource.pk, titles=titles)
    return [
        f"Possible duplicate of #{match.resource.pk} '{match.resource.title}': {match.reason}"
        for match in found
    ]
