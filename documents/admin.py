"""Beheer: the selectielijst categories the archive package is kept under (reference data, with its source)."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import ArchiveCategory


@admin.register(ArchiveCategory)
class ArchiveCategoryAdmin(SimpleHistoryAdmin):
    list_display = ["code", "label", "waardering", "bewaartermijn_years", "selectielijst"]
    list_filter = ["selectielijst", "waardering"]
    search_fields = ["key", "code", "label", "selectielijst"]
    prepopulated_fields = {"key": ["selectielijst", "code"]}
