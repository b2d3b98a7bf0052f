from django.apps import AppConfig


class IngestConfig(AppConfig):
    name = "manumit.ingest"
    verbose_name = "Document ingestion"

    def ready(self) -> None:
        from django.db.models.signals import post_delete

        from manumit.catalog.signals import forget_deleted_thumbnail
        from manumit.ingest.models import DocumentText

        post_delete.connect(forget_deleted_thumbnail, sender=DocumentText)
