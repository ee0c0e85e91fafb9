"""Loading a gemeente's proposal texts, beslispunten, headings (voorstel.json) and Berenschot's points with room
for the response (reactie.json) into a dossier. Idempotent: what exists is left alone."""

import json
from pathlib import Path

from django.db import transaction

from dossier.models import Dossier

from .models import Beslispunt, Proposal, ProposalHeading, ReactionPoint


@transaction.atomic
def documents_load(*, dossier: Dossier, folder: Path) -> int:
    """Load what the folder holds and the dossier lacks; returns how many elements were created."""
    created = 0
    proposal_file, reaction_file = folder / "voorstel.json", folder / "reactie.json"
    if proposal_file.exists():
        data = json.loads(proposal_file.read_text(encoding="utf-8"))
        if not Proposal.objects.filter(dossier=dossier).exists():
            Proposal.objects.create(dossier=dossier, **data["proposal"])
            created += 1
        if not Beslispunt.objects.filter(dossier=dossier).exists():
            for number, text in enumerate(data.get("beslispunten", []), start=1):
                Beslispunt.objects.create(dossier=dossier, number=number, text=text)
                created += 1
        if not ProposalHeading.objects.filter(dossier=dossier).exists():
            for position, (section, heading) in enumerate(data.get("headings", []), start=1):
                ProposalHeading.objects.create(dossier=dossier, section=section, heading=heading, position=position)
                created += 1
    if reaction_file.exists() and not ReactionPoint.objects.filter(dossier=dossier).exists():
        data = json.loads(reaction_file.read_text(encoding="utf-8"))
        source = data.get("source", "")
        for point in data["points"]:
            locator = ", ".join(p for p in (source, point.get("locator", "")) if p)
            ReactionPoint.objects.create(
                dossier=dossier, number=point["number"], kind=point["kind"], text=point["text"], locator=locator
            )
            created += 1
    return created
