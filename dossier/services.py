"""Writes to dossier content. Every write validates, runs in a transaction, raises the edit version and
leaves a history row (simple-history's save signal; no bulk operations are used on audited models)."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import CheckConstraint, Model, ProtectedError, Q, UniqueConstraint
from django.dispatch import receiver
from django.utils.translation import gettext as _
from simple_history.signals import post_create_historical_record

from .errors import ConflictError, DomainError


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


def change_undo(*, record, user) -> Model | None:
    """Undo one recorded change (see `_undo`); any rule it would break is reported as a DomainError."""
    try:
        with transaction.atomic():
            return _undo(record=record, user=user)
    except ValidationError as exc:
        raise DomainError(_("This change cannot be undone: %(error)s") % {"error": "; ".join(exc.messages)}) from exc
    except ProtectedError as exc:
        raise DomainError(
            _("This change cannot be undone because other parts of the dossier now refer to this element.")
        ) from exc


def _undo(*, record, user) -> Model | None:
    """Undo one recorded change: a creation is deleted, a deletion restored, an edit reverted.

    Refused when the element changed again after this change (undo the later change first), so an undo
    never silently throws away somebody else's work.
    """
    model = record.instance_type
    pk = record.instance.pk
    current = model._default_manager.select_for_update().filter(pk=pk).first()
    reason = _("Undo of change #%(id)s") % {"id": record.history_id}

    if record.history_type == "-":
        if current is not None:
            raise DomainError(_("This element already exists again."))
        restored = record.instance
        restored.version = record.version + 1
        _save(restored, user=user, reason=reason)
        m2m_state = _m2m_state(record)
        for name, pks in m2m_state.items():
            getattr(restored, name).set(pks)
        return restored

    if current is None:
        raise DomainError(_("This element has been deleted since; restore the deletion first."))
    if current.version != record.version:
        raise DomainError(_("This element was changed again after this change. Undo the later change first."))

    if record.history_type == "+":
        current._history_user = user
        current._change_reason = reason
        current.delete()
        return None

    previous = record.prev_record
    if previous is None:
        raise DomainError(_("There is no earlier state to return to."))
    delta = record.diff_against(previous, foreign_keys_are_objs=False)
    data = {}
    for change in delta.changes:
        if change.field == "version":
            continue
        data[change.field] = change.old
    plain, m2m = _split_m2m(model, data)
    for name, value in plain.items():
        setattr(current, model._meta.get_field(name).attname, value)
    current.version += 1
    previous_m2m = _m2m_state(previous)
    _set_m2m_quietly(current, {name: previous_m2m.get(name, []) for name in m2m})
    _save(current, user=user, reason=reason)
    return current


def _m2m_state(record) -> dict[str, list[int]]:
    """The m2m values stored with a history record (InfrastructureFunction.delivered_by)."""
    state = {}
    for field in getattr(type(record), "_history_m2m_fields", []) or []:  # the historical model holds them
        through = getattr(record, field.name)
        state[field.name] = [getattr(row, f"{field.m2m_reverse_field_name()}_id") for row in through.all()]
    return state
