from django.apps import AppConfig


class ImportersConfig(AppConfig):
    name = "manumit.importers"
    label = "importers"
    verbose_name = "Importers"
