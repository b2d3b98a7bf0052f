from manumit.catalog.formats import with_formats
from manumit.search import views

app_name = "search"

urlpatterns = [
    # /search/ and /search.<format>: `.json`, and every registered listing format.
    *with_formats("search", views.search_page, name="page"),
]
