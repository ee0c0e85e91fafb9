"""Load the finance reference data (fixtures/finance/reference.json): tariff sets, headcounts, printed figures
and index rates, each with its source. All or nothing; a second load changes nothing."""

import json
from decimal import Decimal
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import transaction

from .anchor import derivation
from .engine import EngineInputError
from .models import Headcount, IndexRate, Parameter, PrintedFigure, Tariff, TariffSet

UNITS = {
    "werkgeverstaken": Tariff.Unit.NOMINAAL,
    "verloning": Tariff.Unit.NOMINAAL,
    "werkfit": Tariff.Unit.TRAJECT,
    "loonwaardemeting": Tariff.Unit.METING,
    "dagbesteding": Tariff.Unit.DAGDEEL,
}


class ReferenceDataError(ValueError):
    pass


def _clean(obj):
    obj.full_clean()
    obj.save()
    return obj


@transaction.atomic
def reference_load(path: Path) -> dict[str, int]:
    """Create what is not loaded yet; returns how many records of each kind were created."""
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"), parse_float=Decimal)
    except FileNotFoundError as exc:
        raise ReferenceDataError(f"Bestand niet gevonden: {path}") from exc
    except json.JSONDecodeError as exc:
        raise ReferenceDataError(f"Geen geldige JSON in {path}: {exc}") from exc
    created = {"tariff_sets": 0, "headcounts": 0, "printed": 0, "index_rates": 0, "parameters": 0}
    try:
        for item in data.get("tariff_sets", []):
            if TariffSet.objects.filter(key=item["key"]).exists():
                continue
            fields = {k: v for k, v in item.items() if k != "tariffs"}
            tariff_set = _clean(TariffSet(**fields))
            for tariff in item["tariffs"]:
                _clean(Tariff(tariff_set=tariff_set, **tariff))
            created["tariff_sets"] += 1
        if not Headcount.objects.exists():
            for item in data.get("headcounts", []):
                _clean(Headcount(**item))
                created["headcounts"] += 1
        if not PrintedFigure.objects.exists():
            for item in data.get("printed", []):
                _clean(PrintedFigure(**item))
                created["printed"] += 1
        for item in data.get("parameters", []):
            if not Parameter.objects.filter(key=item["key"]).exists():
                _clean(Parameter(**item))
                created["parameters"] += 1
        for item in data.get("index_rates", []):
            if not IndexRate.objects.filter(series=item["series"], year=item["year"]).exists():
                _clean(IndexRate(**item))
                created["index_rates"] += 1
        for item in data.get("derived_tariff_sets", []):
            if not TariffSet.objects.filter(key=item["key"]).exists():
                _derived_set(item)
                created["tariff_sets"] += 1
    except EngineInputError as exc:
        raise ReferenceDataError(f"Afgeleide tariefset niet af te leiden in {path}: {exc}") from exc
    except (TypeError, KeyError) as exc:
        raise ReferenceDataError(f"Onbekende of ontbrekende sleutel in {path}: {exc}") from exc
    except ValidationError as exc:
        raise ReferenceDataError(f"Ongeldige gegevens in {path}: {'; '.join(exc.messages)}") from exc
    return created


def _derived_set(item: dict) -> TariffSet:
    """A tariff set computed from stored figures (finance.anchor), e.g. the DVO baseline anchored on Berenschot
    7.7's 2024 budget: `derive` names what it is derived from; the note says how."""
    rule = item["derive"]
    found = derivation(item["year"], rule["realised_set"], rule["headcount_year"], rule["series"])
    fields = {k: v for k, v in item.items() if k != "derive"}
    tariff_set = _clean(TariffSet(**fields, derived=True))
    for step in found.steps:
        unit = Tariff.Unit.FTE if step.task.startswith("opbrengst_") else UNITS.get(step.task, Tariff.Unit.NOMINAAL)
        _clean(Tariff(tariff_set=tariff_set, task=step.task, amount=step.amount, unit=unit, note=step.rule))
    return tariff_set
