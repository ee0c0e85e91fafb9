from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = _("Accounts and security")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import audit  # noqa: F401  (connects the receivers of the authentication signals)
        from . import mfa  # noqa: F401  (remembers at log-in whether the user enrolled for MFA)
