from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "manumit.search"
    verbose_name = "Search"

    def ready(self) -> None:
        from manumit.search import signals

        signals.connect()
