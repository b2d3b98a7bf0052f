from django.apps import AppConfig


class CatalogConfig(AppConfig):
    name = "manumit.catalog"
    verbose_name = "Library catalogue"

    def ready(self) -> None:
        from django.db.models.signals import post_delete, pre_save

        from manumit.catalog import changes, signals
        from manumit.catalog.formats import twins
        from manumit.catalog.models import Attachment

        pre_save.connect(signals.forget_replaced_file, sender=Attachment)
        post_delete.connect(signals.forget_deleted_file, sender=Attachment)
        changes.connect()  # resources_changed, for search and the OAI log
        twins.plug_in()  # the `.json` twins, the first formats of the registry
