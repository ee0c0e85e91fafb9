"""The model the Monte Carlo of finance.uncertainty varies: a `Case` (everything the engine needs for a comparison),
`apply` (what one draw of the drivers means, exact Decimal) and the slow reference (`engine_results`,
`reference_totals`: the real engine per draw). Pure: no Django."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from decimal import Decimal

import numpy as np
import pandas as pd

from .engine import MONTHS, ONE, ZERO, EngineInputError, Inputs, Result, Tariffs, compute
from .projection import interpolate, nieuw_beschut_places, split
from .sourcing import OwnFacility, Provider, scenario_inputs

DRIVERS = ("wsw_end", "nieuw_beschut_growth", "index_rate", "fixed_share", "dvo_tariffs", "offer")


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


# The tornado sends the same population through the engine again and again (only two of its inputs change the
# headcount): the frames of the last few populations are kept by value, and each caller gets its own copy.
_HEADCOUNTS: dict[tuple[str, tuple[int, ...]], tuple[pd.DataFrame, pd.DataFrame]] = {}
_HEADCOUNTS_KEPT = 16


def headcount(population: Population, years) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The headcount frame and the overige counts (werkgeverstaken, verloning) per year, as dossier.baseline does."""
    key = (repr(population), tuple(years))
    if key not in _HEADCOUNTS:
        if len(_HEADCOUNTS) >= _HEADCOUNTS_KEPT:
            _HEADCOUNTS.pop(next(iter(_HEADCOUNTS)))
        _HEADCOUNTS[key] = _headcount(population, key[1])
    frame, overige = _HEADCOUNTS[key]
    return frame.copy(), overige.copy()


def _headcount(population: Population, years) -> tuple[pd.DataFrame, pd.DataFrame]:
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
