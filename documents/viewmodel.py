"""The documents' content, built from a frozen version's snapshot only (never from live data), so what the college
decides on is exactly what the werkgroep reviewed. One function per document; the HTML preview and the PDF are
rendered from the same view-model."""

import re
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.utils.formats import date_format
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from dossier.models import Discipline, Risk
from dossier.selectors import display_value
from dossier.templatetags.dossier_tags import prose
from finance.charts import svg_named_bars
from finance.uncertainty_text import presentation

from . import versioning
from .models import DossierVersion, ProposalHeading, WooGround

DOCUMENTS = {
    "collegevoorstel": gettext_lazy("Collegevoorstel"),
    "beslisdocument": gettext_lazy("Beslisdocument"),
    "lokaal-plan": gettext_lazy("Lokaal plan sociale infrastructuur"),
    "reactie": gettext_lazy("Bestuurlijke reactie op de evaluatie Ontplooj"),
    "bronnen": gettext_lazy("Bronnenregister"),
    "wijzigingen": gettext_lazy("Wijzigingen ten opzichte van de vorige versie"),
    "raadsinformatiebrief": gettext_lazy("Raadsinformatiebrief"),
}
BIJLAGEN = [key for key in DOCUMENTS if key != "collegevoorstel"]
# The collegevoorstel quotes its largest risks in full (never cut) and stays within six pages; the whole register is in
# the beslisdocument (bijlage 1).
TOP_RISKS = 2


@dataclass(frozen=True)
class Header:
    gemeente: str
    zaaknummer: str
    title: str
    portefeuillehouder: str
    version: int
    status: str
    short_hash: str
    sha256: str
    date: object

    @property
    def running(self) -> str:
        return _("%(gemeente)s · zaak %(zaak)s · version %(n)s (%(hash)s)") % {
            "gemeente": self.gemeente,
            "zaak": self.zaaknummer,
            "n": self.version,
            "hash": self.short_hash,
        }


def _money(value) -> Decimal | None:
    return None if value in (None, "") else Decimal(value)


def _source_line(version: DossierVersion) -> str:
    return _(
        "Finance engine of Beslisdossier, version %(n)s (hash %(hash)s): "
        "DVO tariffs, projection and assumptions per scenario."
    ) % {
        "n": version.number,
        "hash": version.short_hash,
    }


def _date_words(value) -> str:
    return date_format(value, "j F Y") if value else ""


def proposal_header(version: DossierVersion) -> dict:
    """The header of the collegevoorstel as Dutch gemeenten use it: the data of the proposal in this version, the
    Woo ground with the text of the law, and the werkgroep's advice per discipline in one line each."""
    snapshot = version.snapshot
    proposal = (snapshot["content"].get("voorstel") or [{}])[0]
    article = proposal.get("woo_ground_id")
    ground = WooGround.objects.filter(key=article).first() if article else None
    advice = _advice(snapshot)
    return {
        "steller": proposal.get("steller", ""),
        "afdeling": proposal.get("afdeling", ""),
        "college_date": _date(proposal.get("college_date")),
        "openbaar": proposal.get("openbaar", True),
        "woo_article": article or "",
        "woo_text": ground.text if ground else "",
        "informatieplicht_raad": proposal.get("informatieplicht_raad"),
        "note": proposal.get("header_note", ""),
        "paraaf": [(row["discipline"], row["verdict"]) for row in advice["rows"]] if advice["round"] else [],
        "paraaf_round": advice["round"],
    }


def header(version: DossierVersion) -> Header:
    snapshot = version.snapshot
    dossier = snapshot["dossier"]
    proposal = (snapshot["content"].get("voorstel") or [{}])[0]
    return Header(
        gemeente=dossier.get("gemeente", ""),
        zaaknummer=dossier.get("zaaknummer", ""),
        title=dossier.get("title", ""),
        portefeuillehouder=proposal.get("portefeuillehouder", ""),
        version=version.number,
        status=version.get_status_display(),
        short_hash=version.short_hash,
        sha256=version.sha256,
        date=version.frozen_at,
    )


def _scenario_names(snapshot) -> dict[int, str]:
    """Every scenario's name from the content (archived ones included: their assessments still name them)."""
    return {r["id"]: r["name"] for r in snapshot["content"].get("scenario", [])}


def best_ranked_first(row: dict) -> tuple:
    """The order of a version's scenario results wherever they are listed: by rank, unranked last, then by id."""
    return (row.get("rank") is None, row.get("rank") or 0, row.get("id", 0))


def _scenarios(snapshot) -> list[dict]:
    rows = {r["id"]: r for r in snapshot["content"].get("scenario", [])}
    result = []
    for r in snapshot["results"].get("scenarios", []):
        row = rows.get(r["id"], {})
        result.append(
            {
                **r,
                "score": _money(r.get("score")),
                "yearly_map": {year: _money(v) for year, v in r.get("yearly", {}).items()},
                "cumulative": _money(r.get("cumulative")),
                "npv": _money(r.get("npv")),
                "one_off": _money(r.get("one_off")),
                "average_per_fte": _money(r.get("average_per_fte")),
                "yearly": [(year, _money(v)) for year, v in sorted(r.get("yearly", {}).items())],
                "kind": row.get("kind", ""),
                "route": _route_label(row.get("route")),
                "route_reasoning": row.get("route_reasoning", ""),
                "description": row.get("description", ""),
            }
        )
    return sorted(result, key=best_ranked_first)


# At most this many scenarios side by side in a table of figures: with more, the table is split into several with the
# same rows, so every column keeps a readable width on A4 portrait.
SCENARIOS_PER_TABLE = 4


def _column_groups(scenarios: list[dict]) -> list[list[dict]]:
    """The scenarios in groups of at most SCENARIOS_PER_TABLE, as even as possible (5 → 3 + 2, not 4 + 1)."""
    if not scenarios:
        return []
    count = -(-len(scenarios) // SCENARIOS_PER_TABLE)
    size = -(-len(scenarios) // count)
    return [scenarios[i : i + size] for i in range(0, len(scenarios), size)]


def _route_label(value) -> str:
    from scenarios.models import Scenario

    return display_value(Scenario, "route", value)


def _advice(snapshot) -> dict:
    rounds = snapshot["werkgroep"].get("advice", [])
    if not rounds:
        return {"round": None, "rows": []}
    last = rounds[-1]
    given = {a["discipline"]: a for a in last["advices"]}
    advice = versioning.snapshot_model("werkgroep", "advice")
    rows = [
        {
            "discipline": label,
            "verdict": display_value(advice, "verdict", given[value]["verdict"]) if value in given else None,
            "text": given[value]["text"] if value in given else "",
            "advisor": given[value]["advisor"] if value in given else "",
            "threads": given[value]["threads"] if value in given else [],
        }
        for value, label in Discipline.choices
    ]
    return {"round": last["round"], "version": last.get("version"), "rows": rows}


def _largest_risks(content) -> list[dict]:
    """The open and occurred risks, the highest score (likelihood × impact) first."""
    live = [r for r in content.get("risico", []) if r.get("status") in (Risk.Status.OPEN, Risk.Status.OPGETREDEN)]
    return sorted(live, key=lambda r: (-(r.get("likelihood") or 0) * (r.get("impact") or 0), r["id"]))


def _risk_rows(risks: list[dict]) -> list[dict]:
    """Risks as the documents' tables show them: every text whole, with the score and the status in words."""
    return [
        {
            **r,
            "score": (r.get("likelihood") or 0) * (r.get("impact") or 0),
            "status": display_value(Risk, "status", r.get("status")),
        }
        for r in risks
    ]


def _milestone_label(row) -> str:
    """A milestone's date as precise as it was planned (the model's own wording)."""
    from dossier.models import Milestone

    when = date.fromisoformat(row["date"]) if row.get("date") else None
    return Milestone(date=when, precision=row.get("precision") or "dag").date_label if when else "—"


def _date(value):
    return date.fromisoformat(value) if value else None


def _next_milestones(rows: list[dict], on: date) -> list[dict]:
    """The planned or delayed milestones after the document's date (the version's freeze date), soonest first: one
    already past is not a next step, even when nobody marked it done."""
    return sorted(
        (
            m
            for m in rows
            if m.get("status") in ("gepland", "vertraagd") and m.get("date") and date.fromisoformat(m["date"]) > on
        ),
        key=lambda m: (m["date"], m["id"]),
    )


_PLACEHOLDER = re.compile(r"\{(scenario|dvo_besluit|dvo_wederpartij|dvo_opzegdatum|dvo_einddatum)\}")


def beslispunten(snapshot: dict, chosen_name: str, chosen_kind: str) -> list[dict]:
    """The beslispunten with their placeholders filled from the version: the proposed scenario, and whether the DVO
    is ended or extended (by that scenario's kind) with the date and the counterparty recorded on the dossier.
    Without a proposed scenario the text says "nog te kiezen" where the choice goes."""
    dossier = snapshot["dossier"]
    if not chosen_name:
        besluit = _("to terminate or to extend (still to be chosen: no scenario has been proposed yet)")
    elif chosen_kind == "dvo_verlengen":
        besluit = _("to extend")
    else:
        besluit = _("to terminate")
    values = {
        "scenario": f"“{chosen_name}”" if chosen_name else _("the scenario still to be chosen"),
        "dvo_besluit": besluit,
        "dvo_wederpartij": dossier.get("dvo_provider") or _("the DVO's counterparty (not filled in)"),
        "dvo_opzegdatum": _date_words(_date(dossier.get("dvo_notice_deadline"))) or _("(date not filled in)"),
        "dvo_einddatum": _date_words(_date(dossier.get("dvo_end"))) or _("(date not filled in)"),
    }
    rows = sorted(snapshot["content"].get("beslispunt", []), key=lambda b: (b["number"], b["id"]))
    return [{**b, "text": _PLACEHOLDER.sub(lambda m: values[m.group(1)], b["text"])} for b in rows]


def _dvo_base(scenarios: list[dict]) -> dict | None:
    """The scenario every option is weighed against in the documents: extending the DVO, when it was computed."""
    return next((s for s in scenarios if s["kind"] == "dvo_verlengen" and s["cumulative"] is not None), None)


def _comparison_in_words(scenarios: list[dict]) -> list[str]:
    """One sentence per scenario, best ranked first: its place, cumulative contribution and the difference with
    extending the DVO (the reference every option is weighed against)."""
    from dossier.templatetags.dossier_tags import cell

    base = _dvo_base(scenarios)
    sentences = []
    for s in scenarios:
        if s["cumulative"] is None:
            continue
        parts = {"name": s["name"], "total": cell(s["cumulative"], "money"), "rank": s["rank"] or "—"}
        if base is None or s is base:
            sentences.append(_("%(name)s (rank %(rank)s) costs %(total)s in total over the period.") % parts)
            continue
        difference = s["cumulative"] - base["cumulative"]
        parts.update(difference=cell(abs(difference), "money"), base=base["name"])
        if difference > 0:
            text = _("%(name)s (rank %(rank)s) costs %(total)s in total, %(difference)s more than “%(base)s”.")
        else:
            text = _("%(name)s (rank %(rank)s) costs %(total)s in total, %(difference)s less than “%(base)s”.")
        sentences.append(text % parts)
    return sentences


def collegevoorstel(version: DossierVersion) -> dict:
    snapshot = version.snapshot
    content = snapshot["content"]
    proposal = (content.get("voorstel") or [{}])[0]
    scenarios = _scenarios(snapshot)
    chosen = next((s for s in scenarios if s["id"] == proposal.get("chosen_scenario_id")), None)
    chosen_name = _scenario_names(snapshot).get(proposal.get("chosen_scenario_id"), "")
    chosen_kind = next(
        (r.get("kind", "") for r in content.get("scenario", []) if r["id"] == proposal.get("chosen_scenario_id")), ""
    )
    headings = sorted(content.get("voorstelkop", []), key=lambda h: (h["position"], h["id"]))
    if not headings:  # a dossier without its own headings: the sections in their usual order, unnamed by the gemeente
        headings = [
            {"section": value, "heading": str(label), "position": n, "shown": True}
            for n, (value, label) in enumerate(ProposalHeading.Section.choices, start=1)
        ]
    live_risks = [r for r in content.get("risico", []) if r.get("status") in (Risk.Status.OPEN, Risk.Status.OPGETREDEN)]
    risks = sorted(live_risks, key=lambda r: (-(r.get("likelihood") or 0) * (r.get("impact") or 0), r["id"]))
    milestones = _next_milestones(content.get("mijlpaal", []), version.frozen_at.date())
    chart_years = sorted({y for s in scenarios for y, _v in s["yearly"]})
    chart_svg = (
        mark_safe(  # noqa: S308 - svg_named_bars escapes its title and the names
            svg_named_bars(
                _("Cumulative contribution per scenario"),
                [s["name"] for s in scenarios],
                [s["cumulative"] for s in scenarios],
            )
        )
        if scenarios
        else ""
    )
    return {
        "comparison_words": _comparison_in_words(scenarios),
        "chart_svg": chart_svg,
        "header": header(version),
        "kop": proposal_header(version),
        "proposal": proposal,
        # Dossier texts are shown as on their own pages: paragraphs and "- " lists, everything escaped.
        "texts": {name: prose(proposal.get(name, "")) for name in proposal if isinstance(proposal.get(name), str)},
        "aanleiding": prose(proposal.get("aanleiding") or snapshot["dossier"].get("aanleiding", "")),
        "chosen_name": chosen_name,
        "current_version": version.number,
        "sections": [h for h in headings if h.get("shown", True)],
        "beslispunten": beslispunten(snapshot, chosen_name, chosen_kind),
        "scenarios": scenarios,
        "chosen": chosen,
        "chart_years": chart_years,
        "scenario_groups": _column_groups(scenarios),
        "risks": _risk_rows(risks[:TOP_RISKS]),
        "risks_total": len(risks),
        "participants": content.get("deelnemer", []),
        "milestones": [{**m, "date_label": _milestone_label(m)} for m in milestones[:6]],
        "advice": _advice(snapshot),
        "bijlagen": [(key, DOCUMENTS[key]) for key in BIJLAGEN],
        "finance_source": _source_line(version),
        "dvo_end": snapshot["dossier"].get("dvo_end"),
        # The Monte Carlo bands in words only (the chart and tables are in the beslisdocument: the proposal stays
        # short); a version frozen before the bands existed has none.
        "uncertainty": presentation(snapshot["results"].get("uncertainty"), chart=False),
    }


def beslisdocument(version: DossierVersion) -> dict:
    snapshot = version.snapshot
    content = snapshot["content"]
    scenarios = _scenarios(snapshot)
    names = _scenario_names(snapshot)
    assessments = {}
    for a in content.get("beoordeling", []):
        assessments.setdefault(a["area_id"], []).append({**a, "scenario": names.get(a["scenario_id"], "—")})
    weights = snapshot["results"].get("weights", {})
    areas = [
        {
            **area,
            "weight": _money(weights.get(str(area["number"]))),
            "assessments": sorted(assessments.get(area["id"], []), key=lambda a: a["scenario"]),
        }
        for area in sorted(content.get("onderzoeksgebied", []), key=lambda a: a["number"])
    ]
    sensitivity = [
        {
            **table,
            "columns": [{"label": label, "kind": kind} for label, kind in table["columns"]],
            "rows": [
                [
                    (_money(v) if kind in ("money", "number", "percent") else v, kind)
                    for v, (_l, kind) in zip(row, table["columns"], strict=True)
                ]
                for row in table["rows"]
            ],
        }
        for table in snapshot["results"].get("sensitivity", [])
    ]
    return {
        "header": header(version),
        "sensitivity": sensitivity,
        "areas": areas,
        "weights": weights,
        "scenarios": scenarios,
        "years": sorted({y for s in scenarios for y, _v in s["yearly"]}),
        "scenario_groups": _column_groups(scenarios),
        "risks": _risk_rows(_largest_risks(content)),
        "finance_source": _source_line(version),
        "uncertainty": presentation(snapshot["results"].get("uncertainty")),
    }


def lokaal_plan(version: DossierVersion) -> dict:
    snapshot = version.snapshot
    content = snapshot["content"]
    names = _scenario_names(snapshot)
    organisations = {o["id"]: o["name"] for o in content.get("organisatie", [])}
    by_function = {}
    for fa in content.get("functiebeoordeling", []):
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
        for f in sorted(content.get("functie", []), key=lambda f: f["number"])
    ]
    return {"header": header(version), "functions": functions}


def reactie(version: DossierVersion) -> dict:
    points = sorted(version.snapshot["content"].get("reactiepunt", []), key=lambda p: (p["number"], p["id"]))
    from .models import ReactionPoint

    return {
        "header": header(version),
        "points": [{**p, "kind_label": display_value(ReactionPoint, "kind", p["kind"])} for p in points],
        # Said once at the top rather than under every point.
        "no_response": bool(points) and not any(p.get("response", "").strip() for p in points),
    }


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
    when = _date(source.get("date"))
    parts = [source.get("title", ""), when.strftime("%d-%m-%Y") if when else _("undated"), source.get("author", "")]
    return ", ".join(p for p in parts if p)


def bronnen(version: DossierVersion) -> dict:
    content = version.snapshot["content"]
    counts = {}
    for c in content.get("bronvermelding", []):
        counts[c["source_id"]] = counts.get(c["source_id"], 0) + 1
    from dossier.models import Source

    sources = [
        {
            **s,
            "name": source_name(s),
            "reference": _public_reference(s.get("reference", "")),
            "date": _date(s.get("date")),
            "kind_label": display_value(Source, "kind", s.get("kind")),
            "citations": counts.get(s["id"], 0),
        }
        for s in sorted(content.get("bron", []), key=lambda s: (s.get("date") or "9999", s.get("title", "")))
    ]
    return {"header": header(version), "sources": sources, "finance_source": _source_line(version)}


def wijzigingen(version: DossierVersion) -> dict:
    from dossier.changes import compare_versions

    previous = (
        DossierVersion.objects.filter(dossier_id=version.dossier_id, number__lt=version.number)
        .order_by("-number")
        .first()
    )
    changes = None
    if previous is not None:
        changes = compare_versions(previous.snapshot, version.snapshot)
    return {"header": header(version), "previous": previous.number if previous else None, "changes": changes}


# A beslispunt that tells the college to inform the raad is about the letter itself: the letter leaves it out.
_INFORMS_THE_RAAD = re.compile(r"raadsinformatiebrief", re.IGNORECASE)


def raadsinformatiebrief(version: DossierVersion) -> dict:
    """The letter that informs the raad of the college's decision, from the same version as the collegevoorstel: the
    decision (the beslispunten, filled in), the proposed scenario's money against extending the DVO, what follows.
    One to two pages: the communication plan and the risks stay in the collegevoorstel; the figures are its own."""
    voorstel = collegevoorstel(version)
    chosen = voorstel["chosen"]
    base = _dvo_base(voorstel["scenarios"])
    difference = None
    if chosen and base and chosen is not base and chosen["cumulative"] is not None:
        difference = chosen["cumulative"] - base["cumulative"]
    years = voorstel["chart_years"]
    return {
        "header": voorstel["header"],
        "kop": voorstel["kop"],
        "proposal": voorstel["proposal"],
        "aanleiding": voorstel["aanleiding"],
        "beslispunten": [b for b in voorstel["beslispunten"] if not _INFORMS_THE_RAAD.search(b["text"])],
        "chosen": chosen,
        "chosen_name": voorstel["chosen_name"],
        "base": base,
        "difference": difference,
        "abs_difference": abs(difference) if difference is not None else None,
        "period": f"{years[0]}–{years[-1]}" if years else "",
        "scenarios": voorstel["scenarios"],
        "uncertainty": voorstel["uncertainty"],
        "milestones": voorstel["milestones"],
        "finance_source": voorstel["finance_source"],
    }


BUILDERS = {
    "collegevoorstel": collegevoorstel,
    "beslisdocument": beslisdocument,
    "lokaal-plan": lokaal_plan,
    "reactie": reactie,
    "bronnen": bronnen,
    "wijzigingen": wijzigingen,
    "raadsinformatiebrief": raadsinformatiebrief,
}


def build(version: DossierVersion, document: str) -> dict:
    context = BUILDERS[document](version)
    context["document"] = document
    context["document_title"] = DOCUMENTS[document]
    # A version frozen before the gemeente had a baseline has no amounts: the document says why instead.
    context["no_baseline"] = not version.snapshot.get("content", {}).get("uitgangspunten")
    return context
