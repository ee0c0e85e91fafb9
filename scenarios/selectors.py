"""Reads of scenarios: each scenario's money through the finance engine, its procurement route and stability,
and the weighing of all scenarios of a dossier. The comparison page and `scenario_compare` both use this."""

import copy
from dataclasses import dataclass, replace
from decimal import Decimal

from django.db.models import Prefetch, Q, prefetch_related_objects
from django.utils.translation import gettext as _

from dossier.baseline import shared_engine_inputs
from dossier.models import InfrastructureFunction, PopulationBaseline, ResearchArea
from dossier.selectors import attach_citations, in_parent_order
from finance import reference as finance_reference
from finance.engine import MONTHS, EngineInputError, compute
from finance.models import Tariff
from finance.sourcing import SERVICES, scenario_inputs

from . import weighting
from .models import (
    AreaWeight,
    Assessment,
    FunctionAssessment,
    OneOffCost,
    Provider,
    ProviderTariff,
    ProviderTurnover,
    Scenario,
    Service,
    Sourcing,
    StabilityImpact,
)
from .models import StaffLine as StaffLineModel
from .results import Comparison, ReferenceData, ScenarioResult, engine_provider, months_under
from .routes import _contracts, _route, _stability_flags


def scenarios_for(dossier, *, include_archived=False, with_assessments=True, with_tariff_sets=False, with_routes=True):
    """The dossier's scenarios with what the engine needs but the staff lines (see completed) and the stored tariff
    sets (the engine reads those from the reference data); `with_assessments` adds the scores the comparison
    needs, `with_tariff_sets` the providers' tariff sets the scenario editor shows, `with_routes` the turnover and
    stability impacts the procurement route and the stability flags read."""
    sourcing = in_parent_order(Sourcing).select_related("provider")
    if with_tariff_sets:
        sourcing = sourcing.select_related("provider__tariff_set").prefetch_related(
            Prefetch("provider__tariff_set__tariffs", in_parent_order(Tariff))
        )
    lookups = [
        Prefetch("sourcing", sourcing.prefetch_related(Prefetch("provider__tariffs", in_parent_order(ProviderTariff)))),
        Prefetch("one_off_costs", in_parent_order(OneOffCost)),
    ]
    if with_routes:
        lookups += [
            Prefetch("turnover", in_parent_order(ProviderTurnover)),
            Prefetch("stability", in_parent_order(StabilityImpact)),
        ]
    if with_assessments:
        lookups.append(Prefetch("assessments", in_parent_order(Assessment).select_related("area")))
    scenarios = Scenario.objects.filter(dossier=dossier).prefetch_related(*lookups)
    return scenarios if include_archived else scenarios.filter(archived=False)


def completed(scenarios: list[Scenario], dossier) -> list[Scenario]:
    """`scenarios` (from scenarios_for) with their dossier (the caller's: not joined into the query) and the staff
    lines of their eigen voorzieningen, the only providers that have any (no query for a scenario that buys
    everything at tariffs)."""
    for scenario in scenarios:
        scenario.dossier = dossier
    own = [
        s.provider
        for scenario in scenarios
        for s in scenario.sourcing.all()
        if s.provider.kind == Provider.Kind.EIGEN_VOORZIENING
    ]
    prefetch_related_objects(own, Prefetch("staff", in_parent_order(StaffLineModel)))
    return scenarios


def scenario_result(
    scenario: Scenario,
    baseline: PopulationBaseline | None,
    reference: ReferenceData | None = None,
    *,
    money_only: bool = False,
) -> ScenarioResult:
    """The scenario through the finance engine, with its procurement route and flags; `money_only` leaves out the
    route and the stability flags (and what they read), for a caller that reads only the money."""
    reference = reference or ReferenceData.load()
    years = list(range(scenario.start_date.year, scenario.horizon_end + 1))
    one_off = {}
    for cost in scenario.one_off_costs.all():
        one_off[cost.year] = one_off.get(cost.year, Decimal(0)) + cost.amount
    sourcing = {s.service: s.provider for s in scenario.sourcing.all()}
    startup = sum(  # an eigen voorziening's start-up costs are one-off too (the engine adds them in their year)
        (
            p.startup
            for p in {p.pk: p for p in sourcing.values()}.values()
            if p.kind == Provider.Kind.EIGEN_VOORZIENING and p.startup_year in years
        ),
        Decimal(0),
    )
    outcome = ScenarioResult(scenario, None, years, sum(one_off.values(), Decimal(0)) + startup, None)
    missing = [s for s in SERVICES if s not in sourcing and s != "terugvalfaciliteit"]
    if missing:
        outcome.flags.append(_("No provider chosen for: %(services)s.") % {"services": ", ".join(missing)})
    elif baseline is None:
        outcome.flags.append(_("The dossier has no projection baseline, so there is no money to compute."))
    else:
        population = copy.copy(baseline)
        population.first_year, population.last_year = years[0], years[-1]
        for name, value in scenario.shares(baseline).items():
            setattr(population, name, value)
        providers = {service: engine_provider(p, years[-1], reference) for service, p in sourcing.items()}
        try:
            stored = reference.tariff_sets[population.tariff_set_id]
            base = shared_engine_inputs(population, reference.population_index, stored)
            months = months_under(scenario)
            before = compute(replace(base, years=tuple(y for y in years if months[y] < MONTHS)))
            outcome.inputs = scenario_inputs(
                providers,
                base.headcount,
                years,
                overige=base.overige,
                one_off=one_off,
                months=months,
                before=before,
                reference_nominal=base.reference_nominal,
            )
            outcome.result = compute(outcome.inputs)
            outcome.providers, outcome.base = providers, base
            if not money_only:
                outcome.contracts = _contracts(scenario, sourcing, population, reference)
        except EngineInputError as exc:
            outcome.flags.append(_("Cannot compute: %(error)s") % {"error": exc})
    if money_only:
        return outcome
    outcome.route = _route(scenario, outcome.contracts, reference)
    if outcome.route is not None and outcome.route.sound is False:
        outcome.flags.append(_("Procurement route not sound: %(reason)s") % {"reason": " ".join(outcome.route.reasons)})
    elif outcome.route is not None and outcome.route.sound is None:
        outcome.flags.append(
            _("Procurement route unknown, to be found out: %(reason)s") % {"reason": " ".join(outcome.route.reasons)}
        )
    outcome.flags.extend(_stability_flags(scenario, reference))
    return outcome


def _baseline_and_reference(dossier) -> tuple[PopulationBaseline | None, ReferenceData]:
    """The dossier's projection baseline and the reference data for its computations, both from the reference
    cache while its generation holds (a write of the baseline changes it, see dossier.apps), so this is one small
    query. The baseline is the caller's own copy."""
    stored = finance_reference.reference()
    baseline = stored.kept(
        f"population-baseline:{dossier.pk}", lambda: PopulationBaseline.objects.filter(dossier=dossier).first()
    )
    return baseline, ReferenceData.load(baseline.index_series if baseline else None, stored)


def _with_npv(outcome: ScenarioResult, rate: Decimal) -> ScenarioResult:
    if outcome.result is not None:
        outcome.npv = outcome.result.npv(rate, base_year=outcome.years[0])
    return outcome


@dataclass
class ScenarioDetail:
    """One scenario with everything its editor shows: the computed result and the providers it uses."""

    outcome: ScenarioResult
    baseline: PopulationBaseline | None
    providers: list[Provider]  # the providers this scenario uses, in the order of the services
    discount_rate: Decimal
    reference: ReferenceData  # what it was computed with, for computing it again (money_of)

    @property
    def scenario(self) -> Scenario:
        return self.outcome.scenario


def scenario_detail(dossier, pk: int, *, result_only: bool = False) -> ScenarioDetail:
    """A scenario (archived ones too) computed by the finance engine, or Scenario.DoesNotExist. `result_only` leaves
    out the assessments, which the recomputed result after each save does not show."""
    scenarios = scenarios_for(
        dossier, include_archived=True, with_assessments=not result_only, with_tariff_sets=not result_only
    )
    if not result_only:
        scenarios = scenarios.prefetch_related(
            Prefetch(
                "function_assessments",
                FunctionAssessment.objects.select_related("function", "delivered_by").order_by("function__number"),
            )
        )
    (scenario,) = completed([scenarios.get(pk=pk)], dossier)
    baseline, reference = _baseline_and_reference(dossier)
    rate = reference.parameters["discontovoet"]
    outcome = _with_npv(scenario_result(scenario, baseline, reference), rate)
    providers = list({s.provider.pk: s.provider for s in scenario.sourcing.all()}.values())
    return ScenarioDetail(outcome, baseline, providers, rate, reference)


@dataclass
class ScenarioEditor:
    """What the scenario editor shows beside the computed result: the sourcing in the order of the services, the
    services still without a provider, and whether research areas or infrastructure functions are still unscored."""

    detail: ScenarioDetail
    sourcing: list[Sourcing]
    missing_services: list[Service]
    unassessed_areas: bool
    unassessed_functions: bool

    @property
    def scenario(self) -> Scenario:
        return self.detail.scenario

    @property
    def providers(self) -> list[Provider]:
        return self.detail.providers


def scenario_editor(dossier, pk: int) -> ScenarioEditor:
    """A scenario (archived ones too) as its editor shows it, every shown element with its citations attached, or
    Scenario.DoesNotExist."""
    detail = scenario_detail(dossier, pk)
    scenario = detail.scenario
    sourcing = sorted(scenario.sourcing.all(), key=lambda s: Service.values.index(s.service))
    providers = detail.providers  # prefetched with their tariffs, tariff set and (eigen voorziening) staff
    shown = [
        scenario,
        *sourcing,
        *providers,
        *scenario.one_off_costs.all(),
        *scenario.turnover.all(),
        *scenario.stability.all(),
        *scenario.assessments.all(),
        *scenario.function_assessments.all(),
    ]
    for provider in providers:
        shown += provider.tariffs.all()
        if provider.kind == Provider.Kind.EIGEN_VOORZIENING:  # the only ones whose staff the page shows
            shown += provider.staff.all()
    attach_citations(shown)
    assessed = {a.area_id for a in scenario.assessments.all()}
    functions_assessed = {a.function_id for a in scenario.function_assessments.all()}
    chosen = {s.service for s in sourcing}
    return ScenarioEditor(
        detail=detail,
        sourcing=sourcing,
        missing_services=[s for s in Service if s.value not in chosen],
        unassessed_areas=ResearchArea.objects.filter(dossier=dossier).exclude(pk__in=assessed).exists(),
        unassessed_functions=InfrastructureFunction.objects.filter(dossier=dossier)
        .exclude(pk__in=functions_assessed)
        .exists(),
    )


def results_where(dossier, condition: Q) -> dict[int, ScenarioResult]:
    """The scenarios (archived ones too) that meet `condition`, computed with their net present value, by pk: one read
    for all of them, their money only (the figures before a write, see effects): no route, no flags of it."""
    scenarios = scenarios_for(dossier, include_archived=True, with_assessments=False, with_routes=False)
    baseline, reference = _baseline_and_reference(dossier)
    return {
        s.pk: _money(s, baseline, reference) for s in completed(list(scenarios.filter(condition).distinct()), dossier)
    }


def _money(scenario: Scenario, baseline, reference: ReferenceData) -> ScenarioResult:
    """The scenario's money only (no route, no flags of it), with its net present value."""
    outcome = scenario_result(scenario, baseline, reference, money_only=True)
    return _with_npv(outcome, reference.parameters["discontovoet"])


def money_of(detail: ScenarioDetail) -> ScenarioResult:
    """The scenario as scenario_detail read it, computed again with the same baseline and reference data for its
    money only, with its net present value: the figures with some of its values changed for a moment (see
    effects)."""
    return _money(detail.scenario, detail.baseline, detail.reference)


def compare(dossier) -> Comparison:
    """Every active scenario computed, scored, ranked and flagged."""
    baseline, reference = _baseline_and_reference(dossier)
    rate = reference.parameters["discontovoet"]
    results = [
        _with_npv(scenario_result(s, baseline, reference), rate)
        for s in completed(list(scenarios_for(dossier)), dossier)
    ]
    weights_rows = list(AreaWeight.objects.filter(dossier=dossier).select_related("area"))
    weights = {str(w.area.number): w.weight for w in weights_rows}
    finance_areas = {str(w.area.number) for w in weights_rows if w.from_finance}
    flags, robust = [], None
    try:
        weighting.check_weights(weights)
    except weighting.WeightingError as exc:
        flags.append(str(exc))
    computed = [r for r in results if r.result is not None]
    if not flags and computed:
        money = weighting.finance_scores({r.scenario.pk: r.cumulative for r in computed})
        scores = {}
        for r in computed:
            area_scores = {str(a.area.number): Decimal(a.score) for a in r.scenario.assessments.all()}
            for area in finance_areas:
                area_scores[area] = money[r.scenario.pk]
            scores[r.scenario.pk] = area_scores
        totals = weighting.weighted_totals(scores, weights)
        for position, pk in enumerate(weighting.ranking(totals), start=1):
            r = next(r for r in computed if r.scenario.pk == pk)
            r.score, r.rank = totals[pk], position
        robust = weighting.robustness(scores, weights)
    return Comparison(results, weights, flags, robust, rate, baseline, reference)
