"""Reads of scenarios: each scenario's money through the finance engine, its procurement route and stability,
and the weighing of all scenarios of a dossier. The comparison page and `scenario_compare` both use this."""

import copy
from dataclasses import dataclass, field, replace
from decimal import Decimal

from django.db.models import Prefetch, Q, prefetch_related_objects
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from dossier.baseline import shared_engine_inputs
from dossier.models import PopulationBaseline
from dossier.selectors import in_parent_order
from finance import reference as finance_reference
from finance import selectors as finance_selectors
from finance.engine import MONTHS, EngineInputError, Inputs, Result, compute, index_with_default
from finance.models import Tariff
from finance.numbers import format_money
from finance.reference import StoredTariffs
from finance.sourcing import SERVICES, OwnFacility, StaffLine, TariffProvider, payments, scenario_inputs

from . import procurement, weighting
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


@dataclass
class ScenarioResult:
    scenario: Scenario
    result: Result | None
    years: list[int]
    one_off: Decimal
    route: procurement.Assessment | None
    flags: list[str] = field(default_factory=list)
    score: Decimal | None = None
    rank: int | None = None
    inputs: Inputs | None = None
    npv: Decimal | None = None  # at the dossier's discount rate, discounted to the first year
    contracts: list[procurement.Contract] = field(default_factory=list)
    providers: dict | None = None  # the engine's provider per service, for what is paid per service (budget)
    base: Inputs | None = None  # the DVO baseline's inputs over the scenario's years

    @property
    def yearly(self) -> dict[int, Decimal]:
        return {} if self.result is None else self.result.column("totaal_bijdrage")

    @property
    def cumulative(self) -> Decimal | None:
        return None if self.result is None else self.result.total()

    def as_json(self) -> dict:
        """The figures as plain JSON values: money in cents as text, the score to three decimals, flags as text.
        The scenario_compare command and a frozen version's snapshot both write scenarios this way."""
        from finance.engine import to_cents

        def money(value):
            return None if value is None else str(to_cents(value))

        return {
            "id": self.scenario.pk,
            "name": self.scenario.name,
            "kind": self.scenario.kind,
            "yearly": {str(y): money(v) for y, v in sorted(self.yearly.items())},
            "cumulative": money(self.cumulative),
            "npv": money(self.npv),
            "one_off": money(self.one_off),
            "average_per_fte": money(self.average_per_fte),
            "score": None if self.score is None else str(self.score.quantize(Decimal("0.001"))),
            "rank": self.rank,
            "route_sound": None if self.route is None else self.route.sound,
            "flags": [str(f) for f in self.flags],
            "months": {str(y): m for y, m in sorted(self.months.items())},
            "contracts": [contract.as_json(money) for contract in self.contracts],
            "per_fte": {
                str(y): {w: money(v) for w, v in sorted(soorten.items())} for y, soorten in sorted(self.per_fte.items())
            },
        }

    @property
    def purchases(self) -> list[tuple[procurement.Contract, list[str]]]:
        """Each purchase with the names of its services, for the page."""
        return [(c, [str(Service(s).label) for s in c.services]) for c in self.contracts]

    @property
    def months(self) -> dict[int, int]:
        """Months of each year under the scenario (the rest of a first year runs under the current DVO)."""
        return months_under(self.scenario)

    @property
    def per_fte(self) -> dict[int, dict[str, Decimal]]:
        """The contribution per fte per year and werksoort (a cost to the gemeente is positive); a werksoort without
        fte that year is left out."""
        figures: dict[int, dict[str, Decimal]] = {year: {} for year in self.years}
        if self.result is not None:
            for (year, werksoort), value in self.result.per_werksoort("per_fte").items():
                if value is not None:
                    figures.setdefault(year, {})[werksoort] = value
        return figures

    @property
    def average_per_fte(self) -> Decimal | None:
        """The integral contribution per fte, averaged over the scenario's years."""
        if self.result is None:
            return None
        values = [v for v in self.result.column("integraal_per_fte").values() if v is not None]
        return sum(values, Decimal(0)) / len(values) if values else None


@dataclass
class Comparison:
    results: list[ScenarioResult]
    weights: dict[str, Decimal]
    flags: list[str]
    robustness: weighting.Robustness | None
    discount_rate: Decimal
    baseline: PopulationBaseline | None = None  # what the results were computed from (the uncertainty reads them)
    reference: "ReferenceData | None" = None


@dataclass(frozen=True)
class ReferenceData:
    """The parameters, index rates and stored tariff sets a computation needs (finance.reference)."""

    parameters: dict[str, Decimal]
    index: dict[int, Decimal]  # the providers' index series
    population_index: dict[int, Decimal] | None = None  # the baseline's series, when it has one
    tariff_sets: dict[int, StoredTariffs] = field(default_factory=dict)

    @classmethod
    def load(
        cls, population_series: str | None = None, reference: finance_reference.Reference | None = None
    ) -> "ReferenceData":
        reference = reference or finance_reference.reference()
        index = reference.index.get(finance_selectors.DEFAULT_INDEX_SERIES, {})
        population = None if population_series is None else reference.index.get(population_series, {})
        return cls(reference.parameters, index, population, reference.tariff_sets)


def engine_provider(provider: Provider, last_year: int, reference: ReferenceData | None = None):
    """The finance engine's view of a provider: its tariffs (a stored set, overridden by its own tariffs), or its
    bottom-up cost model as an eigen voorziening."""
    reference = reference or ReferenceData.load()
    known = reference.index
    if provider.kind == Provider.Kind.EIGEN_VOORZIENING:
        return OwnFacility(
            name=provider.name,
            staff=tuple(StaffLine(s.role, s.fte, s.cost_per_fte) for s in provider.staff.all()),
            housing=provider.housing,
            material=provider.material,
            overhead=provider.overhead,
            revenue_per_fte=provider.revenue_per_fte,
            reference_fte=provider.reference_fte,
            fixed_share=provider.fixed_share,
            base_year=provider.base_year,
            startup=provider.startup,
            startup_year=provider.startup_year,
            index=index_with_default(known, provider.index_rate, provider.base_year + 1, last_year),
        )
    tariffs, base_year = {}, provider.base_year
    if provider.tariff_set_id is not None:
        stored = reference.tariff_sets[provider.tariff_set_id]
        tariffs, base_year = dict(stored.amounts), stored.year
    tariffs |= {t.task: t.amount for t in provider.tariffs.all()}
    return TariffProvider(
        provider.name,
        tariffs,
        base_year,
        index_with_default(known, provider.index_rate, base_year + 1, last_year),
        fixed_share=provider.fixed_share,
    )


def scenarios_for(dossier, *, include_archived=False, with_assessments=True, with_tariff_sets=False):
    """The dossier's scenarios with what the engine needs but the staff lines (see completed) and the stored tariff
    sets (the engine reads those from the reference data); `with_assessments` adds the scores the comparison
    needs, `with_tariff_sets` the providers' tariff sets the scenario editor shows."""
    sourcing = in_parent_order(Sourcing).select_related("provider")
    if with_tariff_sets:
        sourcing = sourcing.select_related("provider__tariff_set").prefetch_related(
            Prefetch("provider__tariff_set__tariffs", in_parent_order(Tariff))
        )
    lookups = [
        Prefetch("sourcing", sourcing.prefetch_related(Prefetch("provider__tariffs", in_parent_order(ProviderTariff)))),
        Prefetch("one_off_costs", in_parent_order(OneOffCost)),
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
    scenario: Scenario, baseline: PopulationBaseline | None, reference: ReferenceData | None = None
) -> ScenarioResult:
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
            outcome.contracts = _contracts(scenario, sourcing, population, reference)
        except EngineInputError as exc:
            outcome.flags.append(_("Cannot compute: %(error)s") % {"error": exc})
    outcome.route = _route(scenario, outcome.contracts, reference)
    if outcome.route is not None and outcome.route.sound is False:
        outcome.flags.append(_("Procurement route not sound: %(reason)s") % {"reason": " ".join(outcome.route.reasons)})
    elif outcome.route is not None and outcome.route.sound is None:
        outcome.flags.append(
            _("Procurement route unknown, to be found out: %(reason)s") % {"reason": " ".join(outcome.route.reasons)}
        )
    outcome.flags.extend(_stability_flags(scenario, reference))
    return outcome


def months_under(scenario: Scenario) -> dict[int, int]:
    """Months of each year of the horizon under the scenario: from its start date (a start after the first of a
    month counts from the next month); before it, the current arrangement runs (e.g. 1 October 2026: 3 months)."""
    start = scenario.start_date
    first = MONTHS - start.month + (1 if start.day == 1 else 0)
    return {year: first if year == start.year else MONTHS for year in range(start.year, scenario.horizon_end + 1)}


def _contracts(scenario, sourcing, population, reference: ReferenceData) -> list[procurement.Contract]:
    """Each purchase of the scenario (a provider with tariffs × the services it delivers), valued over the term of a
    new contract with its renewal options, from the scenario's start: the provider's own term where it has one, else
    the parameters for every new contract; tested against the threshold under the scenario's route. The gemeente's
    own execution and an eigen voorziening are no purchase."""
    threshold = reference.parameters["drempel_sociale_diensten"]
    paid_over = {}  # total term in years -> what each provider is paid over it
    contracts = []
    for provider in dict.fromkeys(p for p in sourcing.values() if p.kind == Provider.Kind.TARIEVEN):
        initial, renewal = provider.contract_term(reference.parameters)
        term = initial + renewal
        if term not in paid_over:
            paid_over[term] = _payments_over(scenario, sourcing, population, reference, term)
        services = tuple(s for s in SERVICES if s in sourcing and sourcing[s] == provider)
        by_service = paid_over[term].get(provider.name, {})
        value = sum((sum(by_year.values(), Decimal(0)) for by_year in by_service.values()), Decimal(0))
        assessment = _assess(scenario, value, threshold, reference)
        contracts.append(
            procurement.Contract(
                provider.name, services, term, value, threshold, assessment, renewal, provider.has_own_term
            )
        )
    return contracts


def _payments_over(scenario, sourcing, population, reference: ReferenceData, term: Decimal) -> dict:
    """What the gemeente pays each provider of the scenario, per service and year, over `term` years from the start."""
    months = procurement.term_months(scenario.start_date, term)
    years = sorted(months)
    population = copy.copy(population)
    population.first_year, population.last_year = years[0], years[-1]
    stored = reference.tariff_sets[population.tariff_set_id]
    base = shared_engine_inputs(population, reference.population_index, stored)
    last = max(years[-1], scenario.horizon_end)
    providers = {service: engine_provider(p, last, reference) for service, p in sourcing.items()}
    return payments(
        providers, base.headcount, years, overige=base.overige, months=months, reference_nominal=base.reference_nominal
    )


def _assess(scenario, value: Decimal, threshold: Decimal, reference: ReferenceData) -> procurement.Assessment:
    """One purchase under the scenario's route; a route that buys nothing (eigen uitvoering) or none chosen tests
    the purchase against the threshold alone."""
    if scenario.route in ("", Scenario.Route.EIGEN):
        above = value >= threshold
        reasons = [
            _(
                "A purchase within this scenario, without a procurement route of its own: %(value)s over the term "
                "against the threshold %(threshold)s, %(where)s."
            )
            % {
                "value": format_money(value),
                "threshold": format_money(threshold),
                "where": _("above it: tender it (light regime) or name an exception") if above else _("below it"),
            }
        ]
        return procurement.Assessment("", not above, reasons)
    controlling = {a.strip() for a in scenario.controlling_authorities.split(",") if a.strip()}
    turnover = {t.buyer: t.amount for t in scenario.turnover.all()}
    return procurement.assess(
        scenario.route,
        buyer=scenario.dossier.gemeente,
        controlling=controlling,
        turnover=turnover,
        activity_threshold=reference.parameters["activiteitencriterium"],
        value=value,
        threshold=threshold,
    )


def _route(scenario, contracts, reference: ReferenceData) -> procurement.Assessment | None:
    """The scenario's route over its purchases; with no purchase, the route as chosen (e.g. eigen uitvoering)."""
    if not scenario.route and not contracts:
        return None
    if not contracts:
        return _assess(scenario, Decimal(0), reference.parameters["drempel_sociale_diensten"], reference)
    return procurement.combined(scenario.route, contracts)


def _stability_flags(scenario, reference: ReferenceData) -> list[str]:
    travel = reference.parameters["stabiliteit_max_extra_reistijd"]
    employer = reference.parameters["stabiliteit_max_werkgeverwissel"]
    flags = []
    for row in scenario.stability.all():
        if row.extra_travel_minutes > travel:
            flags.append(
                _("Stability: %(kern)s, %(minutes)s minutes extra travel a day (at most %(max)s).")
                % {"kern": row.kern, "minutes": row.extra_travel_minutes, "max": int(travel)}
            )
        if row.change_employer > employer:
            flags.append(
                ngettext(
                    "Stability: %(kern)s, %(n)s employee changes employer.",
                    "Stability: %(kern)s, %(n)s employees change employer.",
                    row.change_employer,
                )
                % {"kern": row.kern, "n": row.change_employer}
            )
    return flags


def _baseline_and_reference(dossier) -> tuple[PopulationBaseline | None, ReferenceData]:
    """The dossier's projection baseline and the reference data for its computations. Both are kept per process
    while the reference data's stamp holds (the baseline's model is stamped with it, see ScenariosConfig.ready), so
    this is one small query."""
    stored = finance_reference.reference()
    kept = stored.kept(
        ("population-baseline", dossier.pk), lambda: PopulationBaseline.objects.filter(dossier=dossier).first()
    )
    baseline = copy.copy(kept)  # the caller's own: the kept one serves every request of this process
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
    return ScenarioDetail(outcome, baseline, providers, rate)


def results_where(dossier, condition: Q) -> dict[int, ScenarioResult]:
    """The scenarios (archived ones too) that meet `condition`, computed with their net present value, by pk: one read
    for all of them, without what only the editor shows (the figures before a write, see effects)."""
    scenarios = scenarios_for(dossier, include_archived=True, with_assessments=False).filter(condition).distinct()
    baseline, reference = _baseline_and_reference(dossier)
    rate = reference.parameters["discontovoet"]
    return {s.pk: _with_npv(scenario_result(s, baseline, reference), rate) for s in completed(list(scenarios), dossier)}


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
