from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "manumit.search"
    verbose_name = "Search"

    def ready(self) -> None:
        from manumit.catalog import hooks
        from manumit.search import signals
        from manumit.search.curators import admin_search
        from manumit.search.listing import search_within_box

        signals.connect()
        hooks.register(hooks.ADMIN_RESOURCE_SEARCH, admin_search)
        hooks.register(hooks.LISTING_CONTEXT, search_within_box)
