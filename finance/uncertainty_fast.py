"""The fast path of finance.uncertainty: the model of `engine_results(apply(case, draw))` in numpy float64 over all
draws at once, arrays [draws, years] and [draws, years, werksoort]; no Python loop over draws. It mirrors
finance.sourcing.scenario_inputs and finance.engine.compute step by step (the names follow them); the tests hold
it to the Decimal reference within a cent per draw."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np

from .engine import MONTHS, WERKSOORTEN, EngineInputError
from .sourcing import DETACHERING, OwnFacility, TariffProvider
from .uncertainty_model import Case, Population


@dataclass(frozen=True)
class Simulation:
    years: tuple[int, ...]
    draws: int
    yearly: Mapping[str, np.ndarray]  # {scenario: totaal_bijdrage [draws, years]}

    def cumulative(self, name: str) -> np.ndarray:
        return self.yearly[name].sum(axis=1)


@dataclass(frozen=True)
class Shared:
    """What every scenario of a case is computed from, the same for each: the drawn drivers, the population and the
    DVO before the scenario starts ([draws, years(, werksoort)]). Computed once per case and draws (`shared`), it
    can be handed to `simulate` for each scenario of the case apart."""

    n: int
    rate: np.ndarray | None
    fixed_share: np.ndarray
    dvo_factor: np.ndarray
    offer_factor: np.ndarray
    nominal: np.ndarray
    fte: np.ndarray
    n_wg: np.ndarray
    n_verl: np.ndarray
    ref_nominal: np.ndarray
    before_w: np.ndarray
    before_overige: np.ndarray


def shared(case: Case, draws: Mapping[str, np.ndarray]) -> Shared:
    """The part of `simulate` that does not depend on the case's scenarios."""
    n = len(next(iter(draws.values()))) if draws else 1
    years = np.array(case.years)
    pop = case.population

    def driver(name, default) -> np.ndarray:
        return np.asarray(draws[name], dtype=float) if name in draws else np.full(n, float(default))

    end_count = driver("wsw_end", pop.end_count)
    growth = driver("nieuw_beschut_growth", pop.nieuw_beschut_growth)
    rate = draws.get("index_rate")
    fixed_share = driver("fixed_share", case.fixed_share)

    nominal, fte, n_wg, n_verl = _population(pop, years, end_count, growth)
    ref_nominal, _fte, _wg, _verl = _population(pop, np.array([case.tariff_year]), end_count, growth)
    ref_nominal = ref_nominal[:, 0, :]  # [draws, werksoort]
    dvo_factor = driver("dvo_tariffs", 1)

    # The DVO before the scenario (Inputs with fixed_share and reference_nominal, no units): per year and werksoort.
    t = case.tariffs
    k = _factors(case, n, rate, case.index, case.tariff_year)[:, :, None] * dvo_factor[:, None, None]
    cost = np.array([float(t.begeleiding[w] + t.werkgeverstaken + t.verloning) for w in WERKSOORTEN])
    opbrengst = np.array([float(t.opbrengst[w]) for w in WERKSOORTEN])
    multiplier = _fixed_cost_multiplier(fixed_share[:, None, None], ref_nominal[:, None, :], nominal)
    before_w = (cost * multiplier * nominal + opbrengst * fte) * k
    before_overige = (float(t.werkgeverstaken) * n_wg + float(t.verloning) * n_verl) * k[:, :, 0]
    return Shared(
        n,
        rate,
        fixed_share,
        dvo_factor,
        driver("offer", 1),
        nominal,
        fte,
        n_wg,
        n_verl,
        ref_nominal,
        before_w,
        before_overige,
    )


def _factors(case: Case, n: int, rate, index, base_year) -> np.ndarray:
    """Π(1 + rate) from the base year, [draws, years]: the published rates, a drawn one for the years not known."""
    out = np.empty((n, len(case.years)))
    running, t = np.ones(n), base_year
    for i, year in enumerate(case.years):
        while t < year:
            t += 1
            if t in index:
                r = float(index[t]) if rate is None or t in case.known_index else rate
                running = running * (1 + np.asarray(r, dtype=float))
        out[:, i] = running
    return out


def simulate(case: Case, draws: Mapping[str, np.ndarray], common: Shared | None = None) -> Simulation:
    """Yearly totaal_bijdrage of every scenario for every draw ({driver: array[draws]}, from uncertainty.draw); a
    driver not in `draws` keeps the case's value. `common` is `shared(case, draws)` when the caller has it already
    (computed for another scenario of the same case and draws). Unchecked: finance.uncertainty.simulate validates
    first."""
    common = common or shared(case, draws)
    n, rate, fixed_share = common.n, common.rate, common.fixed_share
    dvo_factor, offer_factor = common.dvo_factor, common.offer_factor
    nominal, fte, n_wg, n_verl, ref_nominal = common.nominal, common.fte, common.n_wg, common.n_verl, common.ref_nominal
    before_w, before_overige = common.before_w, common.before_overige
    years = np.array(case.years)

    yearly = {}
    cache: dict[int, np.ndarray] = {}

    def provider_factor(p) -> np.ndarray:
        if id(p) not in cache:
            f = _factors(case, n, rate, p.index, p.base_year)
            if isinstance(p, TariffProvider):
                if p.name == case.dvo_provider:
                    f = f * dvo_factor[:, None]
                if p.name == case.offer_provider:
                    f = f * offer_factor[:, None]
            cache[id(p)] = f
        return cache[id(p)]

    def tariff(p, task, required=True) -> np.ndarray:  # [draws, years]
        if task not in p.tariffs:
            if required:
                raise EngineInputError(f"{p.name}.{task}", "tarief ontbreekt voor deze dienst")
            return np.zeros((n, len(years)))
        return float(p.tariffs[task]) * provider_factor(p)

    def provider_fixed_share(p) -> np.ndarray:  # the driver replaces the DVO provider's own share only when drawn
        if p.name == case.dvo_provider and "fixed_share" in draws:
            return fixed_share[:, None]
        return np.full((n, 1), float(p.fixed_share))

    for scenario in case.scenarios:
        sourcing = scenario.sourcing
        share = np.array([scenario.months.get(y, MONTHS) / MONTHS for y in case.years])
        rest = 1 - share
        begeleiding = np.zeros_like(nominal)
        opbr = np.zeros_like(nominal)
        extra = np.zeros((n, len(years)))
        facility_cost = _facility_costs(sourcing, fte, provider_factor)
        for j, w in enumerate(WERKSOORTEN):
            p = sourcing[f"begeleiding_{w}"]
            nom = nominal[:, :, j]
            if isinstance(p, OwnFacility):
                c = facility_cost[w]
                has = nom != 0
                begeleiding[:, :, j] = np.where(has, c / np.where(has, nom, 1), 0)
                opbr[:, :, j] = np.where(has, -float(p.revenue_per_fte) * provider_factor(p), 0)
                extra += np.where(has, 0, c)
            else:
                begeleiding[:, :, j] = tariff(p, f"begeleiding_{w}")
                opbr[:, :, j] = tariff(p, f"opbrengst_{w}")
            for task in (f"begeleiding_{w}", "werkgeverstaken", "verloning"):  # sourcing._fixed_costs
                q = sourcing[task]
                if isinstance(q, TariffProvider) and (
                    q.fixed_share or (q.name == case.dvo_provider and "fixed_share" in draws)
                ):
                    volume = _fixed_cost_multiplier(provider_fixed_share(q), ref_nominal[:, None, j], nom)
                    begeleiding[:, :, j] += np.where(nom != 0, tariff(q, task) * (volume - 1), 0)
            fallback = sourcing.get("terugvalfaciliteit")
            if w in DETACHERING and isinstance(fallback, TariffProvider):
                begeleiding[:, :, j] += tariff(fallback, "terugvalfaciliteit", required=False)
        wg = tariff(sourcing["werkgeverstaken"], "werkgeverstaken")
        verl = tariff(sourcing["verloning"], "verloning")
        bijdrage = ((begeleiding + (wg + verl)[:, :, None]) * nominal + opbr * fte) * share[:, None]
        bijdrage = bijdrage + before_w * rest[:, None]
        overige = (wg * n_wg + verl * n_verl) * share + before_overige * rest
        once = np.zeros(len(years))
        for p in {p.name: p for p in sourcing.values() if isinstance(p, OwnFacility)}.values():
            if p.startup and p.startup_year in case.years:
                once[case.years.index(p.startup_year)] += float(p.startup)
        for year, amount in scenario.one_off.items():
            if year in case.years:
                once[case.years.index(year)] += float(amount)
        yearly[scenario.name] = bijdrage.sum(axis=2) + overige + extra * share + once
    return Simulation(tuple(case.years), n, yearly)


def _population(pop: Population, years: np.ndarray, end_count: np.ndarray, growth: np.ndarray):
    """nominal, fte [draws, years, werksoort] and the overige counts [draws, years] (dossier.baseline.population)."""
    v0, y0, y1 = float(pop.start_count), pop.start_year, pop.end_year
    v1 = end_count[:, None]
    share = np.clip((years - y0) / (y1 - y0), 0, 1)[None, :] if y1 != y0 else np.ones((1, len(years)))
    linear = v0 + (v1 - v0) * share
    if pop.method == "geometric" and v0 > 0:
        positive = v1 > 0
        linear = np.where(positive, v0 * (np.where(positive, v1, 1) / v0) ** share, linear)
    wsw = np.where(years[None, :] <= y0, v0, np.where(years[None, :] >= y1, v1, linear))
    shares = np.array([float(pop.shares.get(w, 0)) for w in WERKSOORTEN])
    ratios = np.array([float(pop.fte_ratio.get(w, 1)) for w in WERKSOORTEN])
    nominal = wsw[:, :, None] * shares
    fte = nominal * ratios
    after = np.maximum(years - y0, 0)[None, :]
    nieuw = np.maximum(float(pop.nieuw_beschut) + growth[:, None] * after, 0) * float(pop.nieuw_beschut_at_provider)
    nominal[:, :, 0] += nieuw
    fte[:, :, 0] += nieuw * ratios[0]
    return nominal, fte, wsw * float(pop.share_overige_werkgeverstaken), wsw * float(pop.share_overige)


def _fixed_cost_multiplier(fixed_share, reference, nominal):
    """finance.engine.fixed_cost_multiplier, elementwise: 1 where nominal or reference is 0."""
    valid = (nominal != 0) & (reference != 0)
    return np.where(valid, fixed_share * reference / np.where(valid, nominal, 1) + (1 - fixed_share), 1)


def _facility_costs(sourcing, fte, provider_factor) -> dict[str, np.ndarray]:
    """finance.sourcing._facility_costs: each own facility's yearly cost at the fte it serves, shared by fte."""
    served: dict[str, list[int]] = {}
    facilities = {}
    for j, w in enumerate(WERKSOORTEN):
        p = sourcing[f"begeleiding_{w}"]
        if isinstance(p, OwnFacility):
            served.setdefault(p.name, []).append(j)
            facilities[p.name] = p
    costs = {}
    for name, columns in served.items():
        p = facilities[name]
        if p.reference_fte <= 0:
            raise EngineInputError(f"{p.name}.reference_fte", "moet groter dan 0 zijn")
        total = fte[:, :, columns].sum(axis=2)
        fs = float(p.fixed_share)
        cost = float(p.full_cost()) * (fs + (1 - fs) * total / float(p.reference_fte)) * provider_factor(p)
        for j in columns:
            part = np.where(total != 0, fte[:, :, j] / np.where(total != 0, total, 1), 1 / len(columns))
            costs[WERKSOORTEN[j]] = cost * part
    return costs
