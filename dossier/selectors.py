"""Reads of dossier content: what a user may see, the dashboard figures, citations and the change history."""

from dataclasses import dataclass, field
from datetime import date

from django.contrib.contenttypes.models import ContentType
from django.db.models import Model, Prefetch
from django.http import Http404
from django.utils import timezone
from simple_history.manager import HistoryManager

from .models import (
    Citation,
    Deelproduct,
    Dossier,
    InfrastructureFunction,
    KaderToets,
    Membership,
    Milestone,
    ResearchArea,
)


def is_id(value: str) -> bool:
    """A database id or number as typed in a URL or form: ASCII digits, within the range of a 64-bit key (so
    `int()` never meets thousands of digits)."""
    return value.isascii() and value.isdigit() and len(value) <= 18


def in_parent_order(model: type[Model]):
    """`model`'s rows in the order its Meta gives within one parent, for a prefetch: Meta.ordering that starts with
    the parent (e.g. ["provider", "task"]) orders by the parent's own ordering, which joins the parent's table
    into every prefetch query; a prefetch keeps each parent's rows apart anyway."""
    parents = {f.name for f in model._meta.fields if f.many_to_one}
    return model._default_manager.order_by(*[o for o in model._meta.ordering if o.lstrip("-") not in parents])


def dossiers_for_user(*, user):
    """The dossiers `user` is a member of, each annotated with the user's membership."""
    memberships = Membership.objects.filter(user=user).select_related("dossier").order_by("dossier__gemeente")
    return list(memberships)


def dossier_for_user(*, user, slug: str) -> tuple[Dossier, Membership]:
    """The dossier and the user's membership; 404 when it does not exist or the user is no member."""
    membership = (
        Membership.objects.select_related("dossier").filter(user=user, dossier__slug=slug).first()
        if user.is_authenticated
        else None
    )
    if membership is None:
        raise Http404("No such dossier")
    return membership.dossier, membership


# ---------------------------------------------------------------------------------------------- dashboard


@dataclass(frozen=True)
class Completeness:
    label: str
    filled: int
    total: int

    @property
    def percent(self) -> int:
        return round(100 * self.filled / self.total) if self.total else 0


@dataclass
class Dashboard:
    next_milestone: Milestone | None
    days_to_next: int | None
    overdue: list[Milestone]
    deelproducten: list[Deelproduct]
    areas: Completeness
    functions: Completeness
    dvo_days_left: int | None
    notice_days_left: int | None
    counts: dict[str, int] = field(default_factory=dict)


def _filled(objects, fields) -> tuple[int, int]:
    filled = sum(1 for obj in objects for name in fields if getattr(obj, name).strip())
    return filled, len(objects) * len(fields)


def dossier_dashboard(*, dossier: Dossier, today: date | None = None) -> Dashboard:
    today = today or timezone.localdate()
    open_milestones = list(
        Milestone.objects.filter(dossier=dossier, status__in=["gepland", "vertraagd"]).order_by("date", "id")
    )
    next_milestone = next((m for m in open_milestones if m.date >= today), None)
    areas = list(ResearchArea.objects.filter(dossier=dossier))
    functions = list(InfrastructureFunction.objects.filter(dossier=dossier))
    area_fields = ResearchArea.citable_fields
    function_fields = InfrastructureFunction.citable_fields
    return Dashboard(
        next_milestone=next_milestone,
        days_to_next=(next_milestone.date - today).days if next_milestone else None,
        overdue=[m for m in open_milestones if m.date < today],
        deelproducten=list(Deelproduct.objects.filter(dossier=dossier)),
        areas=Completeness("areas", *_filled(areas, area_fields)),
        functions=Completeness("functions", *_filled(functions, function_fields)),
        dvo_days_left=(dossier.dvo_end - today).days if dossier.dvo_end else None,
        notice_days_left=(dossier.dvo_notice_deadline - today).days if dossier.dvo_notice_deadline else None,
    )


# ---------------------------------------------------------------------------------------------- citations


def citations_by_target(*, objects) -> dict[tuple[int, int], list[Citation]]:
    """All citations of `objects` in one query, keyed by (content type id, object id)."""
    objects = [o for o in objects if o is not None]
    if not objects:
        return {}
    by_type: dict[int, list[int]] = {}
    for obj in objects:
        by_type.setdefault(ContentType.objects.get_for_model(obj).pk, []).append(obj.pk)
    from django.db.models import Q

    condition = Q()
    for ct_id, ids in by_type.items():
        condition |= Q(content_type_id=ct_id, object_id__in=ids)
    result: dict[tuple[int, int], list[Citation]] = {}
    for citation in Citation.objects.filter(condition).select_related("source").order_by("id"):
        result.setdefault((citation.content_type_id, citation.object_id), []).append(citation)
    return result


def attach_citations(objects) -> None:
    """Give every object a `cited` dict: field name ('' for the whole) -> list of citations."""
    index = citations_by_target(objects=objects)
    for obj in objects:
        ct = ContentType.objects.get_for_model(obj).pk
        cited: dict[str, list[Citation]] = {}
        for citation in index.get((ct, obj.pk), []):
            cited.setdefault(citation.field, []).append(citation)
        obj.cited = cited


def functions_with_detail(*, dossier: Dossier):
    return (
        InfrastructureFunction.objects.filter(dossier=dossier)
        .prefetch_related("delivered_by", Prefetch("toetsen", KaderToets.objects.select_related("kader")))
        .order_by("number")
    )


# ---------------------------------------------------------------------------------------------- history


def audited_models() -> list[type[Model]]:
    """Every kind of dossier content whose changes are recorded (the dossier itself and every registered kind)."""
    from .kinds import KINDS

    models = [Dossier, *(k.model for k in KINDS.values())]
    return [m for m in dict.fromkeys(models) if isinstance(getattr(m, "history", None), HistoryManager)]


@dataclass(frozen=True)
class FieldChange:
    field: str
    label: str
    old: str
    new: str


@dataclass
class ChangeEntry:
    record: Model
    model: type[Model]
    changes: tuple[FieldChange, ...]
    kind_key: str = ""
    undoable: bool = False

    @property
    def model_verbose(self) -> str:
        return str(self.model._meta.verbose_name)

    @property
    def kind(self) -> str:
        return {"+": "created", "~": "changed", "-": "deleted"}[self.record.history_type]

    @property
    def object_label(self) -> str:
        return str(self.record.instance)

    @property
    def model_label(self) -> str:
        return self.model._meta.model_name


def display_value(model: type[Model], name: str, value) -> str:
    """A stored value as people read it: a choice's label, yes/no, a list joined; “—” when empty."""
    if value is None or value == "":
        return "—"
    model_field = model._meta.get_field(name)
    if model_field.choices:
        return str(dict(model_field.flatchoices).get(value, value))
    if isinstance(value, bool):
        from django.utils.translation import gettext

        return gettext("yes") if value else gettext("no")
    if isinstance(value, list):  # m2m rows
        return ", ".join(str(v) for v in value) or "—"
    return str(value)


HIDDEN_FIELDS = {"version", "id", "dossier"}


def _changes(model, record, previous) -> tuple[FieldChange, ...]:
    if previous is None:
        return ()
    delta = record.diff_against(previous, foreign_keys_are_objs=False)
    result = []
    for change in delta.changes:
        if change.field in HIDDEN_FIELDS:
            continue
        old, new = change.old, change.new
        model_field = model._meta.get_field(change.field)
        if model_field.many_to_many:
            target = model_field.related_model
            key = f"{model_field.m2m_reverse_field_name()}"
            names = dict(target._default_manager.values_list("pk", "name"))
            old = [names.get(row[key], row[key]) for row in old]
            new = [names.get(row[key], row[key]) for row in new]
        elif model_field.is_relation:
            target = model_field.related_model
            names = {o.pk: str(o) for o in target._default_manager.filter(pk__in=[v for v in (old, new) if v])}
            old, new = names.get(old, old), names.get(new, new)
        label = str(model_field.verbose_name)
        result.append(
            FieldChange(
                change.field, label, display_value(model, change.field, old), display_value(model, change.field, new)
            )
        )
    return tuple(result)


def dossier_history(*, dossier: Dossier, model: type[Model] | None = None, object_id: int | None = None, limit=200):
    """Recorded changes of the dossier's content, newest first, each with its field-level old → new values."""
    entries: list[ChangeEntry] = []
    for candidate in [model] if model else audited_models():
        history = candidate.history.model.objects.select_related("history_user")
        if candidate is Dossier:
            history = history.filter(id=dossier.pk)
        else:
            history = history.filter(dossier_id=dossier.pk)
        if object_id is not None:
            history = history.filter(id=object_id)
        previous_by_object: dict[int, Model] = {}
        for record in history.order_by("history_date", "history_id"):
            entries.append(
                ChangeEntry(record, candidate, _changes(candidate, record, previous_by_object.get(record.id)))
            )
            previous_by_object[record.id] = record
    entries.sort(key=lambda e: (e.record.history_date, e.record.history_id), reverse=True)
    return entries[:limit]


def history_record(*, dossier: Dossier, model_name: str, history_id: int):
    """One history record of this dossier, or 404."""
    model = next((m for m in audited_models() if m._meta.model_name == model_name), None)
    if model is None:
        raise Http404("Unknown element type")
    records = model.history.model.objects.filter(history_id=history_id)
    records = records.filter(id=dossier.pk) if model is Dossier else records.filter(dossier_id=dossier.pk)
    record = records.first()
    if record is None:
        raise Http404("No such change")
    return record
