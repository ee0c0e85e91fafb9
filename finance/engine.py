"""The finance engine: the operational result per fte from DVO tariffs (Berenschot ch. 7), indexed,
projected and tested for sensitivity. Pure: no Django, no I/O. Amounts are Decimal; they are summed as
Decimal (pandas would turn them into floats) and rounded to cents only at the edge (`to_cents`).

For each year y and werksoort w, with every tariff indexed from its base year to y:
    bijdrage_w   = (begeleiding_w + werkgeverstaken + verloning) × nominal_w + opbrengst_w × fte_w
    per_fte_w    = bijdrage_w / fte_w,     integraal_per_fte = Σ bijdrage_w / Σ fte_w
    overige      = werkgeverstaken × n_werkgeverstaken + verloning × n_verloning
    extra        = werkfit × trajecten + loonwaardemeting × metingen + dagbesteding × dagdelen
    totaal       = Σ bijdrage_w + overige + extra        (the operational result is −totaal)
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

import pandas as pd

WERKSOORTEN = ("beschut", "groepsdetachering", "individuele_detachering")
UNIT_TASKS = ("werkfit", "loonwaardemeting", "dagbesteding")
OVERIGE_TASKS = ("werkgeverstaken", "verloning")
ZERO = Decimal(0)
ONE = Decimal(1)
CENT = Decimal("0.01")


class EngineInputError(ValueError):
    """Input the engine cannot compute with; `key` names the offending input (dotted path)."""

    def __init__(self, key: str, message: str):
        super().__init__(f"{key}: {message}")
        self.key = key
        self.message = message


def to_cents(amount: Decimal | None) -> Decimal | None:
    """Round half up to whole cents (the only rounding in the engine)."""
    return None if amount is None else amount.quantize(CENT, rounding=ROUND_HALF_UP)


def dsum(values) -> Decimal:
    """Sum Decimals exactly (pandas' own sum would go through float)."""
    return sum(values, ZERO)


@dataclass(frozen=True)
class Tariffs:
    """DVO tariffs of one base year. Positive: the gemeente pays; negative (opbrengst): the provider pays."""

    begeleiding: Mapping[str, Decimal]  # per nominal employee, per werksoort
    opbrengst: Mapping[str, Decimal]  # per fte, per werksoort (negative: revenue)
    werkgeverstaken: Decimal  # per nominal employee
    verloning: Decimal  # per nominal employee
    werkfit: Decimal = ZERO  # per traject
    loonwaardemeting: Decimal = ZERO  # per meting
    dagbesteding: Decimal = ZERO  # per dagdeel

    def scaled(self, factor: Decimal) -> Tariffs:
        return Tariffs(
            begeleiding={w: v * factor for w, v in self.begeleiding.items()},
            opbrengst={w: v * factor for w, v in self.opbrengst.items()},
            werkgeverstaken=self.werkgeverstaken * factor,
            verloning=self.verloning * factor,
            werkfit=self.werkfit * factor,
            loonwaardemeting=self.loonwaardemeting * factor,
            dagbesteding=self.dagbesteding * factor,
        )


@dataclass(frozen=True)
class Inputs:
    """Everything one computation needs. Frames are tidy: one row per year (× werksoort)."""

    years: tuple[int, ...]
    tariff_year: int
    tariffs: Tariffs
    headcount: pd.DataFrame  # columns: year, werksoort, nominal, fte
    index: Mapping[int, Decimal] = field(default_factory=dict)  # rate per year, e.g. {2024: Decimal("0.06")}
    overige: pd.DataFrame | None = None  # columns: year, werkgeverstaken, verloning (counts)
    units: pd.DataFrame | None = None  # columns: year, werkfit, loonwaardemeting, dagbesteding (counts)


# ------------------------------------------------------------------------------------------------ index


def index_factor(index: Mapping[int, Decimal], base_year: int, year: int) -> Decimal:
    """Factor that moves an amount from prices of `base_year` to prices of `year`: Π(1 + index_t) for t in
    (base_year, year]; the inverse when `year` lies before `base_year`. Years without a rate count as 0%."""
    factor = ONE
    for t in range(min(base_year, year) + 1, max(base_year, year) + 1):
        factor *= ONE + index.get(t, ZERO)
    return factor if year >= base_year else ONE / factor


def in_prices_of(series: pd.Series, index: Mapping[int, Decimal], price_year: int) -> pd.Series:
    """Re-express a yearly series of Decimal amounts (indexed by year) in prices of `price_year`."""
    return pd.Series(
        [amount * index_factor(index, year, price_year) for year, amount in series.items()],
        index=series.index,
        dtype=object,
        name=series.name,
    )


# ------------------------------------------------------------------------------------------------ core


def compute(inputs: Inputs) -> Result:
    """The contribution per year and werksoort (see the module docstring)."""
    years = list(inputs.years)
    factors = {y: index_factor(inputs.index, inputs.tariff_year, y) for y in years}
    t = inputs.tariffs

    hc = inputs.headcount[inputs.headcount["year"].isin(years)].copy()
    factor = hc["year"].map(factors)
    per_nominal = hc["werksoort"].map(lambda w: t.begeleiding[w] + t.werkgeverstaken + t.verloning)
    opbrengst = hc["werksoort"].map(lambda w: t.opbrengst[w])
    hc["bijdrage"] = (per_nominal * hc["nominal"] + opbrengst * hc["fte"]) * factor
    hc["per_fte"] = [b / f if f else None for b, f in zip(hc["bijdrage"], hc["fte"], strict=True)]
    werksoorten = hc.set_index(["year", "werksoort"])[["nominal", "fte", "bijdrage", "per_fte"]]

    per_year = pd.DataFrame(index=pd.Index(years, name="year"))
    grouped = hc.groupby("year")
    per_year["bijdrage_werksoorten"] = [
        dsum(grouped.get_group(y)["bijdrage"]) if y in grouped.groups else ZERO for y in years
    ]
    per_year["fte"] = [dsum(grouped.get_group(y)["fte"]) if y in grouped.groups else ZERO for y in years]
    per_year["integraal_per_fte"] = [
        b / f if f else None for b, f in zip(per_year["bijdrage_werksoorten"], per_year["fte"], strict=True)
    ]
    per_year["overige"] = _counts_times(inputs.overige, OVERIGE_TASKS, t, years, factors)
    per_year["extra"] = _counts_times(inputs.units, UNIT_TASKS, t, years, factors)
    per_year["totaal_bijdrage"] = per_year["bijdrage_werksoorten"] + per_year["overige"] + per_year["extra"]
    per_year["operationeel_resultaat"] = -per_year["totaal_bijdrage"]
    return Result(werksoorten=werksoorten, per_year=per_year)


def _counts_times(frame, tasks, tariffs: Tariffs, years, factors) -> list[Decimal]:
    if frame is None or frame.empty:
        return [ZERO] * len(years)
    by_year = frame.set_index("year")
    amounts = []
    for y in years:
        if y not in by_year.index:
            amounts.append(ZERO)
            continue
        row = by_year.loc[y]
        amounts.append(dsum(getattr(tariffs, task) * row[task] for task in tasks) * factors[y])
    return amounts


@dataclass(frozen=True)
class Result:
    werksoorten: pd.DataFrame  # index (year, werksoort): nominal, fte, bijdrage, per_fte
    per_year: pd.DataFrame  # index year: bijdrage_werksoorten, fte, integraal_per_fte, overige, extra, totaal_bijdrage

    def total(self, years=None) -> Decimal:
        """Cumulative totaal_bijdrage over `years` (default: all)."""
        series = self.per_year["totaal_bijdrage"]
        return dsum(series if years is None else series[series.index.isin(list(years))])

    def as_dict(self) -> dict:
        """The machine interface's shape, amounts as strings rounded to cents."""

        def money(value):
            return None if value is None else str(to_cents(value))

        years = {}
        for year, row in self.per_year.iterrows():
            soorten = {}
            if year in self.werksoorten.index.get_level_values(0):
                for werksoort, w in self.werksoorten.loc[year].iterrows():
                    soorten[werksoort] = {"bijdrage": money(w["bijdrage"]), "per_fte": money(w["per_fte"])}
            years[str(year)] = {
                "werksoorten": soorten,
                "integraal_per_fte": money(row["integraal_per_fte"]),
                "overige": money(row["overige"]),
                "extra": money(row["extra"]),
                "totaal_bijdrage": money(row["totaal_bijdrage"]),
            }
        return {"years": years}
