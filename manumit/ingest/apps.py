from django.apps import AppConfig


class IngestConfig(AppConfig):
    name = "manumit.ingest"
    verbose_name = "Document ingestion"
