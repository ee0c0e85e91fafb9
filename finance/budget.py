"""The controller's view of a scenario (Financiën): per begrotingsjaar the effect against the current begroting (the
DVO baseline), split into structureel and incidenteel, with the BTW the gemeente cannot reclaim and the dekking of
the one-off costs. Pure: amounts per year in, rows per year out (a cost to the gemeente is positive)."""

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal

ZERO = Decimal(0)


@dataclass(frozen=True)
class Vat:
    """BTW on a service: its rate, and whether the gemeente reclaims it (BTW-compensatiefonds), so it costs nothing."""

    rate: Decimal
    compensable: bool

    def burden(self, amount: Decimal) -> Decimal:
        return ZERO if self.compensable else amount * self.rate


def vat_burden(paid: Mapping[str, Mapping[int, Decimal]], vat: Mapping[str, Vat], years) -> dict[int, Decimal]:
    """The BTW the gemeente bears per year on what it pays per service ({service: {year: amount}}, bought from a
    provider or spent on its own execution), by each service's rate; a service without a BTW entry bears none."""
    burden = dict.fromkeys(years, ZERO)
    for service, by_year in paid.items():
        rule = vat.get(service)
        if rule is None:
            continue
        for year, amount in by_year.items():
            if year in burden:
                burden[year] += rule.burden(amount)
    return burden


@dataclass(frozen=True)
class Cover:
    """A dekking for one-off costs (e.g. the reserve sociaal domein): at most `available` in total, used year by year
    until it runs out."""

    name: str
    available: Decimal


@dataclass(frozen=True)
class BudgetYear:
    """One begrotingsjaar of a scenario against the current begroting."""

    year: int
    baseline: Decimal  # the current begroting: the DVO baseline, its BTW included
    structural_total: Decimal  # what the scenario costs that year without its one-off costs, its BTW included
    incidental: Decimal  # one-off and transition costs
    vat: Decimal  # the BTW in structural_total that the gemeente cannot reclaim
    covered: Decimal  # the part of `incidental` paid from the dekking

    @property
    def structural(self) -> Decimal:
        """The structural effect on the begroting: more (positive) or less than the DVO baseline."""
        return self.structural_total - self.baseline

    @property
    def net(self) -> Decimal:
        """What the begroting must find that year: the structural effect plus the one-off costs not covered."""
        return self.structural + self.incidental - self.covered


def budget_effect(
    years,
    *,
    baseline: Mapping[int, Decimal],
    scenario: Mapping[int, Decimal],
    one_off: Mapping[int, Decimal],
    vat_baseline: Mapping[int, Decimal] | None = None,
    vat_scenario: Mapping[int, Decimal] | None = None,
    cover: Cover | None = None,
) -> list[BudgetYear]:
    """Per year: `scenario` (its total, one-off costs included) against `baseline` (the DVO baseline's total), each
    with its own BTW burden added. The one-off costs are the incidental part; the dekking pays them in year order
    until it is used up."""
    left = cover.available if cover is not None else ZERO
    rows = []
    for year in sorted(years):
        incidental = one_off.get(year, ZERO)
        vat = (vat_scenario or {}).get(year, ZERO)
        covered = min(max(incidental, ZERO), left)
        left -= covered
        rows.append(
            BudgetYear(
                year=year,
                baseline=baseline[year] + (vat_baseline or {}).get(year, ZERO),
                structural_total=scenario[year] - incidental + vat,
                incidental=incidental,
                vat=vat,
                covered=covered,
            )
        )
    return rows
