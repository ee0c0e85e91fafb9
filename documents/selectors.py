"""Reads of the documents: where the beslisdocument stands, whether the proposal names a scenario."""

from dataclasses import dataclass

from dossier.models import Dossier, Membership, Role

from .models import DossierVersion, Proposal


@dataclass(frozen=True)
class DecisionStatus:
    latest: DossierVersion | None  # the newest frozen version of the beslisdocument, if any
    preparers: list[str]  # the names of the dossier's kwartiermakers, who prepare it


def decision_status(*, dossier: Dossier) -> DecisionStatus:
    """Where the beslisdocument stands and who prepares it, for the overview every role lands on."""
    latest = DossierVersion.objects.filter(dossier=dossier).select_related("frozen_by").order_by("-number").first()
    members = Membership.objects.filter(dossier=dossier, role=Role.KWARTIERMAKER).select_related("user")
    preparers = sorted(m.user.get_full_name() or m.user.username for m in members)
    return DecisionStatus(latest=latest, preparers=preparers)


def proposal_without_scenario(*, dossier: Dossier) -> bool:
    """The collegevoorstel proposes no scenario yet: its beslispunten say "nog te kiezen" (one query)."""
    return Proposal.objects.filter(dossier=dossier, chosen_scenario__isnull=True).exists()
