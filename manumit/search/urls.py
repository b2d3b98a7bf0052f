from django.urls import path

from manumit.search import views

app_name = "search"

urlpatterns = [
    path("search/", views.search_page, name="page"),
    path("search.json", views.search_page, name="json"),
]
