"""The admin speaks with the site's name, not Django's."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

admin.site.site_header = _("Mock Interview admin")
admin.site.site_title = _("Mock Interview admin")
admin.site.index_title = _("Administration")
