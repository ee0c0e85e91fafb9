"""One page of the history read whole: its rows with the row before each (old → new per field, as people read them:
money, percentages, years, Dutch dates, a choice's label, the name of what a relation points at), the elements named
as they were then, and whether each row can be undone or redone now. A few queries per kind of element on the page,
none per row."""

from collections import defaultdict
from dataclasses import dataclass

from django.core.exceptions import ObjectDoesNotExist
from django.db.models import Model, OuterRef, Q, Subquery
from django.utils.translation import gettext_lazy as _

from . import services
from .kinds import Kind, kind_for_model
from .models import Dossier, DossierImport
from .selectors import display_value, is_undoable

HIDDEN_FIELDS = {"version", "id", "dossier"}


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
    kind: Kind | None
    label: str  # the element as it was named then
    changes: tuple[FieldChange, ...] = ()
    can_undo: bool = False
    can_redo: bool = False
    undone: bool = False  # undone now (and not redone)
    stepped: int | None = None  # an undo or redo row: the history id of the change it stepped over
    is_group: bool = False
    imported: DossierImport | None = None  # the import that wrote this row (`history.mark_imported`)

    @property
    def action(self) -> str:
        return {"+": "created", "~": "changed", "-": "deleted"}[self.record.history_type]

    @property
    def model_name(self) -> str:
        return self.model._meta.model_name

    @property
    def kind_label(self) -> str:
        return kind_name(self.model)

    @property
    def short_label(self) -> str:
        return _cut(self.label, 160)

    @property
    def who(self) -> str:
        user = self.record.history_user
        return (user.get_full_name() or user.get_username()) if user is not None else ""


def kind_name(model, *, plural: bool = False) -> str:
    """What people call an element of `model` ("Risico's"); the dossier's own texts are the bestuursopdracht."""
    if model is Dossier:
        return str(_("Bestuursopdracht"))
    name = str(model._meta.verbose_name_plural if plural else model._meta.verbose_name)
    return name[:1].upper() + name[1:]


# ---------------------------------------------------------------------------------------------- the page's rows


def read_entries(rows, models) -> list[ChangeEntry]:
    """The page's rows, as (history id, model index, element id), read whole. Per kind of element on the page: one
    query for its rows and the row before each (old → new), one for what undo and redo would do
    (`services.steps_since`: the elements' history from the page on, not all of it), one for m2m values if it has
    any; and one per kind of element they name."""
    by_model: dict[int, list[int]] = defaultdict(list)
    for history_id, index, _pk in rows:
        by_model[index].append(history_id)
    records: dict[tuple[int, int], Model] = {}
    previous: dict[tuple[int, int], Model] = {}
    steps: dict[tuple[int, int], services.Steps] = {}
    m2m: dict[tuple[int, int], dict] = {}
    names = _Names(models)
    for index, ids in by_model.items():
        model = models[index]
        history = services.history_model(model)._default_manager
        before = history.filter(id=OuterRef("id"), history_id__lt=OuterRef("history_id")).order_by("-history_id")
        before = Subquery(before.values("history_id")[:1])
        befores = history.filter(history_id__in=ids).annotate(before=before).values("before")
        read = {
            r.history_id: r
            for r in history.filter(Q(history_id__in=ids) | Q(history_id__in=befores))
            .select_related("history_user")
            .annotate(before=before)
        }
        since: dict[int, int] = {}
        for history_id in ids:
            record = read[history_id]
            records[index, history_id] = record
            if record.before:
                previous[index, history_id] = read[record.before]
            since[record.id] = min(since.get(record.id, history_id), history_id)
        steps.update({(index, pk): s for pk, s in services.steps_since(model, since).items()})
        m2m.update({(index, k): v for k, v in _m2m_values(model, list(read.values())).items()})
        names.want(model, read.values(), m2m, index)
    names.read()
    entries = []
    for history_id, index, pk in rows:
        model, record = models[index], records[index, history_id]
        before = previous.get((index, history_id))
        element_steps = steps[index, pk]
        entries.append(
            ChangeEntry(
                record=record,
                model=model,
                kind=kind_for_model(model),
                label=names.label(model, record),
                changes=_field_changes(model, record, before, m2m, index, names) if before is not None else (),
                can_undo=is_undoable(model, record, element_steps),
                can_redo=is_undoable(model, record, element_steps, redo=True),
                undone=history_id in element_steps.undone,
                stepped=element_steps.stepped.get(history_id),
            )
        )
    return entries


def _m2m_values(model, records) -> dict[int, dict[str, list[int]]]:
    """{history id: {m2m field: sorted target ids}} for records of `model` (one query per m2m field)."""
    history = services.history_model(model)
    values: dict[int, dict[str, list[int]]] = {r.history_id: {} for r in records}
    for m2m_field in getattr(history, "_history_m2m_fields", ()) or ():
        through = next(
            r.related_model
            for r in history._meta.related_objects
            if r.related_model.__name__ == f"{history._meta.object_name}_{m2m_field.name}"
        )
        for record in records:
            values[record.history_id][m2m_field.name] = []
        target = f"{m2m_field.m2m_reverse_field_name()}_id"
        rows = through._default_manager.filter(history_id__in=list(values)).values_list("history_id", target)
        for history_id, pk in rows:
            values[history_id][m2m_field.name].append(pk)
        for record in records:
            values[record.history_id][m2m_field.name].sort()
    return values


def _tracked(model):
    return [f for f in model._meta.concrete_fields if f.name not in HIDDEN_FIELDS and not f.primary_key]


def _field_changes(model, record, before, m2m, index, names) -> tuple[FieldChange, ...]:
    result = []
    for model_field in _tracked(model):
        old, new = getattr(before, model_field.attname), getattr(record, model_field.attname)
        if old != new:
            result.append(_field_change(model_field, old, new, names))
    for model_field in model._meta.many_to_many:
        old = m2m.get((index, before.history_id), {}).get(model_field.name)
        new = m2m.get((index, record.history_id), {}).get(model_field.name)
        if old is not None and new is not None and old != new:
            result.append(_field_change(model_field, old, new, names))
    return tuple(result)


def _field_change(model_field, old, new, names) -> FieldChange:
    def shown(value):
        if model_field.is_relation and value not in (None, ""):
            values = value if isinstance(value, list) else [value]
            return ", ".join(names.name(model_field.related_model, pk) for pk in values) or "—"
        return display_value(model_field.model, model_field.name, value)

    label = str(model_field.verbose_name)
    return FieldChange(model_field.name, label[:1].upper() + label[1:], _cut(shown(old)), _cut(shown(new)))


def _cut(text: str, length: int = 600) -> str:
    """A long text shortened for the page (the element's own page and the diff of versions show it whole)."""
    return text if len(text) <= length else f"{text[: length - 1].rstrip()}…"


class _Names:
    """The names of the elements a page's rows refer to (their foreign keys and m2m values), read once per kind:
    the live element, or for one deleted since its last recorded state."""

    def __init__(self, models):
        self.models = models  # the audited ones: a deleted element's name comes from its history
        self.wanted: dict[type[Model], set] = defaultdict(set)
        self.objects: dict[type[Model], dict] = {}

    def want(self, model, records, m2m, index) -> None:
        for model_field in _tracked(model):
            if model_field.many_to_one:
                self.wanted[model_field.related_model].update(
                    getattr(r, model_field.attname) for r in records if getattr(r, model_field.attname) is not None
                )
        for model_field in model._meta.many_to_many:
            for r in records:
                values = m2m.get((index, r.history_id), {})
                self.wanted[model_field.related_model].update(values.get(model_field.name, ()))

    def read(self) -> None:
        for target, pks in self.wanted.items():
            found = {o.pk: o for o in target._base_manager.filter(pk__in=pks)} if pks else {}
            missing = pks - set(found)
            if missing and target in self.models:  # deleted since: as it was last recorded
                rows = services.history_model(target)._default_manager.filter(id__in=missing).order_by("-history_id")
                for row in rows:
                    found.setdefault(row.id, row.instance)
            self.objects[target] = found

    def name(self, target, pk) -> str:
        obj = self.objects.get(target, {}).get(pk)
        return _safe_str(obj) if obj is not None else f"#{pk}"

    def label(self, model, record) -> str:
        """The element as its row names it, its references filled in from what was read."""
        instance = record.instance
        for model_field in _tracked(model):
            if model_field.many_to_one:
                related = self.objects.get(model_field.related_model, {}).get(getattr(record, model_field.attname))
                if related is not None:
                    model_field.set_cached_value(instance, related)
        return _safe_str(instance) or f"{model._meta.verbose_name} #{record.id}"


def _safe_str(obj) -> str:
    try:
        return str(obj)
    except ObjectDoesNotExist:  # it names something removed without a trace
        return ""


def element_name(*, dossier: Dossier, model, pk: int, models) -> str:
    """The name of one element (also one deleted since), from its newest history row."""
    rows = services.history_model(model)._default_manager.filter(id=pk)
    rows = rows if model is Dossier else rows.filter(dossier_id=dossier.pk)
    record = rows.order_by("-history_id").first() if model is not Dossier or pk == dossier.pk else None
    if record is None:
        return f"{model._meta.verbose_name} #{pk}"
    names = _Names(models)
    names.want(model, [record], {}, None)
    names.read()
    return names.label(model, record)
