"""Money under uncertainty (issue 16): Monte Carlo over the drivers that move a scenario's costs. Pure: no Django.

A `Case` holds everything the engine needs for a comparison (the baseline's population, the DVO tariffs and index,
the scenarios with their sourcing, months and one-off amounts). A `Driver` gives one uncertain input a
distribution; `draw` draws all drivers for `n` draws from one seed. `apply(case, values)` says what ONE draw means
(exact Decimal), and `reference_totals` runs the real engine (`finance.sourcing.scenario_inputs` + `compute`) for
it: the slow reference. `finance.uncertainty_fast.simulate` is the same model in numpy float64 over all draws at
once; `summarise` turns its totals into the bands the college reads.

Public API (what the database, the pages and `scenario_compare` wire up):

    drivers = [Driver("wsw_end", "triangular", (D(100), D(117), D(135)), label="Wsw in 2033"), ...]
    draws = draw(drivers, n=10_000, seed=2026)              # {driver name: np.ndarray[n]}
    simulation = simulate(case, draws)                        # finance.uncertainty_fast
    bands = summarise(simulation, seed=2026)                  # {scenario name: {"draws", "seed", "yearly",
                                                              #  "cumulative", "p_cheapest"}}

`bands[name]` is the JSON contract's "uncertainty" object: "draws" and "seed" ints, "yearly" {year (int): {"p10",
"p50", "p90"}} and "cumulative" {"p10", "p50", "p90"} as Decimal rounded half up to cents (totaal_bijdrage: what the
gemeente pays; `str()` them for JSON), "p_cheapest" a float in [0, 1] (the share of draws in which the scenario's
cumulative total is the lowest; a tie within half a cent is split evenly, so the shares sum to 1). The same seed
and drivers give identical draws, hence identical bands.

The drivers (DRIVERS, drawn in that order whatever the order of the list):
    wsw_end               Wsw employees in the last anchor year (population.end_count; e.g. a band around 117)
    nieuw_beschut_growth  nieuw beschut places added per year (population.nieuw_beschut_growth)
    index_rate            the wage index rate of every year not published (not in `case.known_index`), for the DVO
                          and for every provider's own index (the same wage index for all)
    fixed_share           the fixed share of the DVO: the baseline's and the DVO provider's (`case.dvo_provider`)
    dvo_tariffs           multiplier on every DVO tariff (the baseline's and the DVO provider's, revenue included)
    offer                 multiplier on every tariff of one provider's offer (`case.offer_provider`, e.g. Larcom)
A driver not given keeps the case's own value.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from decimal import Decimal

import numpy as np
import pandas as pd

from .engine import MONTHS, ONE, WERKSOORTEN, ZERO, EngineInputError, Inputs, Result, Tariffs, compute, to_cents
from .projection import interpolate, nieuw_beschut_places, split
from .sourcing import OwnFacility, Provider, TariffProvider, scenario_inputs

DRIVERS = ("wsw_end", "nieuw_beschut_growth", "index_rate", "fixed_share", "dvo_tariffs", "offer")
KINDS = {"fixed": 1, "uniform": 2, "triangular": 3, "normal": 4}  # kind → number of parameters
TIE = 0.005  # euro: cumulative totals closer than half a cent count as a tie for the cheapest


# ------------------------------------------------------------------------------------------------ drivers


@dataclass(frozen=True)
class Driver:
    """One uncertain input and its distribution. Parameters by kind: fixed (value); uniform (low, high);
    triangular (low, mode, high); normal (mean, sd, low, high): a normal truncated to [low, high]."""

    name: str
    kind: str
    params: tuple[Decimal, ...]
    label: str = ""

    def __post_init__(self):
        if self.name not in DRIVERS:
            raise EngineInputError(f"drivers.{self.name}", "onbekende onzekere factor")
        if KINDS.get(self.kind) != len(self.params):
            raise EngineInputError(f"drivers.{self.name}", "verdeling of aantal parameters klopt niet")
        p = [float(v) for v in self.params]
        if self.kind == "uniform" and not p[0] <= p[1]:
            raise EngineInputError(f"drivers.{self.name}", "de ondergrens ligt boven de bovengrens")
        if self.kind == "triangular" and not (p[0] <= p[1] <= p[2] and p[0] < p[2]):
            raise EngineInputError(f"drivers.{self.name}", "verwacht laag ≤ meest waarschijnlijk ≤ hoog")
        if self.kind == "normal" and not (p[1] > 0 and p[2] < p[3]):
            raise EngineInputError(f"drivers.{self.name}", "verwacht een positieve spreiding en laag < hoog")


def draw(drivers: Sequence[Driver], n: int, seed: int) -> dict[str, np.ndarray]:
    """`n` draws of every driver from one PCG64 stream, in the order of DRIVERS: the same drivers and seed give
    the same arrays, whatever the order of `drivers`. A fixed driver takes nothing from the stream."""
    if n < 1:
        raise EngineInputError("draws", "minstens één trekking")
    by_name = {d.name: d for d in drivers}
    if len(by_name) != len(drivers):
        raise EngineInputError("drivers", "een onzekere factor staat er twee keer in")
    rng = np.random.Generator(np.random.PCG64(seed))
    values = {}
    for name in DRIVERS:
        if name in by_name:
            values[name] = _sample(by_name[name], n, rng)
    return values


def _sample(driver: Driver, n: int, rng: np.random.Generator) -> np.ndarray:
    p = [float(v) for v in driver.params]
    if driver.kind == "fixed":
        return np.full(n, p[0])
    if driver.kind == "uniform":
        return rng.uniform(p[0], p[1], n)
    if driver.kind == "triangular":
        return rng.triangular(p[0], p[1], p[2], n)
    mean, sd, low, high = p
    out, filled = np.empty(n), 0
    for _attempt in range(1000):  # rejection: deterministic for a seed; gives up when [low, high] is far in a tail
        x = rng.normal(mean, sd, 2 * (n - filled) + 16)
        x = x[(x >= low) & (x <= high)][: n - filled]
        out[filled : filled + len(x)] = x
        filled += len(x)
        if filled == n:
            return out
    raise EngineInputError(f"drivers.{driver.name}", "de grenzen liggen te ver van het gemiddelde")


# ------------------------------------------------------------------------------------------------ the case


@dataclass(frozen=True)
class Population:
    """The baseline's population (dossier.baseline.population): the Wsw total between two anchors, split by shares
    and fte ratios per werksoort, plus the nieuw beschut places at the provider in beschut werk."""

    start_year: int
    start_count: Decimal
    end_year: int
    end_count: Decimal
    shares: Mapping[str, Decimal]
    fte_ratio: Mapping[str, Decimal]
    method: str = "linear"
    nieuw_beschut: Decimal = ZERO
    nieuw_beschut_growth: Decimal = ZERO
    nieuw_beschut_at_provider: Decimal = ONE
    share_overige: Decimal = ZERO  # verloning only, as a share of the Wsw total
    share_overige_werkgeverstaken: Decimal = ZERO


@dataclass(frozen=True)
class Scenario:
    name: str
    sourcing: Mapping[str, Provider]  # {service: provider}, as finance.sourcing.scenario_inputs takes it
    months: Mapping[int, int] = field(default_factory=dict)  # months under the scenario (a year not named: 12)
    one_off: Mapping[int, Decimal] = field(default_factory=dict)


@dataclass(frozen=True)
class Case:
    """Everything the engine needs for a comparison over one horizon `years`."""

    years: tuple[int, ...]
    population: Population
    tariffs: Tariffs  # the DVO tariffs the gemeente buys (finance.sourcing.bought), in prices of tariff_year
    tariff_year: int
    index: Mapping[int, Decimal]  # the DVO index: published rates and the assumed rate for the years to come
    known_index: frozenset[int]  # the years whose rate is published; the index_rate driver leaves them alone
    fixed_share: Decimal
    scenarios: tuple[Scenario, ...]
    dvo_provider: str = "Ontplooj"
    offer_provider: str = "Larcom"


def apply(case: Case, values: Mapping[str, Decimal]) -> Case:
    """The case with ONE draw of the drivers in it (see the module docstring for what each driver means)."""
    unknown = set(values) - set(DRIVERS)
    if unknown:
        raise EngineInputError("drivers", f"onbekende onzekere factor: {', '.join(sorted(unknown))}")
    population = case.population
    if "wsw_end" in values:
        population = replace(population, end_count=values["wsw_end"])
    if "nieuw_beschut_growth" in values:
        population = replace(population, nieuw_beschut_growth=values["nieuw_beschut_growth"])
    rate = values.get("index_rate")

    def reindexed(index):
        if rate is None:
            return index
        return {y: r if y in case.known_index else rate for y, r in index.items()}

    def provider(p: Provider) -> Provider:
        if isinstance(p, OwnFacility):
            return replace(p, index=reindexed(p.index))
        factor = ONE
        changes = {"index": reindexed(p.index)}
        if p.name == case.dvo_provider:
            factor *= values.get("dvo_tariffs", ONE)
            changes["fixed_share"] = values.get("fixed_share", p.fixed_share)
        if p.name == case.offer_provider:
            factor *= values.get("offer", ONE)
        if factor != ONE:
            changes["tariffs"] = {task: amount * factor for task, amount in p.tariffs.items()}
        return replace(p, **changes)

    scenarios = tuple(
        replace(s, sourcing={service: provider(p) for service, p in s.sourcing.items()}) for s in case.scenarios
    )
    return replace(
        case,
        population=population,
        tariffs=case.tariffs.scaled(values["dvo_tariffs"]) if "dvo_tariffs" in values else case.tariffs,
        index=reindexed(case.index),
        fixed_share=values.get("fixed_share", case.fixed_share),
        scenarios=scenarios,
    )


# ------------------------------------------------------------------------------------------------ the reference


def headcount(population: Population, years) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The headcount frame and the overige counts (werkgeverstaken, verloning) per year, as dossier.baseline does."""
    years = list(years)
    wsw = interpolate(
        {population.start_year: population.start_count, population.end_year: population.end_count},
        years,
        method=population.method,
    )
    frame = split(wsw, dict(population.shares), dict(population.fte_ratio))
    nieuw = {y: _nieuw(population, y) for y in years}
    if any(nieuw.values()):
        beschut = frame["werksoort"] == "beschut"
        added = frame.loc[beschut, "year"].map(nieuw)
        frame.loc[beschut, "nominal"] = frame.loc[beschut, "nominal"] + added
        frame.loc[beschut, "fte"] = frame.loc[beschut, "fte"] + added * population.fte_ratio["beschut"]
    overige = pd.DataFrame(
        [
            {
                "year": y,
                "werkgeverstaken": wsw[y] * population.share_overige_werkgeverstaken,
                "verloning": wsw[y] * population.share_overige,
            }
            for y in years
        ]
    )
    return frame, overige


def _nieuw(population: Population, year: int) -> Decimal:
    return nieuw_beschut_places(
        population.nieuw_beschut,
        population.nieuw_beschut_growth,
        population.nieuw_beschut_at_provider,
        population.start_year,
        year,
    )


def engine_results(case: Case) -> dict[str, Result]:
    """Each scenario of the case through the real engine, assembled as scenarios.selectors.scenario_result does."""
    years = list(case.years)
    people, overige = headcount(case.population, years)
    at_tariff_year, _overige = headcount(case.population, [case.tariff_year])
    reference = {w: n for w, n in zip(at_tariff_year["werksoort"], at_tariff_year["nominal"], strict=True)}
    base = Inputs(
        years=tuple(years),
        tariff_year=case.tariff_year,
        tariffs=case.tariffs,
        headcount=people,
        index=case.index,
        overige=overige,
        fixed_share=case.fixed_share,
        reference_nominal=reference,
    )
    results = {}
    for scenario in case.scenarios:
        months = {y: scenario.months.get(y, MONTHS) for y in years}
        before = compute(replace(base, years=tuple(y for y in years if months[y] < MONTHS)))
        inputs = scenario_inputs(
            scenario.sourcing,
            people,
            years,
            overige=overige,
            one_off=scenario.one_off,
            months=months,
            before=before,
            reference_nominal=reference,
        )
        results[scenario.name] = compute(inputs)
    return results


def reference_totals(case: Case, draws: Mapping[str, np.ndarray], indices) -> dict[str, np.ndarray]:
    """The slow reference: for each draw in `indices`, apply → the real engine → yearly totals (float, from the
    exact Decimal totals), {scenario: array[len(indices), years]}. A float draw enters as its exact Decimal value."""
    rows: dict[str, list] = {s.name: [] for s in case.scenarios}
    for i in indices:
        values = {name: Decimal(float(array[i])) for name, array in draws.items()}
        for name, result in engine_results(apply(case, values)).items():
            rows[name].append([float(v) for v in result.column("totaal_bijdrage").values()])
    return {name: np.array(values, dtype=float).reshape(len(values), len(case.years)) for name, values in rows.items()}


# ------------------------------------------------------------------------------------------------ summaries


@dataclass(frozen=True)
class Simulation:
    years: tuple[int, ...]
    draws: int
    yearly: Mapping[str, np.ndarray]  # {scenario: totaal_bijdrage [draws, years]}

    def cumulative(self, name: str) -> np.ndarray:
        return self.yearly[name].sum(axis=1)


def p_cheapest(simulation: Simulation) -> dict[str, float]:
    """The share of draws in which each scenario's cumulative total is the lowest; ties (within TIE) split evenly."""
    names = list(simulation.yearly)
    totals = np.stack([simulation.cumulative(name) for name in names])  # [scenarios, draws]
    cheapest = totals <= totals.min(axis=0) + TIE
    shares = (cheapest / cheapest.sum(axis=0)).mean(axis=1)
    return {name: float(share) for name, share in zip(names, shares, strict=True)}


def bands(values: np.ndarray) -> dict[str, Decimal]:
    """P10 / P50 / P90 of `values` (numpy's linear interpolation), Decimal rounded half up to cents."""
    p10, p50, p90 = np.percentile(values, [10, 50, 90])
    return {key: to_cents(Decimal(repr(float(v)))) for key, v in (("p10", p10), ("p50", p50), ("p90", p90))}


def summarise(simulation: Simulation, seed: int) -> dict[str, dict]:
    """The "uncertainty" object per scenario (see the module docstring)."""
    chances = p_cheapest(simulation)
    return {
        name: {
            "draws": simulation.draws,
            "seed": seed,
            "yearly": {year: bands(totals[:, i]) for i, year in enumerate(simulation.years)},
            "cumulative": bands(totals.sum(axis=1)),
            "p_cheapest": chances[name],
        }
        for name, totals in simulation.yearly.items()
    }


def simulate(case: Case, draws: Mapping[str, np.ndarray], *, validate: bool = True) -> Simulation:
    """The fast path (finance.uncertainty_fast.simulate), here so callers import one module. With `validate` the
    case goes through the real engine once first, so a case the engine refuses (shares above 100%, a missing
    tariff, months outside 0–12) raises its EngineInputError here too; the numpy path itself does not check."""
    from .uncertainty_fast import simulate as fast

    if validate:
        engine_results(case)
    return fast(case, draws)


__all__ = [
    "DRIVERS",
    "Case",
    "Driver",
    "Population",
    "Scenario",
    "Simulation",
    "WERKSOORTEN",
    "apply",
    "bands",
    "draw",
    "engine_results",
    "headcount",
    "p_cheapest",
    "reference_totals",
    "simulate",
    "summarise",
    "TariffProvider",
    "OwnFacility",
]
