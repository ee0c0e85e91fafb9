from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WerkgroepConfig(AppConfig):
    """The ambtelijke werkgroep's work on a dossier: threads anchored to its elements, advice, the advice and paraaf
    route and notifications."""

    name = "werkgroep"
    verbose_name = _("Werkgroep")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from documents import selectors, versioning

        from . import receivers  # noqa: F401  (a frozen version's route and outdated advice; route templates)
        from .models import Advice, RouteStep
        from .route import college_check
        from .snapshot import read_part, snapshot_part

        versioning.register_snapshot_part(
            "werkgroep",
            versioning.SnapshotPart(
                build=snapshot_part, label_models={"advice": Advice, "route_step": RouteStep}, read=read_part
            ),
        )
        selectors.register_college_check(college_check)
