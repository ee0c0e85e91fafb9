"""The JSON contract of `manage.py finance_compute`: parse and validate the input into engine Inputs.

Every problem is an EngineInputError naming the offending key as a dotted path (e.g.
`headcount.beschut.2024.fte`), so the command can say exactly what to fix. A key the contract does not name is an
error too, wherever it is: a typo (`indx` for `index`) would otherwise silently change the result. Values in the
messages are shown as the user wrote them. Pure: no Django.
"""

import dataclasses
import json
import re
from decimal import Decimal, InvalidOperation

import pandas as pd

from .engine import OVERIGE_TASKS, UNIT_TASKS, WERKSOORTEN, ZERO, EngineInputError, Inputs, Tariffs

LIMIT = Decimal("1e30")  # no count or amount here comes near; larger is a typing error, not a number to compute
ONE = Decimal(1)
TOP_LEVEL = (
    "years",
    "tariff_year",
    "tariffs",
    "index",
    "headcount",
    "overige",
    "units",
    "fixed_share",
    "reference_nominal",
    "months",
)
TARIFF_KEYS = ("begeleiding", "opbrengst", *OVERIGE_TASKS, *UNIT_TASKS)
SHOWN_LENGTH = 60  # a value longer than this is cut in a message (the message stays one readable line)


class Written(Decimal):
    """A JSON number that remembers how it was written (`1e400`, `257.50`), to show it back in a message.
    Arithmetic on it gives plain Decimals."""

    text: str

    def __new__(cls, text: str):
        number = super().__new__(cls, text)
        number.text = text
        return number


def shown(value, *, inside: bool = False) -> str:
    """A value as the user wrote it in the JSON: 'abc', 1e400, true, null, ["x"] — never a Python repr. A string on
    its own is quoted with ' like the key in the message; inside a list or object it keeps its JSON quotes."""
    if isinstance(value, Written):
        text = value.text
    elif isinstance(value, bool):
        text = "true" if value else "false"
    elif value is None:
        text = "null"
    elif isinstance(value, str):
        text = f'"{_escaped(value)}"' if inside else f"'{_escaped(value)}'"
    elif isinstance(value, (Decimal, int, float)):
        text = str(value)
    elif isinstance(value, dict):
        text = "{" + ", ".join(f'"{_escaped(str(k))}": {shown(v, inside=True)}' for k, v in value.items()) + "}"
    elif isinstance(value, (list, tuple)):
        text = "[" + ", ".join(shown(v, inside=True) for v in value) + "]"
    else:
        text = _escaped(str(value))
    return text if len(text) <= SHOWN_LENGTH else f"{text[: SHOWN_LENGTH - 1]}…"


def _escaped(text: str) -> str:
    """Control characters written as JSON writes them, so a message stays on one line."""
    return json.dumps(text, ensure_ascii=False)[1:-1]


def _path(prefix: str, key) -> str:
    name = _escaped(str(key))
    return f"{prefix}.{name}" if prefix else name


def number(value, key: str, *, minimum: Decimal | None = None) -> Decimal:
    """A JSON number (or numeric string) as Decimal; booleans and non-numbers are refused."""
    if isinstance(value, bool) or value is None or isinstance(value, (dict, list)):
        raise EngineInputError(key, f"moet een getal zijn, niet {shown(value)}")
    try:
        result = Decimal(str(value).strip()) if not isinstance(value, Decimal) else Decimal(value)
    except InvalidOperation:
        raise EngineInputError(key, f"moet een getal zijn, niet {shown(value)}") from None
    if not result.is_finite():
        raise EngineInputError(key, f"moet een eindig getal zijn, niet {shown(value)}")
    if minimum is not None and result < minimum:
        raise EngineInputError(key, f"mag niet kleiner zijn dan {minimum}, niet {shown(value)}")
    if abs(result) >= LIMIT:
        raise EngineInputError(key, f"is te groot ({shown(value)}; kleiner dan 10^30 is nodig)")
    return result


YEAR = re.compile(r"[0-9]{4}")


def year(value, key: str) -> int:
    """A year 1900–2200, written as four ASCII digits (a JSON number or a string)."""
    text = value.text if isinstance(value, Written) else str(value).strip()
    if isinstance(value, bool) or not YEAR.fullmatch(text) or not 1900 <= int(text) <= 2200:
        raise EngineInputError(key, f"moet een jaartal zijn (1900–2200), niet {shown(value)}")
    return int(text)


def _years_once(mapping: dict, key: str) -> dict[int, object]:
    """The mapping with its year keys parsed; the same year written twice ("2023", "02023") is refused."""
    result = {}
    for raw, value in mapping.items():
        y = year(raw, _path(key, raw))
        if y in result:
            raise EngineInputError(_path(key, raw), f"jaar {y} staat er twee keer in")
        result[y] = value
    return result


def _mapping(data, key: str, allowed: tuple[str, ...] | None = None) -> dict:
    """An object; with `allowed`, every key must be one of them (the first one that is not is named)."""
    if not isinstance(data, dict):
        raise EngineInputError(key, f"moet een object zijn, niet {shown(data)}")
    if allowed is not None:
        for name in data:
            if name not in allowed:
                where = _path("" if key == "(invoer)" else key, name)
                raise EngineInputError(where, f"onbekende sleutel (toegestaan: {', '.join(allowed)})")
    return data


def _required(data: dict, name: str, prefix: str = ""):
    if name not in data:
        raise EngineInputError(f"{prefix}{name}", "ontbreekt")
    return data[name]


def parse(data) -> Inputs:
    data = _mapping(data, "(invoer)", TOP_LEVEL)
    raw_years = _required(data, "years")
    if not isinstance(raw_years, list) or not raw_years:
        raise EngineInputError("years", f"moet een niet-lege lijst van jaartallen zijn, niet {shown(raw_years)}")
    years = tuple(year(y, f"years[{i}]") for i, y in enumerate(raw_years))
    if len(set(years)) != len(years):
        raise EngineInputError("years", "bevat een jaar twee keer")
    tariff_year = year(_required(data, "tariff_year"), "tariff_year")
    optional = {}
    if data.get("fixed_share") is not None:
        optional["fixed_share"] = _fraction(data["fixed_share"], "fixed_share")
    if data.get("reference_nominal") is not None:
        optional["reference_nominal"] = _reference_nominal(data["reference_nominal"])
    if data.get("months") is not None:
        months = _months(data["months"], years)
        if "months" in {f.name for f in dataclasses.fields(Inputs)}:  # the engine computes part years only when it can
            optional["months"] = months
    return Inputs(
        years=years,
        tariff_year=tariff_year,
        tariffs=_tariffs(_required(data, "tariffs")),
        headcount=_headcount(_required(data, "headcount"), years),
        index=_index(data.get("index")),
        overige=_counts(data.get("overige"), "overige", OVERIGE_TASKS),
        units=_counts(data.get("units"), "units", UNIT_TASKS),
        **optional,
    )


def _fraction(value, key: str) -> Decimal:
    share = number(value, key)
    if not ZERO <= share <= ONE:
        raise EngineInputError(key, f"moet een fractie van 0 tot en met 1 zijn (0,3 = 30%), niet {shown(value)}")
    return share


def _reference_nominal(data) -> dict[str, Decimal]:
    data = _mapping(data, "reference_nominal", WERKSOORTEN)
    return {w: number(n, f"reference_nominal.{w}", minimum=ZERO) for w, n in data.items()}


def _months(data, years: tuple[int, ...]) -> dict[int, int]:
    """Months under the computation per year: a whole number 1–12, for years in `years` only."""
    result = {}
    for y, value in _years_once(_mapping(data, "months"), "months").items():
        key = f"months.{y}"
        if y not in years:
            raise EngineInputError(key, f"jaar {y} staat niet in years")
        count = number(value, key)
        if count != count.to_integral_value() or not 1 <= count <= 12:
            raise EngineInputError(key, f"moet een heel aantal maanden van 1 tot en met 12 zijn, niet {shown(value)}")
        result[y] = int(count)
    return result


def _index(data) -> dict[int, Decimal]:
    rates = {}
    for y, rate in _years_once(_mapping({} if data is None else data, "index"), "index").items():
        rates[y] = number(rate, f"index.{y}")
        if rates[y] <= -1:
            raise EngineInputError(f"index.{y}", "moet groter zijn dan -1 (een daling van meer dan 100% kan niet)")
    return rates


def _per_werksoort(data, key: str, sign: str) -> dict[str, Decimal]:
    data = _mapping(data, key)
    for name in data:
        if name not in WERKSOORTEN:
            raise EngineInputError(_path(key, name), f"onbekende werksoort (kies uit {', '.join(WERKSOORTEN)})")
    return {w: _signed(_required(data, w, f"{key}."), f"{key}.{w}", sign) for w in WERKSOORTEN}


RULES = {
    "min": (lambda v: v <= 0, "moet 0 of negatief zijn: een opbrengst betaalt de aanbieder aan de gemeente"),
    "plus": (lambda v: v >= 0, "mag niet negatief zijn: dit tarief betaalt de gemeente aan de aanbieder"),
}


def _signed(value, key: str, sign: str) -> Decimal:
    amount = number(value, key)
    holds, rule = RULES[sign]
    if not holds(amount):
        raise EngineInputError(key, f"{rule} (niet {shown(value)})")
    return amount


def _tariffs(data) -> Tariffs:
    data = _mapping(data, "tariffs", TARIFF_KEYS)
    return Tariffs(
        begeleiding=_per_werksoort(_required(data, "begeleiding", "tariffs."), "tariffs.begeleiding", "plus"),
        opbrengst=_per_werksoort(_required(data, "opbrengst", "tariffs."), "tariffs.opbrengst", "min"),
        **{
            task: _signed(_required(data, task, "tariffs."), f"tariffs.{task}", "plus")
            for task in (*OVERIGE_TASKS, *UNIT_TASKS)
        },
    )


def _headcount(data, years) -> pd.DataFrame:
    data = _mapping(data, "headcount")
    rows = []
    for werksoort, per_year in data.items():
        if werksoort not in WERKSOORTEN:
            raise EngineInputError(
                _path("headcount", werksoort), f"onbekende werksoort (kies uit {', '.join(WERKSOORTEN)})"
            )
        per_year = _years_once(_mapping(per_year, f"headcount.{werksoort}"), f"headcount.{werksoort}")
        for y, counts in per_year.items():
            key = f"headcount.{werksoort}.{y}"
            counts = _mapping(counts, key, ("nominal", "fte"))
            nominal = number(_required(counts, "nominal", f"{key}."), f"{key}.nominal", minimum=ZERO)
            fte = number(_required(counts, "fte", f"{key}."), f"{key}.fte", minimum=ZERO)
            if fte == 0 and nominal > 0:
                raise EngineInputError(f"{key}.fte", "is 0 terwijl nominal groter dan 0 is")
            if fte > nominal:
                raise EngineInputError(
                    f"{key}.fte",
                    f"fte ({shown(counts['fte'])}) mag niet groter zijn dan nominal ({shown(counts['nominal'])})",
                )
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
        counts = _mapping(counts, f"{key}.{y}", tasks)
        rows.append({"year": y, **{t: number(counts.get(t, 0), f"{key}.{y}.{t}", minimum=ZERO) for t in tasks}})
    return pd.DataFrame(rows, columns=["year", *tasks])
