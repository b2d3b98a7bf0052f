from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "manumit.api"
    label = "api"
    verbose_name = "JSON API"
