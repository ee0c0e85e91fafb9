from django.contrib import admin
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from . import audit
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


# django-otp's own admins show a TOTP key and the backup codes and let beheer make a device for someone: replaced by
# a view of who enrolled, where beheer only removes a device (a lost phone: its owner enrols again at the next log-in).
for _model in (TOTPDevice, StaticDevice):
    if admin.site.is_registered(_model):
        admin.site.unregister(_model)


class DeviceAdmin(admin.ModelAdmin):
    list_display = ("user", "name", "confirmed", "created_at", "last_used_at")
    list_filter = ("confirmed",)
    search_fields = ("user__username", "user__first_name", "user__last_name")
    fields = ("user", "name", "confirmed", "created_at", "last_used_at", "throttling_failure_count")
    readonly_fields = fields

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def delete_model(self, request, obj):
        audit.event("mfa device removed", request=request, subject=obj.user.get_username(), kind=obj._meta.model_name)
        super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        for obj in queryset.select_related("user"):
            audit.event(
                "mfa device removed", request=request, subject=obj.user.get_username(), kind=obj._meta.model_name
            )
        super().delete_queryset(request, queryset)


admin.site.register(TOTPDevice, DeviceAdmin)
admin.site.register(StaticDevice, DeviceAdmin)
