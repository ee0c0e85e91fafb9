from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = _("Accounts and security")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # Connect the receivers of the authentication signals: the audit log's, and MFA's (whether the user enrolled).
        from . import audit, mfa  # noqa: F401
