"""Step 3: what the text suggests for the resource's fields (see `manumit.ingest.suggest`).

Only proposals are made here; they are stored with the rest by the save step, so a dry
run can show them without writing anything."""

from __future__ import annotations

from pathlib import PurePath

from manumit.ingest.pipeline.document import Document


def suggest(document: Document) -> None:
    from manumit.ingest.suggest import propose

    document.proposals = propose(
        document.pages, document.metadata, file_name=document.name, language=document.language
    )


def title_for(document: Document) -> str:
    """The suggested title, else one made from the file name ("Human_Trafficking.pdf" gives
    "Human Trafficking")."""
    for proposal in document.proposals:
        if proposal.field == "title" and isinstance(proposal.value, str) and proposal.value:
            return proposal.value.strip()[:500]
    return file_name_title(document.name)


def file_name_title(name: str) -> str:
    stem = PurePath(name).stem.replace("_", " ").replace("-", " ")
    return " ".join(stem.split())[:500] or "Untitled document"
