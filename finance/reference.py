"""The reference data every computation reads (parameters, index series, stored tariff sets), kept per process and
read again only after it changed."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cache
from typing import Any

from django.db import connection
from django.db.models import Model

from .engine import WERKSOORTEN, Tariffs
from .models import IndexRate, Parameter, PrintedFigure, Tariff, TariffSet


@dataclass(frozen=True)
class StoredTariffs:
    """A stored tariff set as a computation reads it: its price year and the amount per task."""

    year: int
    amounts: dict[str, Decimal]

    @classmethod
    def of(cls, tariff_set: TariffSet) -> StoredTariffs:
        return cls(tariff_set.year, {t.task: t.amount for t in tariff_set.tariffs.all()})

    def engine(self) -> Tariffs:
        """The engine's Tariffs (missing unit tariffs count as 0)."""
        amounts = self.amounts
        return Tariffs(
            begeleiding={w: amounts[f"begeleiding_{w}"] for w in WERKSOORTEN},
            opbrengst={w: amounts[f"opbrengst_{w}"] for w in WERKSOORTEN},
            **{
                task: amounts.get(task, Decimal(0))
                for task in ("werkgeverstaken", "verloning", "werkfit", "loonwaardemeting", "dagbesteding")
            },
        )


@dataclass(frozen=True)
class Reference:
    """The reference data every computation reads: parameters, index series, stored tariff sets."""

    parameters: dict[str, Decimal]
    index: dict[str, dict[int, Decimal]]  # series -> year -> rate
    tariff_sets: dict[int, StoredTariffs]  # by the set's id
    _kept: dict = field(default_factory=dict, compare=False, repr=False)

    def kept(self, key, load: Callable[[], Any]) -> Any:
        """`load()`, read once while this reference data is current: for another app's data that every computation
        reads beside it and whose model is stamped with it (see watch)."""
        if key not in self._kept:
            self._kept[key] = load()
        return self._kept[key]


_REFERENCE: tuple[tuple | None, Reference | None] = (None, None)  # (stamp, data) as last read by this process
_WATCHED: list[type[Model]] = [Parameter, IndexRate, Tariff, TariffSet, PrintedFigure]


def watch(model: type[Model]) -> None:
    """Stamp `model`'s history too, so what Reference.kept keeps of it is read again after it changed (called from
    an AppConfig.ready)."""
    if model not in _WATCHED:
        _WATCHED.append(model)


@cache
def _stamp_sql(vendor: str, models: tuple[type[Model], ...]) -> str:
    """The stamp's query, built once per database vendor and set of watched models (simple-history builds a new
    manager class each time a model's `history` is read)."""
    quote = connection.ops.quote_name
    columns = ("COUNT(*)", "MAX(history_id)") + (("MAX(history_date)",) if vendor == "sqlite" else ())
    parts = [
        f"(SELECT {column} FROM {quote(model.history.model._meta.db_table)})"  # noqa: S608 - model names only
        for model in models
        for column in columns
    ]
    return f"SELECT {', '.join(parts)}"


def _stamp() -> tuple:
    """A value that changes whenever reference data (or a watched model) is saved or deleted through the
    application (admin, load_finance_reference, the services): each such write leaves a history row and history
    rows are never removed, so the number of history rows of each table stamps the data. The newest id alone would
    not: a write whose id was handed out before another's but committed after it leaves the newest id as it was.
    SQLite reuses a number after a rollback (a test's), so there the rows' newest id and time count too."""
    with connection.cursor() as cursor:
        cursor.execute(_stamp_sql(connection.vendor, tuple(_WATCHED)))
        return tuple(cursor.fetchone())


def reference() -> Reference:
    """The reference data, read once per process and again after it changed (one small query to know, see
    _stamp). A change made around the application (SQL, loaddata) is seen after a restart."""
    global _REFERENCE
    stamp = _stamp()
    known, data = _REFERENCE
    if data is not None and known == stamp:
        return data
    index: dict[str, dict[int, Decimal]] = {}
    for series, year, rate in IndexRate.objects.order_by().values_list("series", "year", "rate"):
        index.setdefault(series, {})[year] = rate
    amounts: dict[int, dict[str, Decimal]] = {}
    for set_id, task, amount in Tariff.objects.order_by("id").values_list("tariff_set_id", "task", "amount"):
        amounts.setdefault(set_id, {})[task] = amount
    data = Reference(
        parameters=dict(Parameter.objects.values_list("key", "value")),
        index={series: dict(sorted(rates.items())) for series, rates in index.items()},
        tariff_sets={
            pk: StoredTariffs(year, amounts.get(pk, {})) for pk, year in TariffSet.objects.values_list("id", "year")
        },
    )
    _REFERENCE = (stamp, data)
    return data
