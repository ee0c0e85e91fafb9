from django.contrib import admin

from .models import AuditEvent


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    """Beheer reads the security events; nobody writes, changes or removes one here."""

    list_display = ("at", "action", "actor_name", "address")
    list_filter = ("action",)
    search_fields = ("actor_name", "address", "action")
    date_hierarchy = "at"
    readonly_fields = ("at", "action", "actor", "actor_name", "address", "details")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
