from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = _("Accounts and security")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # Connect the receivers of their signals: the audit log's, the roles' audit, the throttles' and MFA's.
        from . import audit, mfa, roles, throttle  # noqa: F401
