"""Money under uncertainty for a dossier (issue 16): the dossier's stored distributions (UncertainDriver) drawn over
its scenarios as the comparison computes them, by the pure Monte Carlo of finance.uncertainty. The number of draws
and the seed are parameters (reference data); a version freezes the outcome with both. Read by the comparison and
uncertainty pages, `scenario_compare` and a version's snapshot.

A scenario's case mirrors scenarios.selectors.scenario_result: the engine providers and DVO baseline inputs it was
computed with, its months under the scenario and its one-off costs (an eigen voorziening's start-up costs are in
its provider). Scenarios with another horizon or other shares of the werksoorten are each their own case, drawn with
the same draws, so that the chance of being cheapest compares like with like draw by draw."""

from __future__ import annotations

import functools
from dataclasses import dataclass, field, replace
from decimal import Decimal

import numpy as np
from django.utils.translation import gettext as _

from finance import selectors as finance_selectors
from finance import uncertainty as mc
from finance.computed import kept
from finance.engine import WERKSOORTEN, EngineInputError, to_cents
from finance.selectors import DEFAULT_INDEX_SERIES

from .models import UncertainDriver
from .selectors import Comparison, ScenarioResult, compare

METHOD_VERSION = 1  # of the model behind a seed: bump when finance.uncertainty draws or computes differently
DRAWS, SEED = "onzekerheid_trekkingen", "onzekerheid_seed"  # the parameters
MAX_DRAWS = 100_000


class UncertaintyError(ValueError):
    """Settings the simulation cannot run with (e.g. a number of draws out of range); its text is Dutch."""


@dataclass
class Uncertainty:
    draws: int
    seed: int
    drivers: list[UncertainDriver]
    outcomes: list[ScenarioResult]  # the scenarios drawn, in the comparison's order
    bands: dict[int, dict]  # scenario pk -> finance.uncertainty.summarise's object
    left_out: list[str] = field(default_factory=list)

    def band(self, pk: int) -> dict | None:
        return self.bands.get(pk)

    @property
    def cheapest(self) -> ScenarioResult | None:
        """The scenario most often the cheapest (the first of equals, in the comparison's order)."""
        return max(self.outcomes, key=lambda r: self.bands[r.scenario.pk]["p_cheapest"], default=None)

    def scenario_json(self, pk: int) -> dict | None:
        """One scenario's "uncertainty" object as scenario_compare writes it: money as text in cents."""
        band = self.bands.get(pk)
        if band is None:
            return None
        return {
            "draws": band["draws"],
            "seed": band["seed"],
            "yearly": {str(y): _money(b) for y, b in sorted(band["yearly"].items())},
            "cumulative": _money(band["cumulative"]),
            "p_cheapest": band["p_cheapest"],
        }

    def as_json(self) -> dict:
        """Everything a version freezes (see docs/finance.md, "Money under uncertainty")."""
        cheapest = self.cheapest
        return {
            "version": METHOD_VERSION,
            "draws": self.draws,
            "seed": self.seed,
            "drivers": [
                {
                    "driver": d.driver,
                    "label": str(d),
                    "distribution": d.distribution,
                    "params": [str(getattr(d, name)) for name in d.PARAMETERS[d.distribution]],
                    "unit": "count" if d.is_count else "percent",
                    "provider": d.provider.name if d.provider_id else None,
                    "basis": str(d.basis_text),
                }
                for d in self.drivers
            ],
            "scenarios": [
                {"id": r.scenario.pk, "name": r.scenario.name, **self.scenario_json(r.scenario.pk)}
                for r in sorted(self.outcomes, key=lambda r: r.scenario.pk)
            ],
            "cheapest": None
            if cheapest is None
            else {
                "id": cheapest.scenario.pk,
                "name": cheapest.scenario.name,
                "p_cheapest": self.bands[cheapest.scenario.pk]["p_cheapest"],
            },
            "left_out": self.left_out,
        }


def _money(band: dict) -> dict:
    return {key: str(to_cents(value)) for key, value in band.items()}


def settings(comparison: Comparison, draws: int | None = None, seed: int | None = None) -> tuple[int, int]:
    """The number of draws and the seed: as given, else the parameters."""
    parameters = comparison.reference.parameters if comparison.reference else {}
    if draws is None:
        draws = int(parameters.get(DRAWS, 0)) or None
    if seed is None and SEED in parameters:
        seed = int(parameters[SEED])
    if draws is None or seed is None:
        raise UncertaintyError(_("The parameters for the number of draws and the seed are missing."))
    if not 1 <= draws <= MAX_DRAWS:
        raise UncertaintyError(_("The number of draws lies between 1 and 100.000."))
    if not 0 <= seed < 2**63:
        raise UncertaintyError(_("The seed is a whole number of 0 or more."))
    return draws, seed


def drivers_of(dossier) -> list[UncertainDriver]:
    return list(UncertainDriver.objects.filter(dossier=dossier).select_related("provider"))


@dataclass
class Prepared:
    """What a simulation draws from: the engine's drivers, the cases (one per horizon and population) and the
    scenarios in them, with what was left out and why."""

    rows: list[UncertainDriver]
    drivers: list
    cases: list[mc.Case]
    outcomes: list[ScenarioResult]
    left_out: list[str]


def prepare(dossier, comparison: Comparison) -> Prepared | None:
    """The cases and drivers of the dossier, or None when there is nothing to draw (no uncertain inputs, or no
    scenario computes); once per comparison (its bands and its tornado draw from the same)."""
    if dossier.pk not in comparison.prepared:
        comparison.prepared[dossier.pk] = _prepare(dossier, comparison)
    return comparison.prepared[dossier.pk]


def _prepare(dossier, comparison: Comparison) -> Prepared | None:
    rows = drivers_of(dossier)
    results = [r for r in comparison.results if r.result is not None and r.base is not None]
    if not rows or not results or comparison.baseline is None:
        return None
    left_out, drivers = [], []
    for row in rows:
        if row.driver == UncertainDriver.Name.OFFER and row.provider_id is None:
            left_out.append(_("%(input)s: no provider named, so it is not varied.") % {"input": row})
            continue
        try:
            drivers.append(row.engine_driver())
        except EngineInputError as exc:
            left_out.append(f"{row}: {exc.message}")
    names = {row.driver: row.provider.name for row in rows if row.provider_id}
    return Prepared(rows, drivers, _cases(comparison, results, names), results, left_out)


def run(
    dossier, *, draws: int | None = None, seed: int | None = None, comparison: Comparison | None = None
) -> Uncertainty | None:
    """The bands of every scenario that computes, or None when there is nothing to draw (see prepare). Raises
    UncertaintyError for settings out of range."""
    comparison = comparison or compare(dossier)
    draws, seed = settings(comparison, draws, seed)
    prepared = prepare(dossier, comparison)
    if prepared is None:
        return None
    drawn = functools.cache(lambda: mc.draw(prepared.drivers, draws, seed))  # only when a scenario is not kept
    parts = {}
    try:
        for case in prepared.cases:
            common = functools.cache(lambda case=case: mc.shared(case, drawn()))  # the same for each of its scenarios
            for scenario in case.scenarios:
                alone = replace(case, scenarios=(scenario,))
                parts[scenario.name] = _drawn_alone(alone, prepared, draws, seed, drawn, common)
    except EngineInputError as exc:
        failed = _("The simulation cannot compute: %(error)s") % {"error": exc}
        return Uncertainty(draws, seed, prepared.rows, [], {}, [*prepared.left_out, failed])
    shares = mc.chances({name: cumulative for name, (_band, cumulative) in parts.items()})
    bands = {int(name): {**band, "p_cheapest": shares[name]} for name, (band, _cumulative) in parts.items()}
    return Uncertainty(draws, seed, prepared.rows, prepared.outcomes, bands, prepared.left_out)


def _drawn_alone(case: mc.Case, prepared: Prepared, draws: int, seed: int, drawn, common) -> tuple[dict, np.ndarray]:
    """One scenario's bands and cumulative total per draw (a case of that scenario alone: each scenario's result
    stands alone, so drawing it apart changes no digit). Kept in the `computed` cache under its whole input, so a
    comparison after an edit of one scenario draws only that one again; `common()` gives what the scenarios of its
    case share (finance.uncertainty.shared), computed once for all of them that are not kept."""
    (scenario,) = case.scenarios

    def compute():
        simulation = mc.simulate(case, drawn(), common=common())
        return mc.scenario_bands(simulation, scenario.name, seed=seed), simulation.cumulative(scenario.name)

    return kept("scenarios:uncertainty", (METHOD_VERSION, case, prepared.drivers, draws, seed), compute)


def tornado(comparison: Comparison, chosen: ScenarioResult, base: ScenarioResult):
    """The uncertain inputs one at a time at their P10 and P90 through the exact engine (finance.uncertainty's
    driver_tornado): the change of (cumulative `chosen` − cumulative `base`), largest swing first, as a DataFrame; None
    without uncertain inputs, or when the two are not computed over the same horizon and population. Each
    scenario's own tornado is kept apart, under its whole input like the bands: an edit of one of the two
    computes only that one again (finance.uncertainty.difference)."""
    prepared = prepare(chosen.scenario.dossier, comparison)
    names = {str(chosen.scenario.pk), str(base.scenario.pk)}
    case = next((c for c in prepared.cases if names <= {s.name for s in c.scenarios}), None) if prepared else None
    if case is None or not prepared.drivers:
        return None
    alone = {s.name: replace(case, scenarios=(s,)) for s in case.scenarios if s.name in names}
    frames = {
        name: kept(
            "scenarios:driver-tornado",
            (METHOD_VERSION, one, prepared.drivers),
            lambda one=one, name=name: mc.driver_tornado(one, prepared.drivers, mc.cumulative(name)),
        )
        for name, one in alone.items()
    }
    return mc.difference(frames[str(chosen.scenario.pk)], frames[str(base.scenario.pk)])


def _cases(comparison: Comparison, computed: list[ScenarioResult], names: dict[str, str]) -> list[mc.Case]:
    """One case per horizon and population; scenarios are named by their pk (names need not be unique)."""
    groups: dict[tuple, list[ScenarioResult]] = {}
    for r in computed:
        groups.setdefault((tuple(r.years), tuple(_shares(comparison.baseline, r.scenario).values())), []).append(r)
    known = finance_selectors.published_index_years(comparison.baseline.index_series or DEFAULT_INDEX_SERIES)
    cases = []
    for outcomes in groups.values():
        first = outcomes[0]
        base = first.base
        cases.append(
            mc.Case(
                years=tuple(first.years),
                population=_population(comparison.baseline, first.scenario),
                tariffs=base.tariffs,
                tariff_year=base.tariff_year,
                index=dict(base.index),
                known_index=frozenset(known),
                fixed_share=base.fixed_share,
                scenarios=tuple(_scenario(r) for r in outcomes),
                dvo_provider=names.get(UncertainDriver.Name.DVO_TARIFFS, ""),
                offer_provider=names.get(UncertainDriver.Name.OFFER, ""),
            )
        )
    return cases


def _shares(baseline, scenario) -> dict[str, Decimal]:
    """The shares of the werksoorten the scenario computes with: its own where it has them, else the baseline's."""
    shares = scenario.shares(baseline)
    return {w: shares[f"share_{w}"] for w in WERKSOORTEN}


def _population(baseline, scenario) -> mc.Population:
    """The baseline's population as dossier.baseline.population reads it, with the scenario's shares."""
    return mc.Population(
        start_year=baseline.start_year,
        start_count=Decimal(baseline.start_count),
        end_year=baseline.end_year,
        end_count=Decimal(baseline.end_count),
        shares=_shares(baseline, scenario),
        fte_ratio={w: getattr(baseline, f"fte_{w}") for w in WERKSOORTEN},
        method=baseline.method,
        nieuw_beschut=baseline.nieuw_beschut,
        nieuw_beschut_growth=baseline.nieuw_beschut_growth,
        nieuw_beschut_at_provider=baseline.nieuw_beschut_at_provider,
        share_overige=baseline.share_overige,
        share_overige_werkgeverstaken=baseline.share_overige_werkgeverstaken,
    )


def _scenario(outcome: ScenarioResult) -> mc.Scenario:
    one_off: dict[int, Decimal] = {}
    for cost in outcome.scenario.one_off_costs.all():
        one_off[cost.year] = one_off.get(cost.year, Decimal(0)) + cost.amount
    return mc.Scenario(
        name=str(outcome.scenario.pk),
        sourcing=dict(outcome.providers),
        months=outcome.months,
        one_off=one_off,
    )


__all__ = [
    "METHOD_VERSION",
    "Prepared",
    "Uncertainty",
    "UncertaintyError",
    "drivers_of",
    "prepare",
    "run",
    "settings",
    "tornado",
]
