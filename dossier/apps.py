from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DossierConfig(AppConfig):
    name = "dossier"
    verbose_name = _("Beslisdossier")

    def ready(self):
        from . import baseline, checks, membership_audit, middleware, services, sqlite  # noqa: F401  (receivers, checks)
