"""The werkgroep's answers to what the apps below it announce: a new frozen version (its route, outdated advice) and
a dossier's folder being loaded (the gemeente's route templates)."""

from django.db.models.signals import post_save
from django.dispatch import receiver

from documents.models import DossierVersion
from dossier.models import Dossier
from dossier.signals import dossier_folder_loaded

from .loading import route_templates_load
from .route import route_submit
from .staleness import advice_outdate


@receiver(post_save, sender=DossierVersion)
def version_frozen(sender, *, instance, created, raw=False, **kwargs) -> None:
    """A version submitted ter advisering runs the dossier's route; any new version may outdate given advice. In the
    freeze's transaction: a rolled back freeze leaves neither. Not for rows an import or fixture writes (`raw`)."""
    if not created or raw:
        return
    if instance.status == DossierVersion.Status.TER_ADVISERING:
        route_submit(version=instance)
    advice_outdate(version=instance)


@receiver(dossier_folder_loaded, sender=Dossier)
def load_route_templates(sender, *, dossier, folder, **kwargs) -> str | None:
    added = route_templates_load(gemeente=dossier.gemeente, folder=folder)
    return f"Route-sjablonen: {added} geladen." if added else None
