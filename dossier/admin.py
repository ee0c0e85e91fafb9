"""Beheer: site staff manage dossiers and who takes part in them; content is edited in the app itself."""

from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from simple_history.admin import SimpleHistoryAdmin

from finance.fields import dutch_number_fields

from .loading import dossier_add_standard_structure
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
    actions = ["add_standard_structure"]
    fieldsets = [
        (None, {"fields": ["slug", "gemeente", "title", "zaaknummer", "status"]}),
        ("DVO", {"fields": ["dvo_provider", "dvo_end", "dvo_notice_deadline", "dvo_renewal_years"]}),
    ]

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        # Numbers are typed the Dutch way here too (a number input loses the decimal comma in the browser).
        field = super().formfield_for_dbfield(db_field, request, **kwargs)
        if field is not None:
            fields = {db_field.name: field}
            dutch_number_fields(fields)
            field = fields[db_field.name]
        return field

    def save_model(self, request, obj, form, change):
        # An edit here must also invalidate forms opened in the app (optimistic locking).
        if change:
            obj.version += 1
        super().save_model(request, obj, form, change)
        if not change:  # a new gemeente's dossier starts from the template
            added = dossier_add_standard_structure(dossier=obj, user=request.user)
            message = ngettext(
                "The standard structure has been added (%(n)d element).",
                "The standard structure has been added (%(n)d elements).",
                added,
            ) % {"n": added}
            self.message_user(request, message, messages.SUCCESS)

    @admin.action(description=_("Add the standard structure (research areas, functions, deelproducten)"))
    def add_standard_structure(self, request, queryset):
        added = sum(dossier_add_standard_structure(dossier=d, user=request.user) for d in queryset)
        message = ngettext("%(n)d element added.", "%(n)d elements added.", added) % {"n": added}
        self.message_user(request, message, messages.SUCCESS)


@admin.register(Membership)
class MembershipAdmin(SimpleHistoryAdmin):
    list_display = ["user", "dossier", "role", "discipline"]
    list_filter = ["dossier", "role", "discipline"]
    search_fields = ["user__username", "user__first_name", "user__last_name"]
    autocomplete_fields = ["user"]
