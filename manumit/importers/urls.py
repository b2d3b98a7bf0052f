"""Included by manumit/urls.py under admin/import/, before the admin's own addresses."""

from django.urls import path

from manumit.importers import admin_views, views

app_name = "importers"
urlpatterns = [
    path("", admin_views.new, name="new"),
    path("jobs/", admin_views.job_list, name="jobs"),
    path("<int:job_id>/", admin_views.job_page, name="job"),
    path("<int:job_id>/confirm/", admin_views.confirm, name="confirm"),
    path("<int:job_id>/report.csv", admin_views.report, name="report"),
    path("template.csv", views.csv_template, name="csv-template"),
]
