from django.urls import include, path

urlpatterns = [
    path("", include("manumit.interop.oai.urls")),
    path("", include("manumit.interop.feeds.urls")),
    path("", include("manumit.interop.citations.urls")),
]
