"""The dossier's change history as people read it. Every audited model has its own history table; one page of the
history is one UNION over them in SQL, sorted and cut there, so a page costs the same with 40 or 40,000 rows. Only
that page's rows are then read whole, with the row before each (for old → new per field), the names they refer to
and whether each can be undone or redone now. What the loader created at the start is one line, not 400."""

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from functools import cache

from django.core.exceptions import ObjectDoesNotExist
from django.db import connection
from django.db.models import Model, OuterRef, Subquery
from django.http import Http404
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext_lazy as _
from simple_history.manager import HistoryManager

from . import services
from .kinds import KINDS, Kind, kind_for_model
from .loading import REASON as LOADED
from .loading import STANDARD_REASON
from .models import Dossier
from .selectors import display_value

HIDDEN_FIELDS = {"version", "id", "dossier"}
# What a loader writes: rows with the loader's reason (a creation, and the m2m values set right after it) and
# creations by nobody (the system). They form one line per reason ("Geladen uit fixture: 458 onderdelen").
LOAD_REASONS = (LOADED, STANDARD_REASON)
LOADED_SQL = "COALESCE(history_change_reason, '') IN (%s, %s) OR (history_type = '+' AND history_user_id IS NULL)"


@cache
def audited_models() -> tuple[type[Model], ...]:
    """Every kind of dossier content whose changes are recorded (the dossier itself and every registered kind), in a
    fixed order: a model's place in it names the model in the SQL that combines their history."""
    models = [Dossier, *(k.model for k in KINDS.values())]
    return tuple(m for m in dict.fromkeys(models) if isinstance(getattr(m, "history", None), HistoryManager))


def history_record(*, dossier: Dossier, model_name: str, history_id: int):
    """One history record of this dossier, or 404."""
    model = next((m for m in audited_models() if m._meta.model_name == model_name), None)
    if model is None:
        raise Http404("Unknown element type")
    record = _rows(model, dossier).filter(history_id=history_id).first()
    if record is None:
        raise Http404("No such change")
    return record


def _rows(model, dossier):
    rows = services.history_model(model)._default_manager.order_by()
    return rows.filter(id=dossier.pk) if model is Dossier else rows.filter(dossier_id=dossier.pk)


# ---------------------------------------------------------------------------------------------- filters


@dataclass(frozen=True)
class HistoryFilter:
    kind: Kind | None = None  # one kind of element
    element: int | None = None  # one element of `kind` (its id)
    user: int | None = None  # changes by one person
    system: bool = False  # changes by nobody: loaders, imports
    since: date | None = None
    until: date | None = None  # inclusive

    def models(self):
        return [self.kind.model] if self.kind else list(audited_models())


def _start_of(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


# ---------------------------------------------------------------------------------------------- what a page shows


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


@dataclass
class LoadGroup:
    """What loaders created (with one reason), as one line that opens to the number of elements of each kind."""

    reason: str
    count: int
    first: datetime
    last: datetime
    parts: list[tuple[str, int]] = field(default_factory=list)  # (kind, number of elements)
    position: int | None = 0  # how many other changes are newer
    is_group: bool = True

    @property
    def one_day(self) -> bool:
        return timezone.localdate(self.first) == timezone.localdate(self.last)


# ---------------------------------------------------------------------------------------------- the page


class DossierHistory:
    """The dossier's history (filtered), newest first, as a sequence a Paginator can page: its length and each slice
    are asked of the database. Load groups take their place among the other changes by date.

    The rows of every history table come together in one UNION ALL, written here as SQL (the ORM's union of thirty
    querysets cost more to build than the database took to answer): (date, history id, model index, type, reason,
    loaded). A page costs three queries over it, whatever the history's size: the load groups, the counts (with each
    group's place), and the page's rows; then a few per kind of element on the page (`_entries`)."""

    def __init__(self, *, dossier: Dossier, filters: HistoryFilter):
        self.dossier, self.filters = dossier, filters
        self.changes = self._rows_sql(loaded=False)
        self.loads = self._rows_sql(loaded=True)
        self._count = None
        self._groups = None

    def _rows_sql(self, *, loaded: bool) -> tuple[str, list]:
        """The UNION ALL of the history tables under the filters, of the rows a loader wrote (`loaded`) or of the
        others: (date, history id, model index, element id, type, reason)."""
        f, ops = self.filters, connection.ops
        parts, params = [], []
        for index, model in enumerate(audited_models()):
            if model not in f.models():
                continue
            where = [f"{'' if loaded else 'NOT '}({LOADED_SQL})", "id = %s" if model is Dossier else "dossier_id = %s"]
            values = [*LOAD_REASONS, self.dossier.pk]
            if f.element is not None:
                where.append("id = %s")
                values.append(f.element)
            if f.user is not None:
                where.append("history_user_id = %s")
                values.append(f.user)
            if f.system:
                where.append("history_user_id IS NULL")
            if f.since:
                where.append("history_date >= %s")
                values.append(ops.adapt_datetimefield_value(_start_of(f.since)))
            if f.until:
                where.append("history_date < %s")
                values.append(ops.adapt_datetimefield_value(_start_of(f.until + timedelta(days=1))))
            table = ops.quote_name(services.history_model(model)._meta.db_table)
            parts.append(  # only our own table names and conditions are written in; every value is a parameter
                f"SELECT history_date, history_id, {index} AS m, id AS element, history_type AS kind,"  # noqa: S608
                f" history_change_reason AS reason FROM {table} WHERE {' AND '.join(where)}"
            )
            params += values
        return " UNION ALL ".join(parts), params

    def _query(self, rows: tuple[str, list], select: str, rest: str = "", *, select_params=(), rest_params=()):
        with connection.cursor() as cursor:
            sql = f"SELECT {select} FROM ({rows[0]}) h {rest}"  # noqa: S608 - our own SQL; values are parameters
            cursor.execute(sql, [*select_params, *rows[1], *rest_params])
            return cursor.fetchall()

    def _summarise(self) -> None:
        """The number of other changes and the load groups, each group with its place among them: one query for the
        other changes (how many, the oldest and newest), one for the load per kind and reason, and a third only when
        a load lies between other changes."""
        [(total, oldest, newest)] = self._query(self.changes, "COUNT(*), MIN(history_date), MAX(history_date)")
        oldest, newest = (_moment(oldest), _moment(newest)) if total else (None, None)
        rows = self._query(
            self.loads,
            "m, COALESCE(reason, ''), SUM(CASE WHEN kind = '+' THEN 1 ELSE 0 END),"
            " MIN(history_date), MAX(history_date)",
            "GROUP BY m, reason",
        )
        by_reason: dict[str, list[tuple]] = defaultdict(list)
        for index, reason, created, first, last in rows:  # dates as the database gives them, compared as they are
            by_reason[reason or LOADED].append((index, created, first, last))
        groups = []
        for reason, parts in by_reason.items():
            kinds = Counter()
            for index, created, _first, _last in parts:
                kinds[_plural(audited_models()[index])] += created
            kinds = +kinds  # a kind only changed (not created) by the load is not listed as "0"
            group = LoadGroup(
                reason=reason,
                count=sum(kinds.values()),
                first=_moment(min(p[2] for p in parts)),
                last=_moment(max(p[3] for p in parts)),
                parts=sorted(kinds.items(), key=lambda kv: (-kv[1], kv[0])),
            )
            group.position = 0 if not total or group.last >= newest else total if group.last < oldest else None
            groups.append(group)
        between = [g for g in groups if g.position is None]
        if between:
            newer = ", ".join("SUM(CASE WHEN history_date > %s THEN 1 ELSE 0 END)" for _group in between)
            moments = [connection.ops.adapt_datetimefield_value(g.last) for g in between]
            [positions] = self._query(self.changes, newer, select_params=moments)
            for group, position in zip(between, positions, strict=True):
                group.position = position or 0
        self._groups = sorted(groups, key=lambda g: g.last, reverse=True)
        self._count = total + len(groups)

    def groups(self) -> list[LoadGroup]:
        """What loaders created, one line per reason ("Geladen uit fixture"), newest first."""
        if self._groups is None:
            self._summarise()
        return self._groups

    def count(self) -> int:
        """The other changes and the load groups (the lines of the whole history)."""
        if self._count is None:
            self._summarise()
        return self._count

    def __len__(self):
        return self.count()

    def __getitem__(self, window: slice) -> list:
        self.count()
        start, stop = window.start or 0, window.stop
        placed = [(group.position + i, group) for i, group in enumerate(self.groups())]
        here = {at: group for at, group in placed if start <= at < stop}
        offset = start - sum(1 for at, _group in placed if at < start)
        wanted = (stop - start) - len(here)
        order = "ORDER BY history_date DESC, history_id DESC, m DESC LIMIT %s OFFSET %s"
        rows = self._query(self.changes, "history_id, m, element", order, rest_params=[wanted, offset])
        entries = iter(_entries(rows))
        return [here[at] if at in here else next(entries) for at in range(start, start + len(rows) + len(here))]


def _moment(value) -> datetime:
    """A date and time as the database returned it outside the ORM (SQLite: text in UTC)."""
    if isinstance(value, str):
        value = parse_datetime(value)
    return value if timezone.is_aware(value) else timezone.make_aware(value, UTC)


def _plural(model) -> str:
    return kind_name(model, plural=True)


def kind_name(model, *, plural: bool = False) -> str:
    """What people call an element of `model` ("Risico's"); the dossier's own texts are the bestuursopdracht."""
    if model is Dossier:
        return str(_("Bestuursopdracht"))
    name = str(model._meta.verbose_name_plural if plural else model._meta.verbose_name)
    return name[:1].upper() + name[1:]


# ---------------------------------------------------------------------------------------------- the page's rows


def _entries(rows) -> list[ChangeEntry]:
    """The page's rows, as (history id, model index, element id), read whole. Per kind of element on the page: one
    query for its rows (each with the id of the row before it), one for those rows before (old → new), one for what
    undo and redo would do (`services.steps_since`: the elements' history from the page on, not all of it), one for
    m2m values if it has any; and one per kind of element they name."""
    by_model: dict[int, list[int]] = defaultdict(list)
    for history_id, index, _pk in rows:
        by_model[index].append(history_id)
    records: dict[tuple[int, int], Model] = {}
    previous: dict[tuple[int, int], Model] = {}
    steps: dict[tuple[int, int], services.Steps] = {}
    m2m: dict[tuple[int, int], dict] = {}
    names = _Names()
    for index, ids in by_model.items():
        model = audited_models()[index]
        history = services.history_model(model)._default_manager
        before = history.filter(id=OuterRef("id"), history_id__lt=OuterRef("history_id")).order_by("-history_id")
        read = list(
            history.filter(history_id__in=ids)
            .select_related("history_user")
            .annotate(before=Subquery(before.values("history_id")[:1]))
        )
        earlier = {r.history_id: r for r in history.filter(history_id__in=[r.before for r in read if r.before])}
        since: dict[int, int] = {}
        for record in read:
            records[index, record.history_id] = record
            if record.before:
                previous[index, record.history_id] = earlier[record.before]
            since[record.id] = min(since.get(record.id, record.history_id), record.history_id)
        steps.update({(index, pk): s for pk, s in services.steps_since(model, since).items()})
        everything = [*read, *earlier.values()]
        m2m.update({(index, k): v for k, v in _m2m_values(model, everything).items()})
        names.want(model, everything, m2m, index)
    names.read()
    entries = []
    for history_id, index, pk in rows:
        model, record = audited_models()[index], records[index, history_id]
        before = previous.get((index, history_id))
        element_steps = steps[index, pk]
        allowed = services.step_allowed(model, record.history_type)
        entries.append(
            ChangeEntry(
                record=record,
                model=model,
                kind=kind_for_model(model),
                label=names.label(model, record),
                changes=_field_changes(model, record, before, m2m, index, names) if before is not None else (),
                can_undo=allowed and element_steps.undo is not None and element_steps.undo.history_id == history_id,
                can_redo=allowed and element_steps.redo is not None and element_steps.redo.history_id == history_id,
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

    def __init__(self):
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
            if missing and target in audited_models():  # deleted since: as it was last recorded
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


def element_label(*, dossier: Dossier, model, pk: int) -> str:
    """The name of one element (also one deleted since), from its newest history row."""
    record = _rows(model, dossier).filter(id=pk).order_by("-history_id").first()
    if record is None:
        return f"{model._meta.verbose_name} #{pk}"
    names = _Names()
    names.want(model, [record], {}, None)
    names.read()
    return names.label(model, record)
