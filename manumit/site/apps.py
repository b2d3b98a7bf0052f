from django.apps import AppConfig


class SiteConfig(AppConfig):
    name = "manumit.site"
    label = "site"
    verbose_name = "Site"

    def ready(self) -> None:
        # The page cache's version follows every catalogue change (versioning.py).
        from manumit.site import versioning

        versioning.connect()
