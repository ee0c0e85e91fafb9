"""What a write did to the scenarios' money, as was → nu. After the write the page hears the `scenario-changed` htmx
event naming the scenarios that depend on the element, with a token signed by this server, and an editor showing one
of them asks its result again with it (`change`). What the token carries depends on the write:

- an edit of an element (the common case): the element's values before the write. The refresh reads the scenario
  anyway; it computes "was" by putting those values back into what it read, for a moment — the effect of exactly
  this edit, and no second read of every dependent scenario in the save.
- a new, deleted or restored element (or an edit whose values would not fit in a URL): the figures of every
  dependent scenario, computed before the write."""

from decimal import Decimal

from django.core import signing
from django.db.models import JSONField, Q, TextField
from django.utils.translation import gettext as _

from dossier.changes import Effect, NumberChange
from finance.engine import to_cents

from .models import Provider, ProviderTariff, Scenario, StaffLine
from .results import ScenarioResult
from .selectors import ScenarioDetail, money_of, results_where

EVENT = "scenario-changed"
_SALT = "scenarios.effects"
_MAX_AGE = 60 * 60  # seconds: the page asks its result again as soon as the save is in
_MAX_TOKEN = 1500  # characters: the token travels in the refresh's URL; a longer one falls back to the figures


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


def _values(element) -> dict:
    """The element's own values that money can depend on, as JSON: numbers, dates, choices and links — not its free
    texts (source, reason, notes), which no computation reads and which would make the token long."""
    values = {}
    for field in element._meta.concrete_fields:
        if (
            field.primary_key
            or isinstance(field, TextField)
            or (field.get_internal_type() == "CharField" and not field.choices)
        ):
            continue
        values[field.attname] = _dump(field, element)
    return values


def _dump(field, obj):
    """A field's value as JSON for the token: JSON fields and None as they are, the rest as the field writes it."""
    value = field.value_from_object(obj)
    return value if value is None or isinstance(field, JSONField) else field.value_to_string(obj)


def _load(field, value):
    """The inverse of _dump."""
    return value if value is None or isinstance(field, JSONField) else field.to_python(value)


def before_edit(dossier, element, stored):
    """Read before an edit of `element`: which scenarios depend on it (one small query); `stored` is the element as
    read before the form put the new values on it. Returns a function that, after the write, gives the htmx event
    for the page, as before_write's does."""
    condition = _depending(element)
    if condition is None:
        return None
    scenarios = sorted(set(Scenario.objects.filter(dossier=dossier).filter(condition).values_list("pk", flat=True)))
    if not scenarios:
        return None
    old = [element._meta.label_lower, element.pk, _values(stored)]
    if len(signing.dumps({"d": dossier.pk, "e": "", "o": old}, salt=_SALT, compress=True)) > _MAX_TOKEN:
        return before_write(dossier, element)  # too long for the refresh's URL: the figures, read now

    def event(element_id: str) -> dict:
        was = signing.dumps({"d": dossier.pk, "e": element_id, "o": old}, salt=_SALT, compress=True)
        return {EVENT: {"scenarios": scenarios, "was": was}}

    return event


def _graph(root) -> list:
    """Every model instance read with `root`: it, what it prefetched and what its foreign keys hold, recursively."""
    seen, todo, found = set(), [root], []
    while todo:
        obj = todo.pop()
        if id(obj) in seen:
            continue
        seen.add(id(obj))
        found.append(obj)
        for related in getattr(obj, "_prefetched_objects_cache", {}).values():
            todo.extend(related)
        todo.extend(v for v in obj._state.fields_cache.values() if v is not None)
    return found


def _was_figures(detail: ScenarioDetail, old) -> list[str | None]:
    """The scenario's figures with the edited element's old values put back, for a moment, into what the refresh
    read (every copy of it there); its figures now when the element is not part of this scenario's money."""
    outcome = detail.outcome
    label, pk, values = old
    copies = [obj for obj in _graph(outcome.scenario) if obj._meta.label_lower == label and obj.pk == pk]
    if not copies:
        return _figures(outcome)
    fields = {f.attname: f for f in copies[0]._meta.concrete_fields}
    now = [{name: getattr(obj, name) for name in values} for obj in copies]
    related = [dict(obj._state.fields_cache) for obj in copies]  # a changed link forgets what it held: kept here
    try:
        for obj in copies:
            for name, value in values.items():
                setattr(obj, name, _load(fields[name], value))
        return _figures(money_of(detail))
    finally:
        for obj, kept, cache in zip(copies, now, related, strict=True):
            for name, value in kept.items():
                setattr(obj, name, value)
            obj._state.fields_cache = cache


def change(was: str, dossier, detail: ScenarioDetail) -> Effect | None:
    """What the write that sent `was` (see before_write) did to the scenario of `detail` (scenario_detail): its
    figures then, which only this server can have signed, against now. None for no, an altered, an expired or
    another dossier's token."""
    outcome = detail.outcome
    if not was:
        return None
    try:
        data = signing.loads(was, salt=_SALT, max_age=_MAX_AGE)
    except signing.BadSignature:
        return None
    if data.get("d") != dossier.pk:
        return None
    if "o" in data:
        before = _was_figures(detail, data["o"])
    else:
        before = data["f"].get(str(outcome.scenario.pk))
    if before is None:
        return None
    old, now = ([None if v is None else Decimal(v) for v in figures] for figures in (before, _figures(outcome)))
    where = outcome.scenario.name
    moves = [
        NumberChange(where, _("Cumulative"), old[0], now[0], "money"),
        NumberChange(where, _("Net present value"), old[1], now[1], "money"),
    ]
    return Effect(moves, element=data["e"])
