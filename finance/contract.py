"""The JSON contract of `manage.py finance_compute`: parse and validate the input into engine Inputs.

Every problem is an EngineInputError naming the offending key as a dotted path (e.g.
`headcount.beschut.2024.fte`), so the command can say exactly what to fix. Pure: no Django.
"""

import re
from decimal import Decimal, InvalidOperation

import pandas as pd

from .engine import OVERIGE_TASKS, UNIT_TASKS, WERKSOORTEN, ZERO, EngineInputError, Inputs, Tariffs

LIMIT = Decimal("1e30")  # no count or amount here comes near; larger is a typing error, not a number to compute


def number(value, key: str, *, minimum: Decimal | None = None) -> Decimal:
    """A JSON number (or numeric string) as Decimal; booleans and non-numbers are refused."""
    if isinstance(value, bool) or value is None or isinstance(value, (dict, list)):
        raise EngineInputError(key, "moet een getal zijn")
    try:
        result = Decimal(str(value).strip()) if not isinstance(value, Decimal) else value
    except InvalidOperation:
        raise EngineInputError(key, f"moet een getal zijn, niet {value!r}") from None
    if not result.is_finite():
        raise EngineInputError(key, "moet een eindig getal zijn")
    if minimum is not None and result < minimum:
        raise EngineInputError(key, f"mag niet kleiner zijn dan {minimum}")
    if abs(result) >= LIMIT:
        raise EngineInputError(key, "is te groot")
    return result


YEAR = re.compile(r"[0-9]{4}")


def year(value, key: str) -> int:
    """A year 1900–2200, written as four ASCII digits (a JSON number or a string)."""
    text = str(value).strip()
    if isinstance(value, bool) or not YEAR.fullmatch(text) or not 1900 <= int(text) <= 2200:
        raise EngineInputError(key, f"moet een jaartal zijn (1900–2200), niet {value!r}")
    return int(text)


def _years_once(mapping: dict, key: str) -> dict[int, object]:
    """The mapping with its year keys parsed; the same year written twice ("2023", "02023") is refused."""
    result = {}
    for raw, value in mapping.items():
        y = year(raw, f"{key}.{raw}")
        if y in result:
            raise EngineInputError(f"{key}.{raw}", f"jaar {y} staat er twee keer in")
        result[y] = value
    return result


def _mapping(data, key: str) -> dict:
    if not isinstance(data, dict):
        raise EngineInputError(key, "moet een object zijn")
    return data


def _required(data: dict, name: str, prefix: str = ""):
    if name not in data:
        raise EngineInputError(f"{prefix}{name}", "ontbreekt")
    return data[name]


def parse(data) -> Inputs:
    data = _mapping(data, "(invoer)")  # keys beyond the contract (a comment, a name) are ignored
    raw_years = _required(data, "years")
    if not isinstance(raw_years, list) or not raw_years:
        raise EngineInputError("years", "moet een niet-lege lijst van jaartallen zijn")
    years = tuple(year(y, f"years[{i}]") for i, y in enumerate(raw_years))
    if len(set(years)) != len(years):
        raise EngineInputError("years", "bevat een jaar twee keer")
    tariff_year = year(_required(data, "tariff_year"), "tariff_year")
    return Inputs(
        years=years,
        tariff_year=tariff_year,
        tariffs=_tariffs(_required(data, "tariffs")),
        headcount=_headcount(_required(data, "headcount"), years),
        index=_index(data.get("index")),
        overige=_counts(data.get("overige"), "overige", OVERIGE_TASKS),
        units=_counts(data.get("units"), "units", UNIT_TASKS),
    )


def _index(data) -> dict[int, Decimal]:
    rates = {}
    for y, rate in _years_once(_mapping(data or {}, "index"), "index").items():
        rates[y] = number(rate, f"index.{y}")
        if rates[y] <= -1:
            raise EngineInputError(f"index.{y}", "moet groter zijn dan -1 (een daling van meer dan 100% kan niet)")
    return rates


def _per_werksoort(data, key: str) -> dict[str, Decimal]:
    data = _mapping(data, key)
    for name in data:
        if name not in WERKSOORTEN:
            raise EngineInputError(f"{key}.{name}", f"onbekende werksoort (kies uit {', '.join(WERKSOORTEN)})")
    return {w: number(_required(data, w, f"{key}."), f"{key}.{w}") for w in WERKSOORTEN}


def _tariffs(data) -> Tariffs:
    data = _mapping(data, "tariffs")
    return Tariffs(
        begeleiding=_per_werksoort(_required(data, "begeleiding", "tariffs."), "tariffs.begeleiding"),
        opbrengst=_per_werksoort(_required(data, "opbrengst", "tariffs."), "tariffs.opbrengst"),
        **{
            task: number(_required(data, task, "tariffs."), f"tariffs.{task}") for task in (*OVERIGE_TASKS, *UNIT_TASKS)
        },
    )


def _headcount(data, years) -> pd.DataFrame:
    data = _mapping(data, "headcount")
    rows = []
    for werksoort, per_year in data.items():
        if werksoort not in WERKSOORTEN:
            raise EngineInputError(f"headcount.{werksoort}", f"onbekende werksoort (kies uit {', '.join(WERKSOORTEN)})")
        per_year = _years_once(_mapping(per_year, f"headcount.{werksoort}"), f"headcount.{werksoort}")
        for y, counts in per_year.items():
            key = f"headcount.{werksoort}.{y}"
            counts = _mapping(counts, key)
            nominal = number(_required(counts, "nominal", f"{key}."), f"{key}.nominal", minimum=ZERO)
            fte = number(_required(counts, "fte", f"{key}."), f"{key}.fte", minimum=ZERO)
            if fte == 0 and nominal > 0:
                raise EngineInputError(f"{key}.fte", "is 0 terwijl nominal groter dan 0 is")
            if fte > nominal:
                raise EngineInputError(f"{key}.fte", f"fte ({fte}) mag niet groter zijn dan nominal ({nominal})")
            rows.append({"year": y, "werksoort": werksoort, "nominal": nominal, "fte": fte})
        for y in years:
            if not any(r["year"] == y and r["werksoort"] == werksoort for r in rows):
                raise EngineInputError(f"headcount.{werksoort}.{y}", "ontbreekt (elk jaar uit years is nodig)")
    if not rows:
        raise EngineInputError("headcount", "bevat geen enkele werksoort")
    return pd.DataFrame(rows, columns=["year", "werksoort", "nominal", "fte"])


def _counts(data, key: str, tasks) -> pd.DataFrame | None:
    if data is None:
        return None
    rows = []
    for y, counts in _years_once(_mapping(data, key), key).items():
        counts = _mapping(counts, f"{key}.{y}")
        rows.append({"year": y, **{t: number(counts.get(t, 0), f"{key}.{y}.{t}", minimum=ZERO) for t in tasks}})
    return pd.DataFrame(rows, columns=["year", *tasks])
