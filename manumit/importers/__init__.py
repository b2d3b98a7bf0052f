"""Importers: records from other systems (WordPress, spreadsheets, reference managers)
become catalogue resources through one writer.

    from manumit.importers import registry, ImportOptions, Source, import_file
    report = import_file(registry.get("wordpress"), Source(path), ImportOptions(dry_run=True))

A format is a module with `FORMAT = ImportFormat(name, label, read)`, where `read(source)`
yields `Record`s and `Problem`s (`records.py`); `registry.BUILTIN` names the built-in ones.
"""
