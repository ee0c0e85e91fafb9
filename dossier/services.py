"""Writes to dossier content. Every write validates, runs in a transaction, raises the edit version and
leaves a history row (simple-history's save signal; no bulk operations are used on audited models)."""

from dataclasses import dataclass, field
from functools import cache

from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.db.models import CheckConstraint, Max, Model, ProtectedError, Q, UniqueConstraint
from django.dispatch import receiver
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from simple_history.signals import post_create_historical_record

from .errors import ConflictError, DomainError
from .selectors import is_undoable


@receiver(post_create_historical_record)
def _keep_record(sender, instance, history_instance, **kwargs):
    instance._written_record = history_instance


def written_record(instance: Model):
    """The history row of `instance`'s last save (the undo the answer to a save offers), without reading it back
    when the save happened in this request."""
    record = getattr(instance, "_written_record", None)
    return record if record is not None else instance.history.order_by("-history_id").first()


def _locked(instance: Model) -> Model:
    return type(instance)._default_manager.select_for_update().get(pk=instance.pk)


def _split_m2m(model: type[Model], data: dict) -> tuple[dict, dict]:
    m2m_names = {f.name for f in model._meta.many_to_many}
    plain = {k: v for k, v in data.items() if k not in m2m_names}
    return plain, {k: v for k, v in data.items() if k in m2m_names}


def _save(instance: Model, *, user, reason: str = "", unchanged: frozenset = frozenset()) -> None:
    """Validate and save. `unchanged` names the fields an update leaves as they were read under lock: their
    foreign keys still exist and the checks that involve only them still hold (the database enforces both), so
    they are not asked of the database again; every check a changed field takes part in runs."""
    fixed_keys = {f.name for f in instance._meta.concrete_fields if f.many_to_one and f.name in unchanged}
    instance.full_clean(exclude=fixed_keys, validate_unique=False, validate_constraints=False)
    settled = _settled(type(instance), unchanged)
    errors = {}
    for check in (instance.validate_unique, instance.validate_constraints):
        try:
            check(exclude=settled)
        except ValidationError as exc:
            errors = exc.update_error_dict(errors)
    if errors:
        raise ValidationError(errors)
    instance._history_user = user
    if reason:
        instance._change_reason = reason
    instance.save()


def _settled(model: type[Model], unchanged: frozenset) -> set[str]:
    """The unchanged fields whose every uniqueness rule and constraint involves unchanged fields only. Django skips
    a check when one of its fields is excluded, so excluding these skips exactly the checks no change touches."""
    if not unchanged:
        return set()
    meta = model._meta
    everything = {f.name for f in meta.concrete_fields}
    groups = [set(names) for names in meta.unique_together] + [{f.name} for f in meta.concrete_fields if f.unique]
    for constraint in meta.constraints:
        if isinstance(constraint, UniqueConstraint) and constraint.fields:
            condition = constraint.condition  # a partial uniqueness also depends on what its condition reads
            groups.append(set(constraint.fields) | (condition.referenced_base_fields if condition else set()))
        elif isinstance(constraint, CheckConstraint) and isinstance(constraint.condition, Q):
            groups.append(constraint.condition.referenced_base_fields)
        else:  # a rule over expressions: assume it reads every field
            groups.append(everything)
    return {name for name in unchanged if all(group <= unchanged for group in groups if name in group)}


@transaction.atomic
def content_create(*, model: type[Model], dossier, data: dict, user, reason: str = "") -> Model:
    """Create one element of `dossier` from validated form data."""
    plain, m2m = _split_m2m(model, data)
    instance = model(dossier=dossier, **plain) if model._meta.model_name != "dossier" else model(**plain)
    _save(instance, user=user, reason=reason)
    for name, values in m2m.items():
        getattr(instance, name).set(values)
    return instance


@transaction.atomic
def content_update(*, instance: Model, data: dict, user, expected_version: int | None, reason: str = "") -> Model:
    """Apply `data` to `instance` unless somebody saved it after `expected_version` was read."""
    current = _locked(instance)
    if expected_version is not None and current.version != expected_version:
        raise ConflictError(current)
    plain, m2m = _split_m2m(type(current), data)
    unchanged = _unchanged(current, plain)
    changed_m2m = {
        name: values
        for name, values in m2m.items()
        if {o.pk for o in values} != set(getattr(current, name).values_list("pk", flat=True))
    }
    for name, value in plain.items():
        setattr(current, name, value)
    _keep_related(instance, current, unchanged)
    current.version += 1
    _set_m2m_quietly(current, changed_m2m)
    _save(current, user=user, reason=reason, unchanged=unchanged)  # validates first; a refusal rolls the m2m back
    return current


def _unchanged(current: Model, data: dict) -> frozenset:
    """The fields of `current` (just read under lock) that `data` leaves as they are; the version always changes."""
    names = set()
    for f in current._meta.concrete_fields:
        stored = getattr(current, f.attname)
        if f.name not in data:
            names.add(f.name)
        elif (getattr(data[f.name], "pk", data[f.name]) if f.many_to_one else data[f.name]) == stored:
            names.add(f.name)
    return frozenset(names - {"version"})


def _keep_related(read: Model, current: Model, unchanged: frozenset) -> None:
    """The related rows the caller read with the element (e.g. a tariff's provider), for the foreign keys the update
    leaves alone: the answer to the save shows them without reading them again."""
    for f in current._meta.concrete_fields:
        if f.many_to_one and f.name in unchanged and f.is_cached(read) and not f.is_cached(current):
            f.set_cached_value(current, f.get_cached_value(read))


def _set_m2m_quietly(instance: Model, values: dict) -> None:
    """Set m2m values without simple-history's per-signal rows; the save that follows records them."""
    if not values:
        return
    instance.skip_history_when_saving = True
    try:
        for name, related in values.items():
            getattr(instance, name).set(related)
    finally:
        del instance.skip_history_when_saving


@transaction.atomic
def content_delete(*, instance: Model, user, expected_version: int | None = None) -> None:
    """Delete one element; its history (and so the way back through undo) is kept."""
    current = _locked(instance)
    if expected_version is not None and current.version != expected_version:
        raise ConflictError(current)
    current._history_user = user
    try:
        current.delete()
    except ProtectedError as exc:  # e.g. a source that is still cited
        raise DomainError(
            _(
                "This cannot be deleted: %(n)d other element(s) still refer to it (for a source: its citations, "
                "listed under “Cited”). Remove those first."
            )
            % {"n": len(exc.protected_objects)}
        ) from exc


# ---------------------------------------------------------------------------------------------- undo and redo
#
# Undo steps back through one element's own changes, newest first; redo re-applies what was undone, until anything
# else is changed (as in every editor). Undo and redo are recorded like any change, marked by their reason; which
# change each of them stepped over follows from replaying the element's rows in order (`element_steps`), so the
# marks need no ids and survive a transfer that renumbers the history.

UNDO_REASON = "Ongedaan gemaakt"
REDO_REASON = "Opnieuw uitgevoerd"


@dataclass(frozen=True)
class Step:
    history_id: int
    history_type: str  # "+" created, "~" changed, "-" deleted


@dataclass(frozen=True)
class Steps:
    """Where an element stands in its own history."""

    undo: Step | None = None  # the newest change that is not undone: what an undo steps back
    redo: Step | None = None  # the change undone last, when nothing else changed since: what a redo re-applies
    undone: frozenset = frozenset()  # history ids of the changes that are undone now
    stepped: dict = field(default_factory=dict)  # history id of an undo or redo row -> the change it stepped over


def replay(rows, *, partial: bool = False) -> Steps | None:
    """The steps of one element from its history rows, oldest first, as (history_id, history_type, reason).

    `partial`: the rows are the newest part of the history only. What they decide about themselves holds (whether
    each is undone, can be undone or redone now); None when an undo or redo among them reaches back before them."""
    done, redo, undone, stepped = [], [], set(), {}
    for history_id, history_type, reason in rows:
        if reason in (UNDO_REASON, REDO_REASON) and partial and not (done if reason == UNDO_REASON else redo):
            return None
        if reason == UNDO_REASON and done:
            step = done.pop()
            redo.append(step)
            undone.add(step.history_id)
            stepped[history_id] = step.history_id
        elif reason == REDO_REASON and redo:
            step = redo.pop()
            done.append(step)
            undone.discard(step.history_id)
            stepped[history_id] = step.history_id
        else:
            done.append(Step(history_id, history_type))
            redo.clear()
    return Steps(done[-1] if done else None, redo[-1] if redo else None, frozenset(undone), stepped)


STEP_COLUMNS = ("history_id", "history_type", "history_change_reason")


@cache
def history_model(model: type[Model]) -> type[Model]:
    """The model of `model`'s history rows (reading `model.history` builds a manager class each time)."""
    return model.history.model


def element_steps(model: type[Model], pk: int) -> Steps:
    """The steps of one element (one query)."""
    rows = history_model(model).objects.filter(id=pk).order_by("history_id").values_list(*STEP_COLUMNS)
    return replay(rows)


def steps_of(model: type[Model], pks) -> dict[int, Steps]:
    """The steps of several elements of one model (one query)."""
    by_element: dict[int, list] = {pk: [] for pk in pks}
    rows = history_model(model).objects.filter(id__in=set(pks)).order_by("id", "history_id")
    for pk, *row in rows.values_list("id", *STEP_COLUMNS):
        by_element[pk].append(tuple(row))
    return {pk: replay(element_rows) for pk, element_rows in by_element.items()}


def steps_since(model: type[Model], since: dict[int, int]) -> dict[int, Steps]:
    """The steps of several elements of one model as far as their rows from history id `since[pk]` on decide them:
    what a page of the history needs to know about its own rows, read without the (possibly long) history before
    them. An element whose undo or redo reaches back further is read whole (one query, and one more then)."""
    # As SQL: the ORM takes longer to build fifty such conditions than the database to answer them.
    table = connection.ops.quote_name(history_model(model)._meta.db_table)
    where = " OR ".join("(id = %s AND history_id >= %s)" for _pk in since)
    sql = f"SELECT id, {', '.join(STEP_COLUMNS)} FROM {table} WHERE {where} ORDER BY id, history_id"  # noqa: S608
    by_element: dict[int, list] = {pk: [] for pk in since}
    with connection.cursor() as cursor:
        cursor.execute(sql, [value for pair in since.items() for value in pair])
        for pk, *row in cursor.fetchall():
            by_element[pk].append(tuple(row))
    result = {pk: replay(element_rows, partial=True) for pk, element_rows in by_element.items()}
    short = [pk for pk, steps in result.items() if steps is None]
    return result | (steps_of(model, short) if short else {})


def change_undo(*, record, user) -> Model | None:
    """Undo the change `record`, which must be the element's newest change not undone yet: an edit is reverted, a
    creation deleted, a deletion restored. Returns the element (None when it no longer exists)."""
    return _step(record=record, user=user, redo=False)


def change_redo(*, record, user) -> Model | None:
    """Re-apply the change `record`, which must be the change undone last with nothing changed since."""
    return _step(record=record, user=user, redo=True)


def _step(*, record, user, redo: bool) -> Model | None:
    """Any rule the step would break is reported as a DomainError; nothing is written then."""
    try:
        with transaction.atomic():
            return _apply_step(record=record, user=user, redo=redo)
    except ValidationError as exc:
        raise DomainError(_("This change cannot be undone: %(error)s") % {"error": "; ".join(exc.messages)}) from exc
    except ProtectedError as exc:
        raise DomainError(
            _("This change cannot be undone because other parts of the dossier now refer to this element.")
        ) from exc


def _apply_step(*, record, user, redo: bool) -> Model | None:
    model = record.instance_type
    current = model._default_manager.select_for_update().filter(pk=record.id).first()  # one step at a time
    history = history_model(model).objects.filter(id=record.id).order_by("history_id")
    rows = list(history.values_list(*STEP_COLUMNS))
    steps = replay(rows)
    if not is_undoable(model, record, steps, redo=redo):
        raise DomainError(_refusal(history, steps, record, redo))
    reason = REDO_REASON if redo else UNDO_REASON
    removes = record.history_type == ("-" if redo else "+")
    if (current is None) != (record.history_type == ("+" if redo else "-")):  # changed outside the history
        raise DomainError(_("This element was changed outside the history; reload the page and try again."))
    if removes:  # undo a creation, redo a deletion
        current._history_user = user
        current._change_reason = reason
        current.delete()
        return None
    if record.history_type == "~":  # back to the state before the change, or forward to the state it made
        target = record if redo else history.filter(history_id__lt=record.history_id).last()
        if target is None:
            raise DomainError(_("There is no earlier state to return to."))
        return _become(current, target, user=user, reason=reason)
    # Undo a deletion, redo a creation: the element as that row recorded it, with a version after every earlier one.
    restored = record.instance
    restored.version = history.aggregate(newest=Max("version"))["newest"] + 1
    _save(restored, user=user, reason=reason)
    for name, pks in _m2m_state(record).items():
        getattr(restored, name).set(pks)
    return restored


def _become(current: Model, target, *, user, reason: str) -> Model:
    """Give `current` the recorded state `target` (its fields and m2m values); the version moves on."""
    model = type(current)
    for f in model._meta.concrete_fields:
        if not f.primary_key and f.name != "version":
            setattr(current, f.attname, getattr(target, f.attname))
    current.version += 1
    target_m2m = _m2m_state(target)
    _set_m2m_quietly(
        current,
        {
            name: pks
            for name, pks in target_m2m.items()
            if set(pks) != set(getattr(current, name).values_list("pk", flat=True))
        },
    )
    _save(current, user=user, reason=reason)
    return current


def _refusal(history, steps: Steps, record, redo: bool) -> str:
    """Why this step cannot be taken now, in words that say what to do instead."""
    if not is_undoable(record.instance_type, record, None):  # a kind changed only on its own page (the weights)
        return _("This change cannot be undone: %(error)s") % {"error": record.instance_type._meta.verbose_name}
    # The newest change still in force came after this one: its author and time tell the user whom to ask.
    later = history.select_related("history_user").get(history_id=steps.undo.history_id) if steps.undo else None
    who_when = {"who": _who(later), "when": _when(later)} if later is not None else {"who": "?", "when": "?"}
    if not redo:
        if record.history_id in steps.undone:
            return _("This change has already been undone.")
        return (
            _(
                "This element was changed again afterwards (by %(who)s on %(when)s). Undo that later change first; "
                "an undo never throws away someone's later work."
            )
            % who_when
        )
    if record.history_id not in steps.undone:
        return _("This change is not undone, so there is nothing to redo.")
    if steps.redo is not None:
        return _("Another change was undone after this one; redo that one first.")
    return (
        _(
            "The element was changed again after the undo (by %(who)s on %(when)s), so this change can no longer "
            "be redone."
        )
        % who_when
    )


def _who(record) -> str:
    user = record.history_user
    return (user.get_full_name() or user.get_username()) if user is not None else _("the system")


def _when(record) -> str:
    return date_format(timezone.localtime(record.history_date), "j F Y, H:i")


def _m2m_state(record) -> dict[str, list[int]]:
    """The m2m values stored with a history record (InfrastructureFunction.delivered_by)."""
    state = {}
    for m2m_field in getattr(type(record), "_history_m2m_fields", []) or []:  # the historical model holds them
        target = f"{m2m_field.m2m_reverse_field_name()}_id"
        state[m2m_field.name] = [getattr(row, target) for row in getattr(record, m2m_field.name).all()]
    return state
