from django.apps import AppConfig


class ImportersConfig(AppConfig):
    name = "manumit.importers"
    label = "importers"
    verbose_name = "Importers"

    def ready(self) -> None:
        from manumit.catalog import hooks
        from manumit.importers.merging import move_identifiers, move_identifiers_back

        # A merged duplicate's source identifiers go to the winner: re-imports stay idempotent.
        hooks.register(hooks.RESOURCE_MERGED, move_identifiers)
        hooks.register(hooks.RESOURCE_UNMERGED, move_identifiers_back)
