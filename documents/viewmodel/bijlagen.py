"""The bijlagen: the beslisdocument, the lokaal plan, the bestuurlijke reactie, the bronnenregister and the changes
against the previous version."""

import re

from django.utils.translation import gettext as _

from dossier.changes import compare_versions
from dossier.models import Source
from dossier.selectors import display_value
from finance.uncertainty_text import presentation

from .. import versioning
from ..models import DossierVersion, ReactionPoint
from .common import (
    column_groups,
    header,
    largest_risks,
    money_of,
    parsed_date,
    ranked_scenarios,
    risk_rows,
    scenario_names,
    source_line_of,
)
from .pages import Beslisdocument, Bronnen, LokaalPlan, Reactie, Wijzigingen


def beslisdocument(version: DossierVersion) -> Beslisdocument:
    snapshot = versioning.snapshot_of(version)
    content = snapshot["content"]
    scenarios = ranked_scenarios(snapshot)
    names = scenario_names(snapshot)
    assessments = {}
    for a in content.get("scenarios.assessment", []):
        assessments.setdefault(a["area_id"], []).append({**a, "scenario": names.get(a["scenario_id"], "—")})
    weights = snapshot["results"].get("weights", {})
    areas = [
        {
            **area,
            "weight": money_of(weights.get(str(area["number"]))),
            "assessments": sorted(assessments.get(area["id"], []), key=lambda a: a["scenario"]),
        }
        for area in sorted(content.get("dossier.researcharea", []), key=lambda a: a["number"])
    ]
    sensitivity = [
        {
            **table,
            "columns": [{"label": label, "kind": kind} for label, kind in table["columns"]],
            "rows": [
                [
                    (money_of(v) if kind in ("money", "number", "percent") else v, kind)
                    for v, (_l, kind) in zip(row, table["columns"], strict=True)
                ]
                for row in table["rows"]
            ],
        }
        for table in snapshot["results"].get("sensitivity", [])
    ]
    return Beslisdocument(
        header=header(version),
        sensitivity=sensitivity,
        areas=areas,
        weights=weights,
        scenarios=scenarios,
        years=sorted({y for s in scenarios for y, _v in s["yearly"]}),
        scenario_groups=column_groups(scenarios),
        risks=risk_rows(largest_risks(content)),
        finance_source=source_line_of(version),
        uncertainty=presentation(snapshot["results"].get("uncertainty")),
    )


def lokaal_plan(version: DossierVersion) -> LokaalPlan:
    snapshot = versioning.snapshot_of(version)
    content = snapshot["content"]
    names = scenario_names(snapshot)
    organisations = {o["id"]: o["name"] for o in content.get("dossier.organisation", [])}
    by_function = {}
    for fa in content.get("scenarios.functionassessment", []):
        by_function.setdefault(fa["function_id"], []).append(
            {
                **fa,
                "scenario": names.get(fa["scenario_id"], "—"),
                "provider": organisations.get(fa["delivered_by_id"], ""),
            }
        )
    functions = [
        {
            **f,
            "delivered_by_names": [organisations.get(pk, "") for pk in f.get("delivered_by", [])],
            "assessments": sorted(by_function.get(f["id"], []), key=lambda a: a["scenario"]),
        }
        for f in sorted(content.get("dossier.infrastructurefunction", []), key=lambda f: f["number"])
    ]
    return LokaalPlan(header=header(version), functions=functions)


def reactie(version: DossierVersion) -> Reactie:
    points = sorted(
        versioning.snapshot_of(version)["content"].get("documents.reactionpoint", []),
        key=lambda p: (p["number"], p["id"]),
    )
    return Reactie(
        header=header(version),
        points=[{**p, "kind_label": display_value(ReactionPoint, "kind", p["kind"])} for p in points],
        # Said once at the top rather than under every point.
        no_response=bool(points) and not any(p.get("response", "").strip() for p in points),
    )


_FILE_NAME = re.compile(r"(^|/)[^/\s]+\.(txt|pdf|docx?|xlsx?|odt|json|csv)$", re.IGNORECASE)


def _public_reference(reference: str) -> str:
    """A reference the reader can follow (a web address, a publication); an internal file name is left out."""
    reference = (reference or "").strip()
    if not reference or reference.startswith(("http://", "https://")):
        return reference
    return "" if _FILE_NAME.search(reference) else reference


def source_name(source: dict) -> str:
    """A source as the college cites it: title, date and author ("Bestuursopdracht toekomst WSW, 29-01-2025,
    Gemeente Twenterand"); an undated source says so."""
    when = parsed_date(source.get("date"))
    parts = [source.get("title", ""), when.strftime("%d-%m-%Y") if when else _("undated"), source.get("author", "")]
    return ", ".join(p for p in parts if p)


def bronnen(version: DossierVersion) -> Bronnen:
    content = versioning.snapshot_of(version)["content"]
    counts = {}
    for c in content.get("dossier.citation", []):
        counts[c["source_id"]] = counts.get(c["source_id"], 0) + 1
    sources = [
        {
            **s,
            "name": source_name(s),
            "reference": _public_reference(s.get("reference", "")),
            "date": parsed_date(s.get("date")),
            "kind_label": display_value(Source, "kind", s.get("kind")),
            "citations": counts.get(s["id"], 0),
        }
        for s in sorted(content.get("dossier.source", []), key=lambda s: (s.get("date") or "9999", s.get("title", "")))
    ]
    return Bronnen(header=header(version), sources=sources, finance_source=source_line_of(version))


def wijzigingen(version: DossierVersion) -> Wijzigingen:
    previous = (
        DossierVersion.objects.filter(dossier_id=version.dossier_id, number__lt=version.number)
        .order_by("-number")
        .first()
    )
    changes = None
    if previous is not None:
        changes = compare_versions(versioning.snapshot_of(previous), versioning.snapshot_of(version))
    return Wijzigingen(header=header(version), previous=previous.number if previous else None, changes=changes)


# A beslispunt that tells the college to inform the raad is about the letter itself: the letter leaves it out.
