"""The curators' admin: resources with their inlines, and the vocabularies around them.

Django's admin autodiscovery imports this package; importing the modules registers them.
"""

from django.conf import settings
from django.contrib import admin

from manumit.catalog.admin import resources, revisions, vocabularies

admin.site.site_header = f"{settings.SITE_NAME} curators"
admin.site.site_title = f"{settings.SITE_NAME} curators"
admin.site.index_title = "Curate the library"
# The list and form need the width more than a second copy of the app menu.
admin.site.enable_nav_sidebar = False

__all__ = ["resources", "revisions", "vocabularies"]
