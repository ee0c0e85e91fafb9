"""The dossier's change history as people read it. Every audited model has its own history table; one page of the
history is one UNION over them in SQL, sorted and cut there, so a page costs the same with 40 or 40,000 rows. Only
that page's rows are then read whole, with the row before each (for old → new per field), the names they refer to
and whether each can be undone or redone now. What the loader created at the start is one line, not 400."""

from collections import Counter, defaultdict
from contextlib import nullcontext
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from functools import cache

from django.contrib.contenttypes.models import ContentType
from django.db import connection, transaction
from django.db.models import Model, Q
from django.http import Http404
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from simple_history.manager import HistoryManager

from . import services
from .history_entries import element_name, kind_name, read_entries
from .kinds import KINDS, Kind
from .loading import REASON as LOADED
from .loading import STANDARD_REASON
from .models import Dossier, ImportedHistory

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
        postgresql = connection.vendor == "postgresql"
        with transaction.atomic() if postgresql else nullcontext(), connection.cursor() as cursor:
            if postgresql:
                # A few thousand narrow rows: PostgreSQL's parallel workers took 25-35 ms to start for a scan of 10
                # (bench/history_page.py on 2 cores); within this transaction only, the query runs without them.
                cursor.execute("SET LOCAL max_parallel_workers_per_gather = 0")
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
        read = read_entries(rows, audited_models())
        mark_imported(read)
        entries = iter(read)
        return [here[at] if at in here else next(entries) for at in range(start, start + len(rows) + len(here))]


def mark_imported(entries) -> None:
    """Name on each change an import wrote (`ImportedHistory`) that import: its date and name are the file's, and the
    page shows beside them who imported it when. One query for the page."""
    wanted: dict[int, list[int]] = defaultdict(list)
    for entry in entries:
        wanted[ContentType.objects.get_for_model(entry.model).pk].append(entry.record.history_id)
    if not wanted:
        return
    which = Q()
    for content_type, ids in wanted.items():
        which |= Q(content_type_id=content_type, history_id__in=ids)
    rows = ImportedHistory.objects.filter(which).select_related("dossier_import")
    found = {(row.content_type_id, row.history_id): row.dossier_import for row in rows}
    for entry in entries:
        entry.imported = found.get((ContentType.objects.get_for_model(entry.model).pk, entry.record.history_id))


def _moment(value) -> datetime:
    """A date and time as the database returned it outside the ORM (SQLite: text in UTC)."""
    if isinstance(value, str):
        value = parse_datetime(value)
    return value if timezone.is_aware(value) else timezone.make_aware(value, UTC)


def _plural(model) -> str:
    return kind_name(model, plural=True)


def element_label(*, dossier: Dossier, model, pk: int) -> str:
    """The name of one element of this dossier (also one deleted since), from its newest history row."""
    return element_name(dossier=dossier, model=model, pk=pk, models=audited_models())
