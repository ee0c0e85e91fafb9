"""Who delivers which service, in money: a scenario buys each service from a provider with tariffs (Ontplooj,
Larcom, the gemeente's own payroll as an assumption) or runs an own facility costed bottom-up. This module turns
that choice into the engine's per-year tariffs, so a mix is computed by the same engine as the DVO. Pure."""

from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal

import pandas as pd

from .engine import (
    ONE,
    OVERIGE_TASKS,
    UNIT_TASKS,
    WERKSOORTEN,
    ZERO,
    EngineInputError,
    Inputs,
    Tariffs,
    fixed_cost_multiplier,
    index_factor,
)

SERVICES = (
    "begeleiding_beschut",
    "begeleiding_groepsdetachering",
    "begeleiding_individuele_detachering",
    "werkgeverstaken",
    "verloning",
    "terugvalfaciliteit",
    "werkfit",
    "loonwaardemeting",
    "dagbesteding",
)
DETACHERING = ("groepsdetachering", "individuele_detachering")


@dataclass(frozen=True)
class TariffProvider:
    """A provider that charges tariffs of `base_year`, indexed with its own rates (task → amount)."""

    name: str
    tariffs: Mapping[str, Decimal]
    base_year: int
    index: Mapping[int, Decimal] = field(default_factory=dict)
    # The share of its costs that is fixed and settled afterwards on real costs (the DVO's nacalculatie, Berenschot
    # 7.6.2): per person it rises as the group shrinks below the reference volume. 0: a plain tariff per unit.
    fixed_share: Decimal = ZERO

    def volume_factor(self, reference: Decimal | None, nominal: Decimal) -> Decimal:
        """Cost per person at volume `nominal` relative to the tariff at the reference volume."""
        if not self.fixed_share or reference is None:
            return ONE
        return fixed_cost_multiplier(self.fixed_share, reference, nominal)

    def tariff(self, task: str, year: int, *, required: bool = True) -> Decimal:
        if task not in self.tariffs:
            if required:
                raise EngineInputError(f"{self.name}.{task}", "tarief ontbreekt voor deze dienst")
            return ZERO
        return self.tariffs[task] * index_factor(self.index, self.base_year, year)


@dataclass(frozen=True)
class StaffLine:
    role: str
    fte: Decimal
    cost_per_fte: Decimal  # loaded yearly cost per fte


@dataclass(frozen=True)
class OwnFacility:
    """An eigen voorziening, costed bottom-up in prices of `base_year` for `reference_fte` target-group fte.

    The fixed share of the yearly costs stays when the group shrinks; the rest moves with the target group's fte.
    Revenue (netto toegevoegde waarde) is per target-group fte. Start-up costs are one-off, in `startup_year`.
    """

    name: str
    staff: tuple[StaffLine, ...]
    housing: Decimal
    material: Decimal
    overhead: Decimal
    revenue_per_fte: Decimal
    reference_fte: Decimal
    fixed_share: Decimal
    base_year: int
    startup: Decimal = ZERO
    startup_year: int | None = None
    index: Mapping[int, Decimal] = field(default_factory=dict)

    def full_cost(self) -> Decimal:
        """Yearly costs at the reference size, in base-year prices."""
        staff = sum((line.fte * line.cost_per_fte for line in self.staff), ZERO)
        return staff + self.housing + self.material + self.overhead

    def yearly_cost(self, fte: Decimal, year: int) -> Decimal:
        if self.reference_fte <= 0:
            raise EngineInputError(f"{self.name}.reference_fte", "moet groter dan 0 zijn")
        scale = self.fixed_share + (ONE - self.fixed_share) * fte / self.reference_fte
        return self.full_cost() * scale * index_factor(self.index, self.base_year, year)

    def revenue(self, year: int) -> Decimal:
        return self.revenue_per_fte * index_factor(self.index, self.base_year, year)

    def purchase_share(self) -> Decimal:
        """The part of its costs bought from others (housing, material, overhead); the rest is wages."""
        full = self.full_cost()
        return (self.housing + self.material + self.overhead) / full if full else ZERO


Provider = TariffProvider | OwnFacility


def bought(tariffs: Tariffs, services) -> Tariffs:
    """The tariffs of the services a gemeente buys from the provider; a service it does not buy costs it nothing
    there (e.g. Tubbergen, whose werkgeverstaken SPN does). Without a werksoort's begeleiding its revenue is not the
    gemeente's either."""
    services = set(services)
    unknown = services - set(SERVICES)
    if unknown:
        raise EngineInputError("services", f"onbekende dienst: {', '.join(sorted(unknown))}")
    if services >= set(SERVICES):
        return tariffs

    def kept(service: str, amount: Decimal) -> Decimal:
        return amount if service in services else ZERO

    begeleiding = {w: kept(f"begeleiding_{w}", amount) for w, amount in tariffs.begeleiding.items()}
    return Tariffs(
        begeleiding=begeleiding,
        opbrengst={w: kept(f"begeleiding_{w}", amount) for w, amount in tariffs.opbrengst.items()},
        **{task: kept(task, getattr(tariffs, task)) for task in (*OVERIGE_TASKS, *UNIT_TASKS)},
    )


def scenario_inputs(
    sourcing: Mapping[str, Provider],
    headcount: pd.DataFrame,
    years,
    *,
    overige: pd.DataFrame | None = None,
    units: pd.DataFrame | None = None,
    one_off: Mapping[int, Decimal] | None = None,
    months: Mapping[int, int] | None = None,
    before=None,
    reference_nominal: Mapping[str, Decimal] | None = None,
) -> Inputs:
    """Engine inputs for a scenario: per year, the tariffs of whoever delivers each service."""
    missing = [s for s in SERVICES if s not in sourcing and s != "terugvalfaciliteit"]
    if missing:
        raise EngineInputError(f"sourcing.{missing[0]}", "geen aanbieder gekozen voor deze dienst")
    for service in ("werkgeverstaken", "verloning", "werkfit", "loonwaardemeting", "dagbesteding"):
        if isinstance(sourcing[service], OwnFacility):
            raise EngineInputError(f"sourcing.{service}", "een eigen voorziening levert alleen begeleiding")
    years = sorted(years)
    counts = _counts(headcount)
    extra = {y: ZERO for y in years}
    by_year = {}
    for year in years:
        begeleiding, opbrengst = {}, {}
        facility_cost = _facility_costs(sourcing, counts, year)
        for w in WERKSOORTEN:
            provider = sourcing[f"begeleiding_{w}"]
            nominal, _fte = counts.get((year, w), (ZERO, ZERO))
            if isinstance(provider, OwnFacility):
                cost = facility_cost[(provider.name, w)]
                if nominal:
                    begeleiding[w], opbrengst[w] = cost / nominal, -provider.revenue(year)
                else:  # nobody in this werksoort this year, but the fixed costs remain
                    begeleiding[w], opbrengst[w] = ZERO, ZERO
                    extra[year] += cost
            else:
                begeleiding[w] = provider.tariff(f"begeleiding_{w}", year)
                opbrengst[w] = provider.tariff(f"opbrengst_{w}", year)
            begeleiding[w] += _fixed_costs(sourcing, w, year, (reference_nominal or {}).get(w), nominal)
            fallback = sourcing.get("terugvalfaciliteit")
            if w in DETACHERING and isinstance(fallback, TariffProvider):
                begeleiding[w] += fallback.tariff("terugvalfaciliteit", year, required=False)
        by_year[year] = Tariffs(
            begeleiding=begeleiding,
            opbrengst=opbrengst,
            **{task: sourcing[task].tariff(task, year) for task in ("werkgeverstaken", "verloning")},
            **{
                task: sourcing[task].tariff(task, year, required=False)
                for task in ("werkfit", "loonwaardemeting", "dagbesteding")
            },
        )
    once = {y: ZERO for y in years}
    for provider in {p.name: p for p in sourcing.values() if isinstance(p, OwnFacility)}.values():
        if provider.startup and provider.startup_year in once:
            once[provider.startup_year] += provider.startup
    for year, amount in (one_off or {}).items():
        if year in once:
            once[year] += amount
    return Inputs(
        years=tuple(years),
        tariff_year=years[0],
        tariffs=by_year[years[0]],
        headcount=headcount,
        overige=overige,
        units=units,
        tariffs_by_year=by_year,
        extra_amounts=extra,
        one_off={y: amount for y, amount in once.items() if amount},
        months=dict(months or {}),
        before=before,
    )


def _fixed_costs(sourcing, werksoort: str, year: int, reference: Decimal | None, nominal: Decimal) -> Decimal:
    """What the fixed share of each provider's costs adds per person of `werksoort` at volume `nominal` (see
    TariffProvider.fixed_share). The engine multiplies (begeleiding + werkgeverstaken + verloning) by the number of
    people, and these three may come from different providers, so the surcharge of each is added to begeleiding:
    Σ tariff × (volume factor − 1)."""
    if not nominal:
        return ZERO
    surcharge = ZERO
    for task in (f"begeleiding_{werksoort}", "werkgeverstaken", "verloning"):
        provider = sourcing[task]
        if isinstance(provider, TariffProvider) and provider.fixed_share:
            factor = provider.volume_factor(reference, nominal)
            surcharge += provider.tariff(task, year) * (factor - ONE)
    return surcharge


def _facility_costs(sourcing, counts, year) -> dict[tuple[str, str], Decimal]:
    """Each own facility's yearly cost at the fte it serves this year, shared over its werksoorten by fte
    (evenly when nobody is there)."""
    served: dict[str, list[str]] = {}
    facilities = {}
    for w in WERKSOORTEN:
        provider = sourcing[f"begeleiding_{w}"]
        if isinstance(provider, OwnFacility):
            served.setdefault(provider.name, []).append(w)
            facilities[provider.name] = provider
    costs = {}
    for name, werksoorten in served.items():
        ftes = {w: counts.get((year, w), (ZERO, ZERO))[1] for w in werksoorten}
        total_fte = sum(ftes.values(), ZERO)
        cost = facilities[name].yearly_cost(total_fte, year)
        for w in werksoorten:
            share = ftes[w] / total_fte if total_fte else ONE / len(werksoorten)
            costs[(name, w)] = cost * share
    return costs


def payments(
    sourcing: Mapping[str, Provider],
    headcount: pd.DataFrame,
    years,
    *,
    overige: pd.DataFrame | None = None,
    units: pd.DataFrame | None = None,
    months: Mapping[int, int] | None = None,
    reference_nominal: Mapping[str, Decimal] | None = None,
) -> dict[str, dict[str, dict[int, Decimal]]]:
    """What the gemeente pays each provider with tariffs for each service, per year: {provider: {service: {year:
    amount}}}, for the months of each year in `months` (default all 12). The tariffs of the services times the
    people or units they serve, the fixed-share surcharge included; the revenue a provider hands back (opbrengst)
    is not a payment and is left out. An eigen voorziening is no purchase and has no payments."""
    counts = _counts(headcount)
    outside = _per_year(overige, OVERIGE_TASKS)
    unit_counts = _per_year(units, UNIT_TASKS)
    paid: dict[str, dict[str, dict[int, Decimal]]] = {}

    def pay(service: str, year: int, amount: Decimal) -> None:
        provider = sourcing.get(service)
        if isinstance(provider, TariffProvider) and amount:
            share = Decimal((months or {}).get(year, 12)) / 12
            by_year = paid.setdefault(provider.name, {}).setdefault(service, {})
            by_year[year] = by_year.get(year, ZERO) + amount * share

    for year in sorted(years):
        for w in WERKSOORTEN:
            nominal, _fte = counts.get((year, w), (ZERO, ZERO))
            reference = (reference_nominal or {}).get(w)
            provider = sourcing.get(f"begeleiding_{w}")
            if isinstance(provider, TariffProvider):
                factor = provider.volume_factor(reference, nominal) if nominal else ONE
                pay(f"begeleiding_{w}", year, provider.tariff(f"begeleiding_{w}", year) * factor * nominal)
            fallback = sourcing.get("terugvalfaciliteit")
            if w in DETACHERING and isinstance(fallback, TariffProvider):
                pay("terugvalfaciliteit", year, fallback.tariff("terugvalfaciliteit", year, required=False) * nominal)
            for task in OVERIGE_TASKS:
                employer = sourcing.get(task)
                if isinstance(employer, TariffProvider) and nominal:
                    factor = employer.volume_factor(reference, nominal)
                    pay(task, year, employer.tariff(task, year) * factor * nominal)
        for task in OVERIGE_TASKS:
            employer = sourcing.get(task)
            if isinstance(employer, TariffProvider):
                pay(task, year, employer.tariff(task, year) * outside.get((year, task), ZERO))
        for task in UNIT_TASKS:
            provider = sourcing.get(task)
            if isinstance(provider, TariffProvider):
                pay(task, year, provider.tariff(task, year, required=False) * unit_counts.get((year, task), ZERO))
    return paid


def own_purchases(
    sourcing: Mapping[str, Provider], headcount: pd.DataFrame, years, *, months: Mapping[int, int] | None = None
) -> dict[str, dict[int, Decimal]]:
    """What each own facility buys from others per begeleiding service and year ({service: {year: amount}}), for the
    months of each year in `months`: its yearly cost at the fte it serves × its purchase share (wages bear no BTW)."""
    counts = _counts(headcount)
    bought: dict[str, dict[int, Decimal]] = {}
    for year in sorted(years):
        share = Decimal((months or {}).get(year, 12)) / 12
        for (_name, w), cost in _facility_costs(sourcing, counts, year).items():
            facility = sourcing[f"begeleiding_{w}"]
            amount = cost * facility.purchase_share() * share
            if amount:
                by_year = bought.setdefault(f"begeleiding_{w}", {})
                by_year[year] = by_year.get(year, ZERO) + amount
    return bought


def _counts(headcount: pd.DataFrame) -> dict[tuple[int, str], tuple[Decimal, Decimal]]:
    """(year, werksoort) → (nominal, fte), from plain columns: pandas' itertuples costs more than the sums."""
    hc = headcount
    return {(y, w): (n, f) for y, w, n, f in zip(hc["year"], hc["werksoort"], hc["nominal"], hc["fte"], strict=True)}


def _per_year(frame: pd.DataFrame | None, tasks) -> dict[tuple[int, str], Decimal]:
    if frame is None:
        return {}
    return {
        (year, task): Decimal(count)
        for task in tasks
        for year, count in zip(frame["year"].tolist(), frame[task].tolist(), strict=True)
    }
