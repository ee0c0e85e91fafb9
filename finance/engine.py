"""The finance engine: the operational result per fte from DVO tariffs (Berenschot ch. 7), indexed,
projected and tested for sensitivity. Pure: no Django, no I/O. Amounts are Decimal; they are summed as
Decimal (pandas would turn them into floats) and rounded to cents only at the edge (`to_cents`).

For each year y and werksoort w, with every tariff indexed from its base year to y:
    bijdrage_w   = (begeleiding_w + werkgeverstaken + verloning) × nominal_w + opbrengst_w × fte_w
    per_fte_w    = bijdrage_w / fte_w,     integraal_per_fte = Σ bijdrage_w / Σ fte_w
    overige      = werkgeverstaken × n_werkgeverstaken + verloning × n_verloning
    extra        = werkfit × trajecten + loonwaardemeting × metingen + dagbesteding × dagdelen
    totaal       = Σ bijdrage_w + overige + extra        (the operational result is −totaal)

A year only partly under the inputs (`months`, e.g. a scenario from 1 October: 3 months) counts each amount for
m/12 of the year and the arrangement before it (`before`, e.g. the current DVO) for the other (12 − m)/12; one-off
amounts count in full in their year.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Context, Decimal, localcontext
from functools import cached_property

import pandas as pd

WERKSOORTEN = ("beschut", "groepsdetachering", "individuele_detachering")
UNIT_TASKS = ("werkfit", "loonwaardemeting", "dagbesteding")
OVERIGE_TASKS = ("werkgeverstaken", "verloning")
ZERO = Decimal(0)
ONE = Decimal(1)
MONTHS = 12
CENT = Decimal("0.01")
# Enough digits that amounts up to 10^40 euro keep their cents exactly; sums never round before `to_cents`.
PRECISION = Context(prec=80, Emax=999_999, Emin=-999_999)


class EngineInputError(ValueError):
    """Input the engine cannot compute with; `key` names the offending input (dotted path)."""

    def __init__(self, key: str, message: str):
        super().__init__(f"{key}: {message}")
        self.key = key
        self.message = message


def to_cents(amount: Decimal | None) -> Decimal | None:
    """Round half up (away from zero) to whole cents: the only rounding in the engine. A result that rounds to
    zero is 0.00, never -0.00 (the same number, but printed it reads as a loss)."""
    if amount is None:
        return None
    with localcontext(PRECISION):
        cents = amount.quantize(CENT, rounding=ROUND_HALF_UP)
    return cents.copy_abs() if cents.is_zero() else cents


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
    # Fixed-cost effect (Berenschot 7.6.2): for the people in the three werksoorten, this share of the cost
    # tariffs (begeleiding, werkgeverstaken, verloning) is fixed at the volume of `reference_nominal` (per
    # werksoort), so per person it rises as the group shrinks. 0 (the default): the DVO tariffs as they are.
    # The "overige" amounts (werkgeverstaken and verloning only) are left variable.
    fixed_share: Decimal = ZERO
    reference_nominal: Mapping[str, Decimal] = field(default_factory=dict)
    # Tariffs already expressed in each year's prices (e.g. a mix of providers with their own base years, see
    # finance.sourcing). When given, they replace `tariffs` + `index` for those years.
    tariffs_by_year: Mapping[int, Tariffs] = field(default_factory=dict)
    # Amounts per year outside the tariffs that run with the arrangement (e.g. an own facility's fixed costs in a
    # year without people): {year: amount}. Like the tariffs, they count for the months under these inputs.
    extra_amounts: Mapping[int, Decimal] = field(default_factory=dict)
    # Months of a year under these inputs (0–12; a year not named: all 12). The rest of that year is paid under
    # `before`, the arrangement these inputs follow (e.g. the current DVO until 1 October 2026: 9 months before,
    # 3 under the scenario), or not at all when there is none.
    months: Mapping[int, int] = field(default_factory=dict)
    before: Result | None = None
    # One-off amounts per year (start-up, transition, exit), added in full whatever the months: {year: amount}.
    one_off: Mapping[int, Decimal] = field(default_factory=dict)

    def year_share(self, year: int) -> Decimal:
        """The fraction of `year` under these inputs: months ÷ 12."""
        return Decimal(self.months.get(year, MONTHS)) / MONTHS


# ------------------------------------------------------------------------------------------------ index


def index_factor(index: Mapping[int, Decimal], base_year: int, year: int) -> Decimal:
    """How a tariff of `base_year` is indexed to `year`: Π(1 + index_t) for t after the base year up to `year`
    (the rule of the DVO). For `year` at or before the base year the product is empty: the tariff as it is.
    Years without a rate count as 0%."""
    factor = ONE
    for t in range(base_year + 1, year + 1):
        factor *= ONE + index.get(t, ZERO)
    return factor


def index_with_default(known: Mapping[int, Decimal], default: Decimal, first: int, last: int) -> dict[int, Decimal]:
    """Index rates for the years first..last: the known (published) rate where there is one, else `default`
    (an assumption for the years to come)."""
    return {y: known.get(y, default) for y in range(first, last + 1)}


def price_factor(index: Mapping[int, Decimal], from_year: int, to_year: int) -> Decimal:
    """Factor that re-expresses an amount in prices of `from_year` in prices of `to_year`, in either
    direction (Berenschot's series "in prijzen van 2023")."""
    if to_year >= from_year:
        return index_factor(index, from_year, to_year)
    return ONE / index_factor(index, to_year, from_year)


def in_prices_of(series: pd.Series, index: Mapping[int, Decimal], price_year: int) -> pd.Series:
    """Re-express a yearly series of Decimal amounts (indexed by year) in prices of `price_year`."""
    return pd.Series(
        [amount * price_factor(index, year, price_year) for year, amount in series.items()],
        index=series.index,
        dtype=object,
        name=series.name,
    )


# ------------------------------------------------------------------------------------------------ core


def compute(inputs: Inputs) -> Result:
    """The contribution per year and werksoort (see the module docstring).

    The frames are small (years × 3 werksoorten), so the arithmetic runs in one pass over the rows in exact
    Decimal and each result frame is built once: pandas' per-column operations would cost more than the sums.
    """
    for year, months in inputs.months.items():
        if not isinstance(months, int) or not 0 <= months <= MONTHS:
            raise EngineInputError(f"months.{year}", "moet een heel aantal maanden van 0 tot en met 12 zijn")
    with localcontext(PRECISION):
        return _compute(inputs)


def _compute(inputs: Inputs) -> Result:
    years = sorted(inputs.years)
    by_year = {y: _tariffs_in(inputs, y) for y in years}
    factors = {
        y: ONE if y in inputs.tariffs_by_year else index_factor(inputs.index, inputs.tariff_year, y) for y in years
    }
    shares = {y: inputs.year_share(y) for y in years}
    before = _Before(inputs.before, shares)

    rows, index = [], []
    bijdrage_by_year = dict.fromkeys(years, ZERO)
    fte_by_year = dict.fromkeys(years, ZERO)
    hc = inputs.headcount
    for year, werksoort, nominal, fte in zip(hc["year"], hc["werksoort"], hc["nominal"], hc["fte"], strict=True):
        if year not in factors:
            continue
        t = by_year[year]
        cost = t.begeleiding[werksoort] + t.werkgeverstaken + t.verloning
        if inputs.fixed_share:
            reference = inputs.reference_nominal.get(werksoort, nominal)
            cost *= fixed_cost_multiplier(inputs.fixed_share, reference, nominal)
        bijdrage = (cost * nominal + t.opbrengst[werksoort] * fte) * factors[year]
        bijdrage = bijdrage * shares[year] + before.werksoort(year, werksoort)
        rows.append((nominal, fte, bijdrage, bijdrage / fte if fte else None))
        index.append((year, werksoort))
        bijdrage_by_year[year] += bijdrage
        fte_by_year[year] += fte
    overige = _counts_times(inputs.overige, OVERIGE_TASKS, by_year, years, factors)
    overige = [amount * shares[y] + before.column(y, "overige") for y, amount in zip(years, overige, strict=True)]
    extra = _counts_times(inputs.units, UNIT_TASKS, by_year, years, factors)
    extra = [
        (amount + inputs.extra_amounts.get(y, ZERO)) * shares[y]
        + before.column(y, "extra")
        + inputs.one_off.get(y, ZERO)
        for y, amount in zip(years, extra, strict=True)
    ]
    columns = {
        "bijdrage_werksoorten": [],
        "fte": [],
        "integraal_per_fte": [],
        "overige": overige,
        "extra": extra,
        "totaal_bijdrage": [],
        "operationeel_resultaat": [],
    }
    for i, year in enumerate(years):
        bijdrage, fte = bijdrage_by_year[year], fte_by_year[year]
        total = bijdrage + overige[i] + extra[i]
        columns["bijdrage_werksoorten"].append(bijdrage)
        columns["fte"].append(fte)
        columns["integraal_per_fte"].append(bijdrage / fte if fte else None)
        columns["totaal_bijdrage"].append(total)
        columns["operationeel_resultaat"].append(-total)
    return Result.from_rows(rows, index, years, columns)


class _Before:
    """The part of each year paid under the arrangement before (its amounts × the months not under the inputs)."""

    def __init__(self, result: Result | None, shares: Mapping[int, Decimal]):
        self.rest = {y: ONE - share for y, share in shares.items()}
        self.result = result if result is not None and any(self.rest.values()) else None
        self._werksoorten = self.result.per_werksoort("bijdrage") if self.result is not None else {}
        self._columns = {}

    def werksoort(self, year: int, werksoort: str) -> Decimal:
        if self.result is None or not self.rest[year]:
            return ZERO
        return (self._werksoorten.get((year, werksoort)) or ZERO) * self.rest[year]

    def column(self, year: int, name: str) -> Decimal:
        if self.result is None or not self.rest[year]:
            return ZERO
        if name not in self._columns:
            self._columns[name] = self.result.column(name)
        return (self._columns[name].get(year) or ZERO) * self.rest[year]


def fixed_cost_multiplier(fixed_share: Decimal, reference: Decimal, nominal: Decimal) -> Decimal:
    """Cost per person at volume `nominal` relative to the tariff at volume `reference`: the fixed part is
    spread over fewer (or more) people, the variable part stays per person."""
    if not nominal or not reference:
        return ONE
    return fixed_share * reference / nominal + (ONE - fixed_share)


def _tariffs_in(inputs: Inputs, year: int) -> Tariffs:
    return inputs.tariffs_by_year.get(year, inputs.tariffs)


def _counts_times(frame, tasks, by_year: Mapping[int, Tariffs], years, factors) -> list[Decimal]:
    """Σ tariff × count per year for the tasks outside the werksoorten (overige, extra)."""
    amounts = dict.fromkeys(years, ZERO)
    if frame is not None:  # plain lists: pandas' to_dict("records") costs more than the sums (the tornado runs ~30×)
        for y, *counts in zip(frame["year"].tolist(), *(frame[task].tolist() for task in tasks), strict=True):
            if y in amounts:
                tariffs = by_year[y]
                amounts[y] += dsum(getattr(tariffs, t) * n for t, n in zip(tasks, counts, strict=True)) * factors[y]
    return list(amounts.values())


WERKSOORT_COLUMNS = ("nominal", "fte", "bijdrage", "per_fte")  # the order of compute()'s rows


class Result:
    """The engine's answer: `werksoorten` (index (year, werksoort): nominal, fte, bijdrage, per_fte) and `per_year`
    (index year: bijdrage_werksoorten, fte, integraal_per_fte, overige, extra, totaal_bijdrage) as frames.

    `compute()` hands over plain rows and builds each frame on first use: the sensitivity analysis runs the engine
    some thirty times per comparison and reads only the totals, which come from the rows directly."""

    def __init__(self, werksoorten: pd.DataFrame | None = None, per_year: pd.DataFrame | None = None):
        self._rows = None
        if werksoorten is not None:
            self.__dict__["werksoorten"] = werksoorten
        if per_year is not None:
            self.__dict__["per_year"] = per_year

    @classmethod
    def from_rows(cls, rows, index, years, columns) -> Result:
        result = cls()
        result._rows = (rows, index, years, columns)
        return result

    @cached_property
    def werksoorten(self) -> pd.DataFrame:
        rows, index, _years, _columns = self._rows
        return pd.DataFrame(
            rows,
            columns=list(WERKSOORT_COLUMNS),
            index=pd.MultiIndex.from_tuples(index, names=["year", "werksoort"]),
            dtype=object,
        )

    @cached_property
    def per_year(self) -> pd.DataFrame:
        _rows, _index, years, columns = self._rows
        return pd.DataFrame(columns, index=pd.Index(years, name="year"), dtype=object)

    def column(self, name: str) -> dict[int, Decimal | None]:
        """One column of `per_year` as {year: value} in year order, without building the frame when compute()'s
        rows are there (a scenario's editor reads a handful of columns after every save)."""
        if self._rows is not None:
            _rows, _index, years, columns = self._rows
            return dict(zip(years, columns[name], strict=True))
        return dict(self.per_year[name].items())

    def per_werksoort(self, name: str) -> dict[tuple[int, str], Decimal | None]:
        """One column of `werksoorten` as {(year, werksoort): value}, from compute()'s rows when they are there."""
        if self._rows is not None:
            rows, index, _years, _columns = self._rows
            position = WERKSOORT_COLUMNS.index(name)
            return {key: row[position] for key, row in zip(index, rows, strict=True)}
        return dict(self.werksoorten[name].items())

    def _totals(self) -> list[tuple[int, Decimal]]:
        """(year, totaal_bijdrage) in year order."""
        return list(self.column("totaal_bijdrage").items())

    def total(self, years=None) -> Decimal:
        """Cumulative totaal_bijdrage over `years` (default: all)."""
        wanted = None if years is None else set(years)
        with localcontext(PRECISION):
            return dsum(amount for year, amount in self._totals() if wanted is None or year in wanted)

    def running_total(self) -> dict[int, Decimal]:
        """Running total of totaal_bijdrage, {year: amount}."""
        running, values = ZERO, {}
        with localcontext(PRECISION):
            for year, amount in self._totals():
                running += amount
                values[year] = running
        return values

    def cumulative(self) -> pd.Series:
        """Running total of totaal_bijdrage per year, as a series."""
        values = self.running_total()
        return pd.Series(
            list(values.values()), index=pd.Index(list(values), name="year"), dtype=object, name="cumulatief"
        )

    def npv(self, rate: Decimal, base_year: int | None = None) -> Decimal:
        """Net present value of totaal_bijdrage at `rate`, discounted to `base_year` (default: the first year)."""
        totals = self._totals()
        base_year = min(year for year, _amount in totals) if base_year is None else base_year
        with localcontext(PRECISION):
            return dsum(amount / (ONE + rate) ** (year - base_year) for year, amount in totals)

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
