"""Load the finance reference data (fixtures/finance/reference.json): tariff sets, headcounts, printed figures
and index rates, each with its source. All or nothing; a second load changes nothing. A refused row is named in one
line (e.g. `parameters[3] "horizon_end": set_by: …`)."""

import json
from decimal import Decimal
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import transaction

from .anchor import derivation
from .engine import EngineInputError
from .models import Headcount, IndexRate, Parameter, PrintedFigure, Tariff, TariffSet, VatRule

UNITS = {
    "werkgeverstaken": Tariff.Unit.NOMINAAL,
    "verloning": Tariff.Unit.NOMINAAL,
    "werkfit": Tariff.Unit.TRAJECT,
    "loonwaardemeting": Tariff.Unit.METING,
    "dagbesteding": Tariff.Unit.DAGDEEL,
}


class ReferenceDataError(ValueError):
    pass


def _clean(obj, where: str):
    try:
        obj.full_clean()
    except ValidationError as exc:
        raise ReferenceDataError(f"{where}: {_problems(exc)}") from exc
    obj.save()
    return obj


def _problems(exc: ValidationError) -> str:
    if not hasattr(exc, "error_dict"):
        return " ".join(exc.messages)
    return " ".join(
        f"{field}: {' '.join(ValidationError(errors).messages)}" for field, errors in exc.error_dict.items()
    )


def _name(key: str, index: int, label) -> str:
    return f'{key}[{index}] "{label}"'


@transaction.atomic
def reference_load(path: Path) -> dict[str, int]:
    """Create what is not loaded yet; returns how many records of each kind were created."""
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"), parse_float=Decimal)
    except FileNotFoundError as exc:
        raise ReferenceDataError(f"Bestand niet gevonden: {path}") from exc
    except json.JSONDecodeError as exc:
        raise ReferenceDataError(f"Geen geldige JSON in {path}: {exc}") from exc
    created = {"tariff_sets": 0, "headcounts": 0, "printed": 0, "index_rates": 0, "parameters": 0, "vat": 0}
    try:
        for n, item in enumerate(data.get("tariff_sets", []), start=1):
            if TariffSet.objects.filter(key=item["key"]).exists():
                continue
            fields = {k: v for k, v in item.items() if k != "tariffs"}
            where = _name("tariff_sets", n, item["key"])
            tariff_set = _clean(TariffSet(**fields), where)
            for t, tariff in enumerate(item["tariffs"], start=1):
                _clean(Tariff(tariff_set=tariff_set, **tariff), f"{where} › {_name('tariffs', t, tariff.get('task'))}")
            created["tariff_sets"] += 1
        if not Headcount.objects.exists():
            for n, item in enumerate(data.get("headcounts", []), start=1):
                label = f"{item.get('year')} {item.get('category')} {item.get('regime')}"
                _clean(Headcount(**item), _name("headcounts", n, label))
                created["headcounts"] += 1
        if not PrintedFigure.objects.exists():
            for n, item in enumerate(data.get("printed", []), start=1):
                label = f"{item.get('table')} {item.get('row')} {item.get('year')}"
                _clean(PrintedFigure(**item), _name("printed", n, label))
                created["printed"] += 1
        for n, item in enumerate(data.get("parameters", []), start=1):
            if not Parameter.objects.filter(key=item["key"]).exists():
                _clean(Parameter(**item), _name("parameters", n, item["key"]))
                created["parameters"] += 1
        for n, item in enumerate(data.get("index_rates", []), start=1):
            if not IndexRate.objects.filter(series=item["series"], year=item["year"]).exists():
                _clean(IndexRate(**item), _name("index_rates", n, f"{item['series']} {item['year']}"))
                created["index_rates"] += 1
        for n, item in enumerate(data.get("vat", []), start=1):
            if not VatRule.objects.filter(service=item["service"]).exists():
                _clean(VatRule(**item), _name("vat", n, item["service"]))
                created["vat"] += 1
        for n, item in enumerate(data.get("derived_tariff_sets", []), start=1):
            if not TariffSet.objects.filter(key=item["key"]).exists():
                _derived_set(item, _name("derived_tariff_sets", n, item["key"]))
                created["tariff_sets"] += 1
    except EngineInputError as exc:
        raise ReferenceDataError(f"Afgeleide tariefset niet af te leiden in {path}: {exc}") from exc
    except (TypeError, KeyError) as exc:
        raise ReferenceDataError(f"Onbekende of ontbrekende sleutel in {path}: {exc}") from exc
    except ReferenceDataError as exc:
        raise ReferenceDataError(f"Ongeldige gegevens in {path}: {exc}") from exc
    return created


def _derived_set(item: dict, where: str) -> TariffSet:
    """A tariff set computed from stored figures (finance.anchor), e.g. the DVO baseline anchored on Berenschot
    7.7's 2024 budget: `derive` names what it is derived from; the note says how."""
    rule = item["derive"]
    found = derivation(item["year"], rule["realised_set"], rule["headcount_year"], rule["series"])
    fields = {k: v for k, v in item.items() if k != "derive"}
    tariff_set = _clean(TariffSet(**fields, derived=True), where)
    for step in found.steps:
        unit = Tariff.Unit.FTE if step.task.startswith("opbrengst_") else UNITS.get(step.task, Tariff.Unit.NOMINAAL)
        tariff = Tariff(tariff_set=tariff_set, task=step.task, amount=step.amount, unit=unit, note=step.rule)
        _clean(tariff, f"{where} › {step.task}")
    return tariff_set
