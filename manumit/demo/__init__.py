"""The demo library: about fifty real resources of the anti-slavery field, for a first run.

`manumit demo` loads it (see management/commands/demo.py); `make run` does so on an empty
database. The facts live in library.jsonl (the project's own export format, loaded through the
importer as a library moving in would be); the descriptions there are the curators' own.
It is an app of its own, near the top of the house, because it fills every floor: the
catalogue's records, then the text of their documents as ingestion reads it.

Nothing is imported here: Django imports this package while it is still loading apps.
"""
