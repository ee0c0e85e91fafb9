"""Beheer: the selectielijst categories the archive package is kept under (reference data, with its source), and the
frozen versions with their archive packages."""

from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from .models import ArchiveCategory, DossierVersion


@admin.register(ArchiveCategory)
class ArchiveCategoryAdmin(SimpleHistoryAdmin):
    list_display = ["code", "label", "waardering", "bewaartermijn_years", "selectielijst"]
    list_filter = ["selectielijst", "waardering"]
    search_fields = ["key", "code", "label", "selectielijst"]
    prepopulated_fields = {"key": ["selectielijst", "code"]}


@admin.register(DossierVersion)
class DossierVersionAdmin(admin.ModelAdmin):
    """Beheer reads every dossier's frozen versions (it is no member, so not through the dossier's pages) and takes
    each one's archive package from here; a version is never added, changed or deleted."""

    list_display = ["dossier", "number", "status", "frozen_at", "short_hash", "archive_package"]
    list_filter = ["status", "dossier"]
    fields = ["dossier", "number", "status", "note", "frozen_by", "frozen_at", "sha256", "archive_package"]
    readonly_fields = fields
    list_select_related = ["dossier"]

    def get_queryset(self, request):
        return super().get_queryset(request).defer("snapshot")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description=_("archive package"))
    def archive_package(self, version):
        url = reverse("dossier:version-archive", args=[version.dossier.slug, version.number])
        return format_html('<a href="{}">{}</a>', url, _("Download (ZIP)"))
