"""Overviews read before details: the risks sorted by score and filtered by status, owner and score level (query
parameters, so it works without JavaScript); the planning as a timeline; where the beslisdocument stands."""

import re
from dataclasses import dataclass
from datetime import date

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .models import Dossier, Milestone, Risk

# Score bands of the 5 × 5 risk matrix (likelihood × impact): the badge colours and the level filter.
HIGH_FROM, MEDIUM_FROM = 15, 8
LEVELS = {"hoog": "high", "midden": "medium", "laag": "low"}


def risk_level(score: int) -> str:
    return "high" if score >= HIGH_FROM else "medium" if score >= MEDIUM_FROM else "low"


def risk_headline(description: str) -> str:
    """A risk's description up to the end of its first sentence or clause ("Lage solvabiliteit van Ontplooj: eigen
    vermogen …" → "Lage solvabiliteit van Ontplooj"), for the overview; the whole text stays in the details."""
    text = " ".join(description.split())
    match = re.search(r"[.:;](\s|$)", text)
    head = text[: match.start()] if match else text
    if len(head) > 160:  # one long sentence: up to its first comma after a few words, if there is one
        comma = head.find(", ", 40)
        head = head[:comma] if 0 < comma <= 160 else head
    return head


ORDERS = {
    "score-hoog": (_("Highest score first"), lambda r: (-r.score, r.pk)),
    "score-laag": (_("Lowest score first"), lambda r: (r.score, r.pk)),
    "invoer": (_("In order of entry"), lambda r: r.pk),
}


class RiskFilterForm(forms.Form):
    """The risks overview's filters and order, as query parameters (Dutch, they stand in the address bar)."""

    status = forms.ChoiceField(label=_("Status"), required=False)
    eigenaar = forms.ChoiceField(label=_("Owner"), required=False)
    niveau = forms.ChoiceField(
        label=_("Score"),
        required=False,
        choices=[
            ("", _("All scores")),
            ("hoog", _("High (15 to 25)")),
            ("midden", _("Medium (8 to 14)")),
            ("laag", _("Low (1 to 7)")),
        ],
    )
    volgorde = forms.ChoiceField(
        label=_("Order"), required=False, choices=[(key, label) for key, (label, _key) in ORDERS.items()]
    )

    def __init__(self, *args, owners=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["status"].choices = [("", _("All statuses")), *Risk.Status.choices]
        self.fields["eigenaar"].choices = [("", _("All owners")), *((o, o) for o in owners)]


@dataclass(frozen=True)
class RiskOverview:
    form: RiskFilterForm
    risks: list[Risk]  # filtered and in the chosen order, each with its `headline` and `level`
    total: int
    order: str

    @property
    def filtered(self) -> bool:
        return len(self.risks) != self.total

    @property
    def by_score_descending(self) -> bool:
        return self.order == "score-hoog"

    @property
    def by_score_ascending(self) -> bool:
        return self.order == "score-laag"


def risk_overview(*, dossier: Dossier, params) -> RiskOverview:
    """The dossier's risks as the query parameters ask (invalid ones are reported on the form and ignored)."""
    risks = list(Risk.objects.filter(dossier=dossier))
    owners = sorted({r.owner for r in risks if r.owner}, key=str.casefold)
    form = RiskFilterForm(params, owners=owners)
    form.is_valid()
    wanted = getattr(form, "cleaned_data", {})
    status, owner, level = wanted.get("status"), wanted.get("eigenaar"), LEVELS.get(wanted.get("niveau") or "")
    order = wanted.get("volgorde") or "score-hoog"
    shown = []
    for risk in risks:
        risk.headline, risk.level = risk_headline(risk.description), risk_level(risk.score)
        if (not status or risk.status == status) and (not owner or risk.owner == owner) and level in (None, risk.level):
            shown.append(risk)
    shown.sort(key=ORDERS[order][1])
    return RiskOverview(form=form, risks=shown, total=len(risks), order=order)


@dataclass(frozen=True)
class Timeline:
    past: list[Milestone]
    upcoming: list[Milestone]
    today: date


def planning_timeline(*, milestones, today: date | None = None) -> Timeline:
    """The milestones (in date order) split at today, so the overview marks where the dossier stands."""
    today = today or timezone.localdate()
    return Timeline(
        past=[m for m in milestones if m.date < today], upcoming=[m for m in milestones if m.date >= today], today=today
    )
