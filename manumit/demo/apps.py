from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "manumit.demo"
    label = "demo"
    verbose_name = "Demo library"
