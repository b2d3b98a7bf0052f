from django.urls import path

from manumit.interop.oai.views import endpoint

app_name = "oai"
urlpatterns = [path("oai", endpoint, name="endpoint")]
