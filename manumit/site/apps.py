from django.apps import AppConfig


class SiteConfig(AppConfig):
    name = "manumit.site"
    label = "site"
    verbose_name = "Site"
