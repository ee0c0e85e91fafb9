"""A scenario's result and a dossier's comparison as the pages and the machine interface read them, the
reference data a computation reads, and a provider as the finance engine takes it."""

from dataclasses import dataclass, field
from decimal import Decimal

from dossier.models import PopulationBaseline
from finance import reference as finance_reference
from finance import selectors as finance_selectors
from finance.engine import MONTHS, Inputs, Result, index_with_default, to_cents
from finance.reference import StoredTariffs
from finance.sourcing import OwnFacility, StaffLine, TariffProvider

from . import procurement, weighting
from .models import (
    Provider,
    Scenario,
    Service,
)


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
    # What scenarios.uncertainty.prepare made of these results (its cases and drivers), by dossier pk: the bands and
    # the tornado of one comparison draw from the same cases, built and read once.
    prepared: dict = field(default_factory=dict, repr=False, compare=False)


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


def months_under(scenario: Scenario) -> dict[int, int]:
    """Months of each year of the horizon under the scenario: from its start date (a start after the first of a
    month counts from the next month); before it, the current arrangement runs (e.g. 1 October 2026: 3 months)."""
    start = scenario.start_date
    first = MONTHS - start.month + (1 if start.day == 1 else 0)
    return {year: first if year == start.year else MONTHS for year in range(start.year, scenario.horizon_end + 1)}
