"""What every document shows: the header, the scenarios best ranked first, the advice, the risks, the milestones."""

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from django.utils.formats import date_format
from django.utils.translation import gettext as _

from dossier.models import Discipline, Milestone, Risk
from dossier.selectors import display_value
from scenarios.models import Scenario

from .. import versioning
from ..models import DossierVersion, WooGround

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


@dataclass(frozen=True, kw_only=True)
class ProposalHeader:
    """The header block of a collegevoorstel as Dutch gemeenten use it (see proposal_header)."""

    steller: str
    afdeling: str
    college_date: date | None
    openbaar: bool
    woo_article: str
    woo_text: str
    informatieplicht_raad: bool | None
    note: str
    paraaf: list[tuple[str, str]]  # (discipline, verdict) per advice of the last round
    paraaf_round: int | None
    route: dict | None = None  # the advice and paraaf route of the latest version ter advisering (route_rows)


def money_of(value) -> Decimal | None:
    return None if value in (None, "") else Decimal(value)


def source_line_of(version: DossierVersion) -> str:
    return _(
        "Finance engine of Beslisdossier, version %(n)s (hash %(hash)s): "
        "DVO tariffs, projection and assumptions per scenario."
    ) % {
        "n": version.number,
        "hash": version.short_hash,
    }


def date_words(value) -> str:
    return date_format(value, "j F Y") if value else ""


def proposal_header(version: DossierVersion) -> ProposalHeader:
    """The header of the collegevoorstel as Dutch gemeenten use it: the data of the proposal in this version, the
    Woo ground with the text of the law, and the werkgroep's advice per discipline in one line each."""
    snapshot = versioning.snapshot_of(version)
    proposal = (snapshot["content"].get("documents.proposal") or [{}])[0]
    article = proposal.get("woo_ground_id")
    ground = WooGround.objects.filter(key=article).first() if article else None
    advice = advice_rows(snapshot)
    return ProposalHeader(
        steller=proposal.get("steller", ""),
        afdeling=proposal.get("afdeling", ""),
        college_date=parsed_date(proposal.get("college_date")),
        openbaar=proposal.get("openbaar", True),
        woo_article=article or "",
        woo_text=ground.text if ground else "",
        informatieplicht_raad=proposal.get("informatieplicht_raad"),
        note=proposal.get("header_note", ""),
        paraaf=[(row["discipline"], row["verdict"]) for row in advice["rows"]] if advice["round"] else [],
        paraaf_round=advice["round"],
        route=route_rows(snapshot),
    )


def route_rows(snapshot) -> dict | None:
    """The advice and paraaf route the version followed (the werkgroep's part of the snapshot), for the paraafblok:
    per step its kind, its actor (a role or a discipline, never a name), what became of it and when; None for a
    version whose dossier ran no route (or a snapshot from before routes)."""
    route = snapshot["werkgroep"].get("route")
    if not route:
        return None
    step = versioning.snapshot_model("werkgroep", "route_step")
    rows = [
        {
            "kind": display_value(step, "kind", s["kind"]),
            "actor": display_value(step, "discipline", s["discipline"])
            if s["discipline"]
            else display_value(step, "role", s["role"]),
            "mandatory": s["mandatory"],
            "status": s["status"],
            "status_label": display_value(step, "status", s["status"]),
            "done": parsed_datetime(s["done"]),
            "reason": (s["reason"] or "").strip().rstrip("."),  # the list puts its own ";" after it
        }
        for s in route["steps"]
    ]
    return {"version": route["version"], "offered": parsed_datetime(route["offered"]), "rows": rows}


def header(version: DossierVersion) -> Header:
    snapshot = versioning.snapshot_of(version)
    dossier = snapshot["dossier"]
    proposal = (snapshot["content"].get("documents.proposal") or [{}])[0]
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


def scenario_names(snapshot) -> dict[int, str]:
    """Every scenario's name from the content (archived ones included: their assessments still name them)."""
    return {r["id"]: r["name"] for r in snapshot["content"].get("scenarios.scenario", [])}


def best_ranked_first(row: dict) -> tuple:
    """The order of a version's scenario results wherever they are listed: by rank, unranked last, then by id."""
    return (row.get("rank") is None, row.get("rank") or 0, row.get("id", 0))


def ranked_scenarios(snapshot) -> list[dict]:
    rows = {r["id"]: r for r in snapshot["content"].get("scenarios.scenario", [])}
    result = []
    for r in snapshot["results"].get("scenarios", []):
        row = rows.get(r["id"], {})
        result.append(
            {
                **r,
                "score": money_of(r.get("score")),
                "yearly_map": {year: money_of(v) for year, v in r.get("yearly", {}).items()},
                "cumulative": money_of(r.get("cumulative")),
                "npv": money_of(r.get("npv")),
                "one_off": money_of(r.get("one_off")),
                "average_per_fte": money_of(r.get("average_per_fte")),
                "yearly": [(year, money_of(v)) for year, v in sorted(r.get("yearly", {}).items())],
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


def column_groups(scenarios: list[dict]) -> list[list[dict]]:
    """The scenarios in groups of at most SCENARIOS_PER_TABLE, as even as possible (5 → 3 + 2, not 4 + 1)."""
    if not scenarios:
        return []
    count = -(-len(scenarios) // SCENARIOS_PER_TABLE)
    size = -(-len(scenarios) // count)
    return [scenarios[i : i + size] for i in range(0, len(scenarios), size)]


def _route_label(value) -> str:
    return display_value(Scenario, "route", value)


def advice_rows(snapshot) -> dict:
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


def largest_risks(content) -> list[dict]:
    """The open and occurred risks, the highest score (likelihood × impact) first."""
    live = [r for r in content.get("dossier.risk", []) if r.get("status") in (Risk.Status.OPEN, Risk.Status.OPGETREDEN)]
    return sorted(live, key=lambda r: (-(r.get("likelihood") or 0) * (r.get("impact") or 0), r["id"]))


def risk_rows(risks: list[dict]) -> list[dict]:
    """Risks as the documents' tables show them: every text whole, with the score and the status in words."""
    return [
        {
            **r,
            "score": (r.get("likelihood") or 0) * (r.get("impact") or 0),
            "status": display_value(Risk, "status", r.get("status")),
        }
        for r in risks
    ]


def milestone_label(row) -> str:
    """A milestone's date as precise as it was planned (the model's own wording)."""
    when = date.fromisoformat(row["date"]) if row.get("date") else None
    return Milestone(date=when, precision=row.get("precision") or "dag").date_label if when else "—"


def parsed_date(value):
    return date.fromisoformat(value) if value else None


def parsed_datetime(value):
    return datetime.fromisoformat(value) if value else None


def next_milestones(rows: list[dict], on: date) -> list[dict]:
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
