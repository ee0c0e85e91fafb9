"""Money under uncertainty (issue 16): Monte Carlo over the drivers that move a scenario's costs. Pure: no Django.

A `Case` holds everything the engine needs for a comparison (the baseline's population, the DVO tariffs and index,
the scenarios with their sourcing, months and one-off amounts). A `Driver` gives one uncertain input a
distribution; `draw` draws all drivers for `n` draws from one seed. `apply(case, values)` says what ONE draw means
(exact Decimal), and `reference_totals` runs the real engine (`finance.sourcing.scenario_inputs` + `compute`) for
it: the slow reference (both in finance.uncertainty_model). `simulate` (finance.uncertainty_fast) is the same model
in numpy float64 over all draws at once; `summarise` turns its totals into the bands the college reads. This module
is the public face: import everything from here.

Public API (what the database, the pages and `scenario_compare` wire up):

    drivers = [Driver("wsw_end", "triangular", (D(100), D(117), D(135)), label="Wsw in 2033"), ...]
    draws = draw(drivers, n=10_000, seed=2026)              # {driver name: np.ndarray[n]}
    simulation = simulate(case, draws)                        # finance.uncertainty_fast
    bands = summarise(simulation, seed=2026)                  # {scenario name: {"draws", "seed", "yearly",
                                                              #  "cumulative", "p_cheapest"}}

The tornado over the same drivers (finance.uncertainty_tornado): each driver alone at its P10 and P90
(`Driver.percentile`), every other input at the case's own value, through the exact Decimal engine:

    frame = driver_tornado(case, drivers, cumulative("Mix", against="DVO"), scenarios={"Mix", "DVO"})
    # pandas DataFrame, largest swing first: key, label, low_value, high_value (the values tested), low, high
    # (output − the case's own output, Decimal) and swing (|high − low|); one row per driver given
    values_label(row.key, row.low_value, row.high_value)   # "105 – 130", "1,2% – 3,8%", "95,9% – 110%"

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
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, localcontext
from math import erfc, sqrt
from statistics import NormalDist

import numpy as np

from .engine import EngineInputError, to_cents
from .uncertainty_fast import Shared, Simulation, shared
from .uncertainty_fast import simulate as simulate_fast
from .uncertainty_model import (
    DRIVERS,
    Case,
    Population,
    Scenario,
    apply,
    engine_results,
    headcount,
    reference_totals,
)
from .uncertainty_tornado import cumulative, difference, driver_tornado, values_label

KINDS = {"fixed": 1, "uniform": 2, "triangular": 3, "normal": 4}  # kind → number of parameters
PERCENTILE_PLACES = Decimal("0.000001")  # a driver's percentile: counts, rates and multipliers, to a millionth
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

    def percentile(self, p) -> Decimal:
        """The value below which `p` percent (0–100) of the distribution lies, rounded half up to a millionth (a
        fixed driver: its value): uniform linear, triangular by its inverse CDF, the truncated normal by the
        inverse CDF of `statistics.NormalDist` on [low, high]. The tornado tests a driver at P10 and P90."""
        q = Decimal(p) / 100
        if not 0 <= q <= 1:
            raise EngineInputError(f"drivers.{self.name}", "een percentiel ligt tussen 0 en 100")
        if self.kind == "fixed":
            return self.params[0]
        with localcontext() as context:
            context.prec = 28
            if self.kind == "uniform":
                low, high = self.params
                value = low + (high - low) * q
            elif self.kind == "triangular":
                low, mode, high = self.params
                if q * (high - low) <= mode - low:
                    value = low + (q * (high - low) * (mode - low)).sqrt()
                else:
                    value = high - ((1 - q) * (high - low) * (high - mode)).sqrt()
            else:
                value = self._truncated_normal(float(q))
        return value.quantize(PERCENTILE_PLACES, rounding=ROUND_HALF_UP)

    def _truncated_normal(self, q: float) -> Decimal:
        mean, sd, low, high = (float(v) for v in self.params)
        # A range above the mean is mirrored below it, and the CDF taken by erfc: in a tail far from the mean the
        # CDF keeps its digits there (NormalDist.cdf, 1 + erf, rounds it to 0 or 1 beyond some 8 sd).
        sign = -1 if low > mean else 1
        if sign < 0:
            low, high, q = 2 * mean - high, 2 * mean - low, 1 - q
        normal = NormalDist(mean, sd)
        below, above = (erfc((mean - x) / (sd * sqrt(2))) / 2 for x in (low, high))
        if not above > below:
            raise EngineInputError(f"drivers.{self.name}", "de grenzen liggen te ver van het gemiddelde")
        if q in (0, 1):
            x = low if q == 0 else high
        else:
            x = min(max(normal.inv_cdf(below + q * (above - below)), low), high)
        return Decimal(repr(mean + sign * (x - mean)))


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


# ------------------------------------------------------------------------------------------------ summaries


def p_cheapest(*simulations: Simulation) -> dict[str, float]:
    """The share of draws in which each scenario's cumulative total is the lowest; ties (within TIE) split evenly.
    Several simulations of the SAME draws (scenarios with another horizon or population, each its own case) are
    ranked together."""
    return chances({name: s.cumulative(name) for s in simulations for name in s.yearly})


def chances(cumulative: Mapping[str, np.ndarray]) -> dict[str, float]:
    """p_cheapest over each scenario's cumulative totals per draw ({scenario: array[draws]}, the same draws)."""
    names = list(cumulative)
    totals = np.stack([cumulative[name] for name in names])  # [scenarios, draws]
    cheapest = totals <= totals.min(axis=0) + TIE
    shares = (cheapest / cheapest.sum(axis=0)).mean(axis=1)
    return {name: float(share) for name, share in zip(names, shares, strict=True)}


BANDS = [10, 50, 90]  # the percentiles of a band: p10, p50, p90


def bands(values: np.ndarray) -> dict[str, Decimal]:
    """P10 / P50 / P90 of `values` (numpy's linear interpolation), Decimal rounded half up to cents."""
    return _band(np.percentile(values, BANDS))


def _band(percentiles) -> dict[str, Decimal]:
    return {key: to_cents(Decimal(repr(float(v)))) for key, v in zip(("p10", "p50", "p90"), percentiles, strict=True)}


def summarise(*simulations: Simulation, seed: int) -> dict[str, dict]:
    """The "uncertainty" object per scenario (see the module docstring), over one or more simulations of the same
    draws: each scenario's yearly bands over its own simulation's years, the chance of being cheapest over all."""
    if len({s.draws for s in simulations}) > 1:
        raise EngineInputError("draws", "de doorrekeningen hebben niet hetzelfde aantal trekkingen")
    shares = p_cheapest(*simulations)
    return {
        name: {**scenario_bands(simulation, name, seed=seed), "p_cheapest": shares[name]}
        for simulation in simulations
        for name in simulation.yearly
    }


def scenario_bands(simulation: Simulation, name: str, *, seed: int) -> dict:
    """One scenario's "uncertainty" object without "p_cheapest" (which needs every scenario drawn with it): what
    can be computed, and kept, per scenario."""
    totals = simulation.yearly[name]
    yearly = np.percentile(totals, BANDS, axis=0)  # every year in one call: per column the same as bands()
    return {
        "draws": simulation.draws,
        "seed": seed,
        "yearly": {year: _band(yearly[:, i]) for i, year in enumerate(simulation.years)},
        "cumulative": bands(totals.sum(axis=1)),
    }


def simulate(
    case: Case, draws: Mapping[str, np.ndarray], *, validate: bool = True, common: Shared | None = None
) -> Simulation:
    """The fast path (finance.uncertainty_fast.simulate), here so callers import one module. With `validate` the
    case goes through the real engine once first, so a case the engine refuses (shares above 100%, a missing
    tariff, months outside 0–12) raises its EngineInputError here too; the numpy path itself does not check.
    `common`: `shared(case, draws)`, when the caller simulates the scenarios of one case apart."""
    if validate:
        engine_results(case)
    return simulate_fast(case, draws, common)


__all__ = [
    "DRIVERS",
    "Case",
    "Driver",
    "Population",
    "Scenario",
    "Shared",
    "Simulation",
    "apply",
    "bands",
    "chances",
    "cumulative",
    "difference",
    "draw",
    "driver_tornado",
    "engine_results",
    "headcount",
    "p_cheapest",
    "reference_totals",
    "scenario_bands",
    "shared",
    "simulate",
    "summarise",
    "values_label",
]
