"""The documents' view-models as types: what each document shows, built from a frozen version's snapshot only.

A document's template reads the fields of its page (`Page.context`); rows that come straight from the snapshot (a
scenario, a risk, a source) stay the snapshot's plain dicts, with the few values a document adds to them."""

from dataclasses import dataclass, field, fields
from typing import Any

from .common import Header, ProposalHeader

Row = dict[str, Any]  # a row of the snapshot as frozen, with what the document adds to it


@dataclass(frozen=True, kw_only=True)
class Page:
    """What every document has: its header, its key and title in the catalogue, whether the version had no
    population baseline (then the document says why it has no amounts) and, in a decided copy, the college's
    decision. `viewmodel.build` fills in the last four."""

    header: Header
    document: str = ""
    document_title: str = ""
    no_baseline: bool = False
    besluit: Row | None = None  # a decided copy's decision (`viewmodel.build`); None in the frozen documents

    def context(self) -> dict[str, Any]:
        """The template context: each field by its name (the values themselves, not copies)."""
        return {f.name: getattr(self, f.name) for f in fields(self)}


@dataclass(frozen=True, kw_only=True)
class Collegevoorstel(Page):
    kop: ProposalHeader
    proposal: Row
    texts: dict[str, str]  # each text of the proposal as safe HTML paragraphs
    aanleiding: str
    comparison_words: list[str]
    chart_svg: str
    chosen_name: str
    current_version: int
    sections: list[Row]  # the headings shown, in the gemeente's order
    beslispunten: list[Row]
    scenarios: list[Row]  # best ranked first
    chosen: Row | None
    chart_years: list[int]
    scenario_groups: list[list[Row]]
    risks: list[Row]
    risks_total: int
    participants: list[Row]
    milestones: list[Row]
    advice: dict[str, Any]
    bijlagen: list[tuple[str, str]]
    finance_source: str
    dvo_end: str | None
    uncertainty: Any  # finance.uncertainty_text.presentation, or None for a version without bands


@dataclass(frozen=True, kw_only=True)
class Raadsinformatiebrief(Page):
    kop: ProposalHeader
    proposal: Row
    aanleiding: str
    beslispunten: list[Row]
    chosen: Row | None
    chosen_name: str
    base: Row | None  # extending the DVO, the comparison's base
    difference: Any
    abs_difference: Any
    period: str
    scenarios: list[Row]
    uncertainty: Any
    milestones: list[Row]
    finance_source: str


@dataclass(frozen=True, kw_only=True)
class Beslisdocument(Page):
    sensitivity: list[Row]
    areas: list[Row]
    weights: dict[str, Any]
    scenarios: list[Row]
    years: list[int]
    scenario_groups: list[list[Row]]
    risks: list[Row]
    finance_source: str
    uncertainty: Any


@dataclass(frozen=True, kw_only=True)
class LokaalPlan(Page):
    functions: list[Row]


@dataclass(frozen=True, kw_only=True)
class Reactie(Page):
    points: list[Row]
    no_response: bool  # no point has a written reactie: said once at the top


@dataclass(frozen=True, kw_only=True)
class Bronnen(Page):
    sources: list[Row]
    finance_source: str


@dataclass(frozen=True, kw_only=True)
class Wijzigingen(Page):
    previous: int | None
    changes: Any = field(default=None)  # dossier.changes.VersionChanges, None for the first version
