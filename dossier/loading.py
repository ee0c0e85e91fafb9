"""Load a dossier from its JSON description (fixtures/<gemeente>/dossier.json) through the services,
so every element is validated and its creation recorded in the history like any other write."""

import json
from datetime import date
from pathlib import Path

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import transaction

from finance.models import TariffSet

from . import services
from .errors import DomainError
from .models import (
    Citation,
    Deelproduct,
    Dossier,
    InfrastructureFunction,
    Kader,
    KaderToets,
    Milestone,
    Opdrachtgever,
    Organisation,
    Participant,
    PopulationBaseline,
    ResearchArea,
    Risk,
    Source,
)

REASON = "Geladen uit fixture"
STANDARD_REASON = "Standaardstructuur"


def _dates(data: dict, *names) -> dict:
    out = dict(data)
    for name in names:
        if out.get(name):
            out[name] = date.fromisoformat(out[name])
    return out


def _plain(data: dict, *drop) -> dict:
    return {k: v for k, v in data.items() if k not in drop}


def read_dossier_file(path: Path) -> dict:
    path = Path(path)
    if path.is_dir():
        path = path / "dossier.json"
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise DomainError(f"Bestand niet gevonden: {path}") from exc
    except json.JSONDecodeError as exc:
        raise DomainError(f"Geen geldige JSON in {path}: {exc}") from exc


@transaction.atomic
def dossier_load(*, data: dict, user=None) -> tuple[Dossier, bool]:
    """Create the dossier described by `data`; returns (dossier, created). An existing slug is left alone."""
    head = data["dossier"]
    existing = Dossier.objects.filter(slug=head["slug"]).first()
    if existing is not None:
        return existing, False

    def create(model, dossier, fields):
        try:
            return services.content_create(model=model, dossier=dossier, data=fields, user=user, reason=REASON)
        except ValidationError as exc:
            label = fields.get("key") or fields.get("number") or fields.get("title") or fields.get("description", "")
            problems = "; ".join(f"{name}: {' '.join(msgs)}" for name, msgs in exc.message_dict.items())
            raise DomainError(f"{model._meta.verbose_name} “{str(label)[:60]}”: {problems}") from exc

    dossier_fields = _dates(
        _plain(head, "citations"), "opdracht_date", "period_start", "period_end", "dvo_end", "dvo_notice_deadline"
    )
    dossier = services.content_create(model=Dossier, dossier=None, data=dossier_fields, user=user, reason=REASON)
    sources = {s["key"]: create(Source, dossier, _dates(s, "date")) for s in data.get("sources", [])}
    organisations = {o["key"]: create(Organisation, dossier, o) for o in data.get("organisations", [])}
    kaders = {k["key"]: create(Kader, dossier, k) for k in data.get("kaders", [])}

    def cite(target, citations):
        content_type = ContentType.objects.get_for_model(target)
        for c in citations:
            create(
                Citation,
                dossier,
                {
                    "source": sources[c["source"]],
                    "content_type": content_type,
                    "object_id": target.pk,
                    "field": c.get("field", ""),
                    "locator": c.get("locator", ""),
                    "note": c.get("note", "") or "",
                },
            )

    cite(dossier, head.get("citations", []))
    for o in data.get("opdrachtgevers", []):
        create(Opdrachtgever, dossier, o)
    for model, key, date_fields in [
        (Deelproduct, "deelproducten", ()),
        (Milestone, "milestones", ("date",)),
        (Risk, "risks", ()),
        (Participant, "participants", ()),
    ]:
        for item in data.get(key, []):
            cite(create(model, dossier, _dates(_plain(item, "citations"), *date_fields)), item.get("citations", []))
    for item in data.get("research_areas", []):
        cite(create(ResearchArea, dossier, _plain(item, "citations")), item.get("citations", []))
    for item in data.get("functions", []):
        fields = _plain(item, "citations", "kader_toets", "delivered_by")
        fields["delivered_by"] = [organisations[k] for k in item.get("delivered_by", [])]
        function = create(InfrastructureFunction, dossier, fields)
        cite(function, item.get("citations", []))
        for toets in item.get("kader_toets", []):
            create(
                KaderToets,
                dossier,
                {
                    "function": function,
                    "kader": kaders[toets["kader"]],
                    "verdict": toets["verdict"],
                    "note": toets.get("note", ""),
                },
            )
    if "population_baseline" in data:
        fields = _dates(dict(data["population_baseline"]), "assumption_on")
        citations = fields.pop("citations", [])
        key = fields.pop("tariff_set")
        fields["tariff_set"] = TariffSet.objects.filter(key=key).first()
        if fields["tariff_set"] is None:
            raise DomainError(f"tarievenset “{key}” ontbreekt: laad eerst de financiële referentiegegevens")
        cite(create(PopulationBaseline, dossier, fields), citations)
    return dossier, True


STANDARD_STRUCTURE = Path(__file__).resolve().parent.parent / "fixtures" / "standard_structure.json"


@transaction.atomic
def dossier_add_standard_structure(*, dossier: Dossier, user=None) -> int:
    """Give a (new) dossier the research areas, functions and deelproducten it lacks; returns how many were added."""
    data = read_dossier_file(STANDARD_STRUCTURE)
    added = 0
    for model, key in [
        (ResearchArea, "research_areas"),
        (InfrastructureFunction, "functions"),
        (Deelproduct, "deelproducten"),
    ]:
        existing = set(model.objects.filter(dossier=dossier).values_list("number", flat=True))
        for item in data[key]:
            if item["number"] not in existing:
                services.content_create(model=model, dossier=dossier, data=item, user=user, reason=STANDARD_REASON)
                added += 1
    return added
