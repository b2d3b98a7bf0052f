from django.urls import path
from django.views.generic import RedirectView

from manumit.site import views

urlpatterns = [
    path("robots.txt", views.robots_txt, name="robots"),
    path("healthz", views.healthz, name="healthz"),
    # Browsers ask for /favicon.ico whatever the page says; send them to the real icon.
    path("favicon.ico", RedirectView.as_view(url="/static/manumit/favicon.svg", permanent=True)),
]
