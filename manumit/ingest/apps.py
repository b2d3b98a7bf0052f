from django.apps import AppConfig


class IngestConfig(AppConfig):
    name = "manumit.ingest"
    verbose_name = "Document ingestion"

    def ready(self) -> None:
        from django.db.models.signals import post_delete

        from manumit.catalog import hooks
        from manumit.catalog.signals import forget_deleted_thumbnail
        from manumit.ingest.admin.hooks import after_resource_save, change_page_context
        from manumit.ingest.admin.views import resource_urls
        from manumit.ingest.merging import move_jobs, move_jobs_back
        from manumit.ingest.models import DocumentText

        post_delete.connect(forget_deleted_thumbnail, sender=DocumentText)
        # The resource admin's ingestion views, its panel, and a job per uploaded file.
        hooks.register(hooks.ADMIN_RESOURCE_URLS, resource_urls)
        hooks.register(hooks.ADMIN_RESOURCE_CHANGE_CONTEXT, change_page_context)
        hooks.register(hooks.ADMIN_RESOURCE_AFTER_SAVE, after_resource_save)
        # A merge moves files between resources; their jobs go with them.
        hooks.register(hooks.RESOURCE_MERGED, move_jobs)
        hooks.register(hooks.RESOURCE_UNMERGED, move_jobs_back)
