"""What a scenario's result says about its contracts: the procurement route against the thresholds (from the
reference data, never constants), what is paid over a contract's term, and what changes for the employees."""

import copy
from decimal import Decimal

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from dossier.baseline import engine_inputs_key, shared_engine_inputs
from finance.computed import kept
from finance.numbers import format_money
from finance.sourcing import SERVICES, payments

from . import procurement
from .models import (
    Provider,
    Scenario,
)
from .results import ReferenceData, engine_provider


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
    """What the gemeente pays each provider of the scenario, per service and year, over `term` years from the start.
    Kept in the `computed` cache under everything it is computed from (the engine inputs' key, the providers as the
    engine sees them, the months): a scenario whose providers did not change is not valued again (the comparison
    values all four on every request; an edit of a one-off cost leaves its scenario's payments as they were)."""
    months = procurement.term_months(scenario.start_date, term)
    years = sorted(months)
    population = copy.copy(population)
    population.first_year, population.last_year = years[0], years[-1]
    stored = reference.tariff_sets[population.tariff_set_id]
    last = max(years[-1], scenario.horizon_end)
    providers = {service: engine_provider(p, last, reference) for service, p in sourcing.items()}

    def compute() -> dict:
        base = shared_engine_inputs(population, reference.population_index, stored)
        return payments(
            providers,
            base.headcount,
            years,
            overige=base.overige,
            months=months,
            reference_nominal=base.reference_nominal,
        )

    key = (engine_inputs_key(population, reference.population_index, stored), providers, months)
    return kept("scenarios:payments", key, compute)


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
