"""The tornado over the Monte Carlo's drivers (issue 16): each driver alone at its P10 and its P90, every other input
at the case's own value, through the exact Decimal engine. Pure: no Django. finance.uncertainty re-exports it.

Unlike finance.sensitivity's ±10% levers, the tested values come from the drivers' own distributions (the aannames
with who/when), so a driver with a wide band shows a long bar and a well-known one a short bar."""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import replace
from decimal import ROUND_HALF_UP, Decimal, localcontext
from typing import TYPE_CHECKING

import pandas as pd

from .engine import PRECISION, EngineInputError, Result
from .numbers import format_count, format_number, format_percent
from .uncertainty_model import DRIVERS, Case, apply, engine_results

if TYPE_CHECKING:
    from .uncertainty import Driver

Output = Callable[[Mapping[str, Result]], Decimal]

# What a driver's value is, for showing the values a tornado tested (finance.uncertainty documents the drivers).
UNITS = {
    "wsw_end": "count",  # employees
    "nieuw_beschut_growth": "count",  # places added per year
    "index_rate": "rate",
    "fixed_share": "share",
    "dvo_tariffs": "multiplier",  # 1 = today's tariffs
    "offer": "multiplier",
}
COLUMNS = ["key", "label", "low_value", "high_value", "low", "high", "swing"]


def cumulative(name: str, against: str | None = None) -> Output:
    """An output for `driver_tornado`: scenario `name`'s cumulative totaal_bijdrage, or with `against` its difference
    with that scenario's cumulative (positive: `name` costs more)."""

    def output(results: Mapping[str, Result]) -> Decimal:
        total = results[name].total()
        return total if against is None else total - results[against].total()

    return output


def driver_tornado(
    case: Case,
    drivers: Sequence[Driver],
    output: Output,
    *,
    percentiles: tuple[int, int] = (10, 90),
    scenarios: Collection[str] | None = None,
) -> pd.DataFrame:
    """The effect on `output` of each driver alone at its low and its high percentile (P10, P90), largest swing first.

    One row per driver given (a driver not given is no row): key (the driver's name), label (its label, else its
    name), low_value and high_value (the values tested), low and high (output − output of the case itself) and swing
    (|high − low|). Ties keep the order of DRIVERS. `scenarios` names the scenarios `output` reads: the others are
    not computed (each scenario's result stands alone, so this changes nothing but the time)."""
    if len({d.name for d in drivers}) != len(drivers):
        raise EngineInputError("drivers", "een onzekere factor staat er twee keer in")
    if scenarios is not None:
        missing = set(scenarios) - {s.name for s in case.scenarios}
        if missing:
            raise EngineInputError("scenarios", f"onbekend scenario: {', '.join(sorted(missing))}")
        case = replace(case, scenarios=tuple(s for s in case.scenarios if s.name in scenarios))
    base = output(engine_results(case))
    rows = []
    for driver in sorted(drivers, key=lambda d: DRIVERS.index(d.name)):
        low_value, high_value = (driver.percentile(p) for p in percentiles)
        low = output(engine_results(apply(case, {driver.name: low_value}))) - base
        high = output(engine_results(apply(case, {driver.name: high_value}))) - base
        rows.append(
            {
                "key": driver.name,
                "label": driver.label or driver.name,
                "low_value": low_value,
                "high_value": high_value,
                "low": low,
                "high": high,
                "swing": abs(high - low),
            }
        )
    return _largest_first(rows)


def difference(tornado: pd.DataFrame, against: pd.DataFrame) -> pd.DataFrame:
    """The tornado of (output of `tornado` − output of `against`) from the two apart, over the same drivers: what
    driver_tornado gives for cumulative(name, against=…) from driver_tornado's frames for cumulative(name) and for
    cumulative(against) — each change of a difference is the difference of the changes. So each scenario's tornado
    can be kept on its own, and an edit of one computes only that one again. Computed in the engine's precision."""
    if list(tornado["key"].sort_values()) != list(against["key"].sort_values()):
        raise EngineInputError("drivers", "de twee tornado's gaan niet over dezelfde onzekere factoren")
    other = against.set_index("key")
    rows = []
    with localcontext(PRECISION):
        for row in sorted(tornado.itertuples(), key=lambda r: DRIVERS.index(r.key)):
            low, high = row.low - other.at[row.key, "low"], row.high - other.at[row.key, "high"]
            rows.append(
                {
                    "key": row.key,
                    "label": row.label,
                    "low_value": row.low_value,
                    "high_value": row.high_value,
                    "low": low,
                    "high": high,
                    "swing": abs(high - low),
                }
            )
    return _largest_first(rows)


def _largest_first(rows: list[dict]) -> pd.DataFrame:
    """The tornado's rows (in the order of DRIVERS) as its frame, largest swing first."""
    frame = pd.DataFrame(rows, columns=COLUMNS)
    order = sorted(range(len(rows)), key=lambda i: -rows[i]["swing"])  # stable: exact Decimal, ties in DRIVERS order
    return frame.iloc[order].reset_index(drop=True)


def values_label(key: str, low: Decimal, high: Decimal) -> str:
    """The values a tornado tested for driver `key`, in Dutch notation: a count in whole people (108 – 127; a count
    under 10 keeps one decimal, as half a place a year is a real assumption: 0,5 – 4,5), a rate or share as a
    percentage with one decimal at most (1,2% – 3,8%), a multiplier as a percentage of today's tariff (95,9% – 110%).
    One value when both are equal (a fixed driver); when two different values would read alike, a decimal more. The
    words around it (the label, "of the current tariff") are the caller's, in its own language."""
    unit = UNITS[key]
    places = 0 if unit == "count" and min(abs(low), abs(high)) >= 10 else 1
    texts = [_value(unit, v, places) for v in (low, high)]
    if low == high:
        return texts[0]
    if texts[0] == texts[1]:
        texts = [_value(unit, v, places + 1) for v in (low, high)]
    return f"{texts[0]} – {texts[1]}"


def _value(unit: str, value: Decimal, places: int) -> str:
    """`value` with at most `places` decimals (of the percentage for a rate, share or multiplier)."""
    if unit == "count":
        return format_count(value) if places == 0 else format_number(_at_most(value, places))
    return format_percent(_at_most(value, places + 2))


def _at_most(value: Decimal, places: int) -> Decimal:
    # format_number and format_percent (places None) then drop the trailing zeros: 4,5 · 5 · 110%.
    return value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
