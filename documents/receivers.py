"""The documents' answers to what the apps below them announce."""

from django.dispatch import receiver

from dossier import services
from dossier.loading import REASON
from dossier.models import Dossier
from dossier.signals import dossier_folder_loaded
from scenarios.models import Scenario
from scenarios.signals import scenario_proposed

from .loading import documents_load
from .models import Proposal


@receiver(dossier_folder_loaded, sender=Dossier)
def load_documents(sender, *, dossier, folder, **kwargs) -> str | None:
    """The proposal's texts and the reactie's points from the dossier's folder (what the dossier lacks)."""
    added = documents_load(dossier=dossier, folder=folder)
    return f"Voorstelteksten en evaluatiepunten: {added} onderdelen geladen." if added else None


@receiver(scenario_proposed, sender=Scenario)
def propose(sender, *, dossier, scenario, **kwargs) -> None:
    """The scenario a loaded file proposes, set on the dossier's collegevoorstel when it has none yet; a choice
    already made is left alone. Through the dossier's services, so the history records it as loaded."""
    proposal = Proposal.objects.filter(dossier=dossier, chosen_scenario__isnull=True).first()
    if proposal is not None:
        services.content_update(
            instance=proposal, data={"chosen_scenario": scenario}, user=None, expected_version=None, reason=REASON
        )
