"""The reference data every computation reads (parameters, index series, stored tariff sets), kept in the
`reference` cache (settings.CACHES) under the generation that every write of it through the application changes."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.cache import caches
from django.db import connection
from django.db.models import F
from django.db.models.signals import post_delete, post_save

from .engine import WERKSOORTEN, Tariffs
from .models import (
    Headcount,
    IndexRate,
    Parameter,
    PrintedFigure,
    ReferenceGeneration,
    Tariff,
    TariffSet,
    VatRule,
)

CACHE = "reference"  # the alias in settings.CACHES
KEY = "finance:reference:{token}"  # the reference data of one generation
KEPT_KEY = "finance:reference:{token}:{name}"  # what Reference.kept keeps beside it
MODELS = (TariffSet, Tariff, Headcount, PrintedFigure, IndexRate, Parameter, VatRule)  # a write of one is a change


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
    """The reference data every computation reads: parameters, index series, stored tariff sets; `generation` is
    the token it was read under (None: read without one, kept nowhere)."""

    parameters: dict[str, Decimal]
    index: dict[str, dict[int, Decimal]]  # series -> year -> rate
    tariff_sets: dict[int, StoredTariffs]  # by the set's id
    generation: str | None = None

    def kept(self, name: str, load: Callable[[], Any]) -> Any:
        """`load()`, kept in the reference cache while this generation holds: for data every computation reads
        beside the reference data and whose writes call changed() (the finance anchor figures; the dossier's
        projection baseline). Each call returns its own copy (the cache stores a pickle)."""
        if self.generation is None:
            return load()
        return caches[CACHE].get_or_set(KEPT_KEY.format(token=self.generation, name=name), load, timeout=None)


def changed() -> None:
    """The reference data (or something kept beside it) changed: a new generation, in the caller's transaction, so
    the next computation of every process reads it again, and a rolled-back write leaves no trace. Connected to
    every write of the finance reference models; another app calls it for its own data kept with Reference.kept."""
    token = uuid.uuid4().hex
    if not ReferenceGeneration.objects.filter(pk=1).update(number=F("number") + 1, token=token):
        ReferenceGeneration.objects.bulk_create(  # the row went (a flushed test database): put it back
            [ReferenceGeneration(pk=1, number=1, token=token)],
            update_conflicts=True,
            unique_fields=["id"],
            update_fields=["number", "token"],
        )


def _changed_by_write(sender, **kwargs) -> None:
    changed()


for _model in MODELS:
    post_save.connect(_changed_by_write, sender=_model, dispatch_uid=f"finance.reference.{_model.__name__}.save")
    post_delete.connect(_changed_by_write, sender=_model, dispatch_uid=f"finance.reference.{_model.__name__}.delete")


def reference() -> Reference:
    """The reference data: from the reference cache under the current generation (one small query to know it),
    read from the database when that generation is not cached yet.

    A write through the application (load_finance_reference, the services: a model's save or delete) changes the
    generation in its own transaction (changed), so it is in the very next computation of every process on every
    host. A write around it (SQL in psql) does not: run `manage.py reference_changed` afterwards (a restart is not
    enough once the cache is shared)."""
    token = _token()
    if token is None:  # no generation (a flushed test database): nothing to key it by, so not kept
        return _read(None)
    cache = caches[CACHE]
    key = KEY.format(token=token)
    data = cache.get(key)
    if data is None:
        data = _read(token)
        cache.set(key, data, timeout=None)
    return data


def _token() -> str | None:
    """The current generation's token, in SQL: a twentieth of the ORM's cost, and every computation asks it."""
    table = connection.ops.quote_name(ReferenceGeneration._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT token FROM {table} WHERE id = 1")  # noqa: S608 - the model's table name only
        row = cursor.fetchone()
    return row[0] if row else None


def _read(token: str | None) -> Reference:
    index: dict[str, dict[int, Decimal]] = {}
    for series, year, rate in IndexRate.objects.order_by().values_list("series", "year", "rate"):
        index.setdefault(series, {})[year] = rate
    amounts: dict[int, dict[str, Decimal]] = {}
    for set_id, task, amount in Tariff.objects.order_by("id").values_list("tariff_set_id", "task", "amount"):
        amounts.setdefault(set_id, {})[task] = amount
    return Reference(
        parameters=dict(Parameter.objects.values_list("key", "value")),
        index={series: dict(sorted(rates.items())) for series, rates in index.items()},
        tariff_sets={
            pk: StoredTariffs(year, amounts.get(pk, {})) for pk, year in TariffSet.objects.values_list("id", "year")
        },
        generation=token,
    )
