"""The collegevoorstel and the raadsinformatiebrief: the beslispunten filled in, the comparison in words."""

import re

from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from dossier.models import Risk
from dossier.templatetags.dossier_tags import cell, prose
from finance.charts import svg_named_bars
from finance.uncertainty_text import presentation

from .. import versioning
from ..catalogue import BIJLAGEN, DOCUMENTS
from ..models import Decision, DossierVersion, ProposalHeading
from .common import (
    TOP_RISKS,
    advice_rows,
    column_groups,
    date_words,
    header,
    milestone_label,
    next_milestones,
    parsed_date,
    proposal_header,
    ranked_scenarios,
    risk_rows,
    scenario_names,
    source_line_of,
)
from .pages import Collegevoorstel, Raadsinformatiebrief

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
        "dvo_opzegdatum": date_words(parsed_date(dossier.get("dvo_notice_deadline"))) or _("(date not filled in)"),
        "dvo_einddatum": date_words(parsed_date(dossier.get("dvo_end"))) or _("(date not filled in)"),
    }
    rows = sorted(snapshot["content"].get("documents.beslispunt", []), key=lambda b: (b["number"], b["id"]))
    return [{**b, "text": _PLACEHOLDER.sub(lambda m: values[m.group(1)], b["text"])} for b in rows]


def _dvo_base(scenarios: list[dict]) -> dict | None:
    """The scenario every option is weighed against in the documents: extending the DVO, when it was computed."""
    return next((s for s in scenarios if s["kind"] == "dvo_verlengen" and s["cumulative"] is not None), None)


def _comparison_in_words(scenarios: list[dict]) -> list[str]:
    """One sentence per scenario, best ranked first: its place, cumulative contribution and the difference with
    extending the DVO (the reference every option is weighed against)."""
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


def _chosen(snapshot: dict, proposal: dict) -> tuple[str, str]:
    """The name and kind of the scenario the proposal proposes, as the version froze them ("" when none)."""
    chosen_id = proposal.get("chosen_scenario_id")
    name = scenario_names(snapshot).get(chosen_id, "")
    kind = next(
        (r.get("kind", "") for r in snapshot["content"].get("scenarios.scenario", []) if r["id"] == chosen_id), ""
    )
    return name, kind


def proposed_beslispunten(version: DossierVersion) -> list[dict]:
    """The beslispunten as the version put them to the college (filled in), for the decision's form and page."""
    snapshot = versioning.snapshot_of(version)
    proposal = (snapshot["content"].get("documents.proposal") or [{}])[0]
    return beslispunten(snapshot, *_chosen(snapshot, proposal))


def besluit(decision: Decision) -> dict:
    """The college's decision as a decided copy shows it: plain values, the amended beslispunten as paragraphs."""
    return {
        "outcome": decision.outcome,
        "outcome_label": decision.get_outcome_display(),
        "outcomes": Decision.Outcome.choices,
        "meeting_date": decision.meeting_date,
        "amended_beslispunten": decision.amended_beslispunten,
        "reason": decision.reason,
        "besluitenlijst": decision.besluitenlijst,
        "corrects": decision.corrects_id is not None,
    }


def collegevoorstel(version: DossierVersion) -> Collegevoorstel:
    snapshot = versioning.snapshot_of(version)
    content = snapshot["content"]
    proposal = (content.get("documents.proposal") or [{}])[0]
    scenarios = ranked_scenarios(snapshot)
    chosen = next((s for s in scenarios if s["id"] == proposal.get("chosen_scenario_id")), None)
    chosen_name, chosen_kind = _chosen(snapshot, proposal)
    headings = sorted(content.get("documents.proposalheading", []), key=lambda h: (h["position"], h["id"]))
    if not headings:  # a dossier without its own headings: the sections in their usual order, unnamed by the gemeente
        headings = [
            {"section": value, "heading": str(label), "position": n, "shown": True}
            for n, (value, label) in enumerate(ProposalHeading.Section.choices, start=1)
        ]
    live_risks = [
        r for r in content.get("dossier.risk", []) if r.get("status") in (Risk.Status.OPEN, Risk.Status.OPGETREDEN)
    ]
    risks = sorted(live_risks, key=lambda r: (-(r.get("likelihood") or 0) * (r.get("impact") or 0), r["id"]))
    milestones = next_milestones(content.get("dossier.milestone", []), version.frozen_at.date())
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
    return Collegevoorstel(
        comparison_words=_comparison_in_words(scenarios),
        chart_svg=chart_svg,
        header=header(version),
        kop=proposal_header(version),
        proposal=proposal,
        # Dossier texts are shown as on their own pages: paragraphs and "- " lists, everything escaped.
        texts={name: prose(proposal.get(name, "")) for name in proposal if isinstance(proposal.get(name), str)},
        aanleiding=prose(proposal.get("aanleiding") or snapshot["dossier"].get("aanleiding", "")),
        chosen_name=chosen_name,
        current_version=version.number,
        sections=[h for h in headings if h.get("shown", True)],
        beslispunten=beslispunten(snapshot, chosen_name, chosen_kind),
        scenarios=scenarios,
        chosen=chosen,
        chart_years=chart_years,
        scenario_groups=column_groups(scenarios),
        risks=risk_rows(risks[:TOP_RISKS]),
        risks_total=len(risks),
        participants=content.get("dossier.participant", []),
        milestones=[{**m, "date_label": milestone_label(m)} for m in milestones[:6]],
        advice=advice_rows(snapshot),
        bijlagen=[(key, DOCUMENTS[key]) for key in BIJLAGEN],
        finance_source=source_line_of(version),
        dvo_end=snapshot["dossier"].get("dvo_end"),
        # The Monte Carlo bands in words only (the chart and tables are in the beslisdocument: the proposal stays
        # short); a version frozen before the bands existed has none.
        uncertainty=presentation(snapshot["results"].get("uncertainty"), chart=False),
    )


_INFORMS_THE_RAAD = re.compile(r"raadsinformatiebrief", re.IGNORECASE)


def raadsinformatiebrief(version: DossierVersion) -> Raadsinformatiebrief:
    """The letter that informs the raad of the college's decision, from the same version as the collegevoorstel: the
    decision (the beslispunten, filled in), the proposed scenario's money against extending the DVO, what follows.
    One to two pages: the communication plan and the risks stay in the collegevoorstel; the figures are its own."""
    voorstel = collegevoorstel(version)
    chosen = voorstel.chosen
    base = _dvo_base(voorstel.scenarios)
    difference = None
    if chosen and base and chosen is not base and chosen["cumulative"] is not None:
        difference = chosen["cumulative"] - base["cumulative"]
    years = voorstel.chart_years
    return Raadsinformatiebrief(
        header=voorstel.header,
        kop=voorstel.kop,
        proposal=voorstel.proposal,
        aanleiding=voorstel.aanleiding,
        beslispunten=[b for b in voorstel.beslispunten if not _INFORMS_THE_RAAD.search(b["text"])],
        chosen=chosen,
        chosen_name=voorstel.chosen_name,
        base=base,
        difference=difference,
        abs_difference=abs(difference) if difference is not None else None,
        period=f"{years[0]}–{years[-1]}" if years else "",
        scenarios=voorstel.scenarios,
        uncertainty=voorstel.uncertainty,
        milestones=voorstel.milestones,
        finance_source=voorstel.finance_source,
    )
