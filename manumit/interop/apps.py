from django.apps import AppConfig


class InteropConfig(AppConfig):
    name = "manumit.interop"
    label = "interop"
    verbose_name = "Open interfaces"

    def ready(self) -> None:
        # Each interface registers its hooks and formats; the catalogue never imports us.
        from manumit.interop import citations, feeds, metadata, oai

        for interface in (oai, feeds, citations, metadata):
            plug_in = getattr(interface, "plug_in", None)
            if plug_in is not None:
                plug_in()
