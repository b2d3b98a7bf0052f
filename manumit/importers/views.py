"""The importers' pages in the admin: for now, the CSV template to fill in."""

from __future__ import annotations

from django.contrib.admin.views.decorators import staff_member_required
from django.contrib.auth.decorators import permission_required
from django.http import HttpRequest, HttpResponse

from manumit.importers.formats.csv import template


@staff_member_required
@permission_required("catalog.add_resource", raise_exception=True)
def csv_template(request: HttpRequest) -> HttpResponse:
    """The header row and an example row of the `csv` import format, as a download."""
    response = HttpResponse(template(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="manumit-import-template.csv"'
    return response
