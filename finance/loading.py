"""Load the finance reference data (fixtures/finance/reference.json): tariff sets, headcounts, printed figures
and index rates, each with its source. All or nothing; a second load changes nothing."""

import json
from decimal import Decimal
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import transaction

from .models import Headcount, IndexRate, Parameter, PrintedFigure, Tariff, TariffSet


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
    except (TypeError, KeyError) as exc:
        raise ReferenceDataError(f"Onbekende of ontbrekende sleutel in {path}: {exc}") from exc
    except ValidationError as exc:
        raise ReferenceDataError(f"Ongeldige gegevens in {path}: {'; '.join(exc.messages)}") from exc
    return created
