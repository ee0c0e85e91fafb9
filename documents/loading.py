"""Loading a gemeente's proposal texts, beslispunten, headings (voorstel.json) and Berenschot's points with room
for the response (reactie.json) into a dossier. Idempotent: what exists is left alone. Every element is created
through the dossier's services, so it is validated as a form would validate it and recorded in the history with the
loader's reason, like the rest of the dossier."""

import json
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import transaction

from dossier import services
from dossier.errors import DomainError
from dossier.loading import REASON
from dossier.models import Dossier

from .models import ArchiveCategory, Beslispunt, Proposal, ProposalHeading, ReactionPoint


@transaction.atomic
def documents_load(*, dossier: Dossier, folder: Path) -> int:
    """Load what the folder holds and the dossier lacks; returns how many elements were created. A value the
    model refuses raises DomainError naming the file and the element (nothing of the folder is written then)."""
    created = 0

    def create(model, file: Path, **fields):
        try:
            services.content_create(model=model, dossier=dossier, data=fields, user=None, reason=REASON)
        except ValidationError as exc:
            problems = "; ".join(f"{name}: {' '.join(msgs)}" for name, msgs in exc.message_dict.items())
            raise DomainError(f"{file.name}, {model._meta.verbose_name}: {problems}") from exc

    proposal_file, reaction_file = folder / "voorstel.json", folder / "reactie.json"
    if proposal_file.exists():
        data = json.loads(proposal_file.read_text(encoding="utf-8"))
        if not Proposal.objects.filter(dossier=dossier).exists():
            create(Proposal, proposal_file, **_with_category(data["proposal"], proposal_file))
            created += 1
        if not Beslispunt.objects.filter(dossier=dossier).exists():
            for number, text in enumerate(data.get("beslispunten", []), start=1):
                create(Beslispunt, proposal_file, number=number, text=text)
                created += 1
        if not ProposalHeading.objects.filter(dossier=dossier).exists():
            for position, (section, heading) in enumerate(data.get("headings", []), start=1):
                create(ProposalHeading, proposal_file, section=section, heading=heading, position=position)
                created += 1
    if reaction_file.exists() and not ReactionPoint.objects.filter(dossier=dossier).exists():
        data = json.loads(reaction_file.read_text(encoding="utf-8"))
        source = data.get("source", "")
        for point in data["points"]:
            locator = ", ".join(p for p in (source, point.get("locator", "")) if p)
            create(
                ReactionPoint,
                reaction_file,
                number=point["number"],
                kind=point["kind"],
                text=point["text"],
                locator=locator,
            )
            created += 1
    return created


def _with_category(fields: dict, file: Path) -> dict:
    """The proposal's fields with its selectielijst category: the file holds the category's data, created when the
    database lacks it (reference data: one that exists, perhaps corrected by beheer, is left as it is)."""
    data = fields.get("archive_category")
    if data is None:
        return fields
    category = ArchiveCategory.objects.filter(key=data.get("key")).first()
    if category is None:
        category = ArchiveCategory(**data)
        try:
            category.full_clean()
        except ValidationError as exc:
            problems = "; ".join(f"{name}: {' '.join(msgs)}" for name, msgs in exc.message_dict.items())
            raise DomainError(f"{file.name}, {ArchiveCategory._meta.verbose_name}: {problems}") from exc
        category.save()
    return {**fields, "archive_category": category}
