from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "manumit.search"
    verbose_name = "Search"
