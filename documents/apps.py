from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DocumentsConfig(AppConfig):
    """The collegevoorstel and its bijlagen: the proposal's texts, frozen versions with their snapshot, the
    documents' view-models and their rendering (HTML, PDF/A by the task worker)."""

    name = "documents"
    verbose_name = _("Documents")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from dossier import transfer

        from . import receivers  # noqa: F401  (the scenario a loaded fixture proposes)
        from .kinds import register_kinds
        from .versioning import import_checks, import_marks

        register_kinds()
        for label, check in import_checks().items():
            transfer.register_row_check(label, check)
        for label, mark in import_marks().items():
            transfer.register_import_mark(label, mark)
