"""Beheer: site staff manage dossiers and who takes part in them; content is edited in the app itself."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Dossier, Membership


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 1
    autocomplete_fields = ["user"]


@admin.register(Dossier)
class DossierAdmin(SimpleHistoryAdmin):
    list_display = ["slug", "gemeente", "title", "status", "dvo_end"]
    search_fields = ["slug", "gemeente", "title", "zaaknummer"]
    prepopulated_fields = {"slug": ["gemeente"]}
    inlines = [MembershipInline]
    fieldsets = [
        (None, {"fields": ["slug", "gemeente", "title", "zaaknummer", "status"]}),
        ("DVO", {"fields": ["dvo_provider", "dvo_end", "dvo_notice_deadline", "dvo_renewal_years"]}),
    ]


@admin.register(Membership)
class MembershipAdmin(SimpleHistoryAdmin):
    list_display = ["user", "dossier", "role", "discipline"]
    list_filter = ["dossier", "role", "discipline"]
    search_fields = ["user__username", "user__first_name", "user__last_name"]
    autocomplete_fields = ["user"]
