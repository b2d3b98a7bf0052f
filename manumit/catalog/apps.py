from django.apps import AppConfig


class CatalogConfig(AppConfig):
    name = "manumit.catalog"
    verbose_name = "Library catalogue"
