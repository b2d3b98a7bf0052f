"""OAI-PMH 2.0 at /oai (docs/oai.md): a change log kept by signals, a format registry."""


def plug_in() -> None:
    from django.db.models.signals import post_migrate

    from manumit.interop.oai import formats, signals
    from manumit.interop.oai.changelog import fill_after_migrate

    formats.load()
    signals.connect()
    post_migrate.connect(fill_after_migrate, dispatch_uid="manumit.interop.oai.backfill")
