"""What a write did to the scenarios' money, as was → nu. Before the write the figures of every scenario that depends
on the element are read; after it the page hears the `scenario-changed` htmx event naming those scenarios, with the
figures signed by this server, and an editor showing one of them asks its result again with them (`change`)."""

from decimal import Decimal

from django.core import signing
from django.db.models import Q
from django.utils.translation import gettext as _

from dossier.changes import Effect, NumberChange
from finance.engine import to_cents

from .models import Provider, ProviderTariff, Scenario, StaffLine
from .results import ScenarioResult
from .selectors import results_where

EVENT = "scenario-changed"
_SALT = "scenarios.effects"
_MAX_AGE = 60 * 60  # seconds: the page asks its result again as soon as the save is in


def _depending(element) -> Q | None:
    """Which scenarios' money depends on `element` (for a new element: on its parent)."""
    if element is None or element.pk is None:
        return None
    if isinstance(element, Scenario):
        return Q(pk=element.pk)
    if isinstance(element, Provider):
        return Q(sourcing__provider=element.pk)
    if isinstance(element, ProviderTariff | StaffLine):  # shared by every scenario that uses the provider
        return Q(sourcing__provider=element.provider_id)
    scenario_id = getattr(element, "scenario_id", None)
    return Q(pk=scenario_id) if scenario_id is not None else None


def _figures(outcome: ScenarioResult) -> list[str | None]:
    """The figures a write's effect is told in: cumulative total and net present value, in cents, as text."""
    return [None if v is None else str(to_cents(v)) for v in (outcome.cumulative, outcome.npv)]


def before_write(dossier, element):
    """Read before a write to `element` (or, for a new element, its parent): the figures of the scenarios that depend
    on it, in one read. Returns a function that, after the write, gives the htmx event for the page: which scenarios
    changed and their figures from before, signed, for the saved element whose id on the page it is given."""
    condition = _depending(element)
    if condition is None:
        return None
    before = {str(pk): _figures(outcome) for pk, outcome in results_where(dossier, condition).items()}
    if not before:
        return None

    def event(element_id: str) -> dict:
        was = signing.dumps({"d": dossier.pk, "e": element_id, "f": before}, salt=_SALT, compress=True)
        return {EVENT: {"scenarios": sorted(int(pk) for pk in before), "was": was}}

    return event


def change(was: str, dossier, outcome: ScenarioResult) -> Effect | None:
    """What the write that sent `was` (see before_write) did to `outcome`'s scenario: its figures then, which only this
    server can have signed, against now. None for no, an altered, an expired or another dossier's token."""
    if not was:
        return None
    try:
        data = signing.loads(was, salt=_SALT, max_age=_MAX_AGE)
    except signing.BadSignature:
        return None
    before = data["f"].get(str(outcome.scenario.pk)) if data.get("d") == dossier.pk else None
    if before is None:
        return None
    old, now = ([None if v is None else Decimal(v) for v in figures] for figures in (before, _figures(outcome)))
    where = outcome.scenario.name
    moves = [
        NumberChange(where, _("Cumulative"), old[0], now[0], "money"),
        NumberChange(where, _("Net present value"), old[1], now[1], "money"),
    ]
    return Effect(moves, element=data["e"])
