"""Included by manumit/urls.py under admin/import/, before the admin's own addresses."""

from django.urls import path

from manumit.importers import views

app_name = "importers"
urlpatterns = [
    path("template.csv", views.csv_template, name="csv-template"),
]
