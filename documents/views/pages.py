"""The documents' own pages in a dossier: the collegevoorstel's texts and beslispunten, the bestuurlijke reactie."""

from django.shortcuts import render
from django.views.decorators.http import require_GET

from dossier import selectors
from dossier.access import member_required
from dossier.kinds import KINDS
from dossier.views.pages import item_page

from ..models import Beslispunt, Proposal, ProposalHeading, ReactionPoint

reaction = item_page("documents/reaction.html", "reactiepunt", ReactionPoint)


@require_GET
@member_required()
def proposal(request, dossier):
    """The collegevoorstel's own texts, its beslispunten and the headings this gemeente uses."""
    obj = Proposal.objects.select_related("chosen_scenario").filter(dossier=dossier).first()
    beslispunten = list(Beslispunt.objects.filter(dossier=dossier))
    headings = list(ProposalHeading.objects.filter(dossier=dossier))
    selectors.attach_citations([o for o in [obj, *beslispunten] if o is not None])
    return render(
        request,
        "documents/proposal.html",
        {"obj": obj, "kind": KINDS["voorstel"], "beslispunten": beslispunten, "headings": headings},
    )
