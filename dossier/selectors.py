"""Reads of dossier content: what a user may see, the dashboard figures, citations and values as people read them.
The change history has its own module (history.py)."""

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import TYPE_CHECKING

from django.contrib.contenttypes.models import ContentType
from django.db.models import Model, Prefetch, Q
from django.http import Http404
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext

from finance.fields import show_value

from .kinds import kind_for_model
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

if TYPE_CHECKING:  # for the annotation only: the services (writes) import this module
    from .services import Steps


def is_id(value: str) -> bool:
    """A database id or number as typed in a URL or form: ASCII digits, within the range of a 64-bit key (so
    `int()` never meets thousands of digits)."""
    return value.isascii() and value.isdigit() and len(value) <= 18


def is_undoable(model: type[Model], change, steps: "Steps | None", *, redo: bool = False) -> bool:
    """Whether `change` (a history row, or a services.Step: its `history_id` and `history_type`) of an element of
    `model` can be undone now (`redo`: redone). The one place this is decided: the history page, the note beside a
    saved element, the undo view and the undo service all ask here.

    Its kind must allow the step on its own: kinds without a form of their own (the weights, which must add up
    together) change only on their page, and a creation or deletion is stepped only for a kind that may be deleted.
    With the element's `steps` (services.element_steps), `change` must also be the step they offer next; `steps` None
    leaves that to the caller who reads them (the undo service, under its lock)."""
    kind = kind_for_model(model)
    if kind is None or kind.form is None or (change.history_type != "~" and not kind.deletable):
        return False
    if steps is None:
        return True
    step = steps.redo if redo else steps.undo
    return step is not None and step.history_id == change.history_id


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


# ---------------------------------------------------------------------------------------------- values


def display_value(model: type[Model], name: str, value) -> str:
    """A stored value as people read it: a choice's label, yes/no, a number by what it is (€ 4.495,50, 12,5%, 2026),
    a Dutch date, a list joined; “—” when empty."""
    if value is None or value == "":
        return "—"
    model_field = model._meta.get_field(name)
    if model_field.choices:
        return str(dict(model_field.flatchoices).get(value, value))
    if isinstance(value, bool):
        return gettext("yes") if value else gettext("no")
    if isinstance(value, list) and hasattr(model_field, "item_choices"):
        return ", ".join(model_field.labels(value)) or "—"
    if isinstance(value, list):  # m2m rows
        return ", ".join(str(v) for v in value) or "—"
    if (shown := show_value(model_field, value)) is not None:
        return shown
    if isinstance(value, datetime):
        return date_format(timezone.localtime(value), "j F Y, H:i")
    if isinstance(value, date):
        return date_format(value, "j F Y")
    return str(value)
