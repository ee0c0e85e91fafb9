"""The procurement route of a scenario under the Aanbestedingswet 2012, with its reasoning. Thresholds and the
activity criterion are data with a source (passed in), never constants here. Pure: no Django."""

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from finance.numbers import format_money, format_number, format_percent

ROUTES = (
    "quasi_inbesteden",
    "aanbesteden",
    "voorbehouden_opdracht",
    "subsidie",
    "samenwerking_overheden",
    "eigen_uitvoering",
    "verlengen_zonder_procedure",
)


@dataclass(frozen=True)
class Assessment:
    route: str
    sound: bool | None  # None: unknown, the data to decide is missing (never silently sound)
    reasons: list[str] = field(default_factory=list)


def activity_share(turnover: Mapping[str, Decimal], controlling: set[str]) -> Decimal:
    """Share of the provider's turnover that comes from the authorities that control it."""
    total = sum(turnover.values(), Decimal(0))
    if not total:
        return Decimal(0)
    return sum((v for k, v in turnover.items() if k in controlling), Decimal(0)) / total


def contract_value(yearly: Mapping[int, Decimal]) -> Decimal:
    """The contract value over its term: the sum of the yearly amounts bought from the provider."""
    return sum((v for v in yearly.values() if v > 0), Decimal(0))


def assess(
    route: str,
    *,
    buyer: str,
    controlling: set[str],
    turnover: Mapping[str, Decimal],
    activity_threshold: Decimal,
    value: Decimal,
    threshold: Decimal,
) -> Assessment:
    """Whether `route` is sound for `buyer` buying from a provider controlled by `controlling`."""
    reasons = []
    if route == "quasi_inbesteden":
        controls = buyer in controlling
        reasons.append(
            f"Zeggenschap: {buyer} {'heeft' if controls else 'heeft geen'} toezicht op de aanbieder "
            f"(in handen van {', '.join(sorted(controlling)) or 'niemand'})."
        )
        if not sum(turnover.values(), Decimal(0)):
            reasons.append(
                "Activiteitencriterium: onbekend — uit te zoeken. De omzet van de aanbieder per afnemer staat niet "
                f"in de documenten; vereist is ten minste {_percent(activity_threshold)} van de toezichthoudende "
                "overheden."
            )
            return Assessment(route, None if controls else False, reasons)
        share = activity_share(turnover, controlling)
        reasons.append(
            f"Activiteitencriterium: {_percent(share)} van de omzet komt van de toezichthoudende "
            f"overheden; vereist is ten minste {_percent(activity_threshold)}."
        )
        return Assessment(route, controls and share >= activity_threshold, reasons)
    if route in ("aanbesteden", "verlengen_zonder_procedure"):
        above = value >= threshold
        reasons.append(
            f"Opdrachtwaarde over de looptijd {format_money(value)} tegenover de drempel voor sociale en andere "
            f"specifieke diensten {format_money(threshold)}: {'boven' if above else 'onder'} de drempel."
        )
        if route == "verlengen_zonder_procedure":
            reasons.append(
                "Verlengen zonder procedure is alleen verdedigbaar onder de drempel of bij een uitzonderingsgrond."
            )
            return Assessment(route, not above, reasons)
        return Assessment(route, True, reasons)
    reasons.append("Route ingevuld door de juridisch adviseur; de motivering staat bij het scenario.")
    return Assessment(route, True, reasons)


def _percent(fraction: Decimal) -> str:
    return format_percent(fraction, 1)


@dataclass(frozen=True)
class Contract:
    """One purchase of a scenario: the services one provider delivers, its value over the term with renewals
    (`term_years` in all, of which `renewal_years` renewal options; `own_term`: the provider's own term rather than
    the parameters for every new contract), tested against the threshold under the scenario's route."""

    provider: str
    services: tuple[str, ...]
    term_years: Decimal
    value: Decimal
    threshold: Decimal
    assessment: Assessment
    renewal_years: Decimal = Decimal(0)
    own_term: bool = False

    @property
    def initial_years(self) -> Decimal:
        return self.term_years - self.renewal_years

    @property
    def route(self) -> str:
        return self.assessment.route

    @property
    def sound(self) -> bool | None:
        return self.assessment.sound

    def as_json(self, money) -> dict:
        return {
            "provider": self.provider,
            "services": list(self.services),
            "term_years": format(self.term_years.normalize(), "f"),
            "renewal_years": format(self.renewal_years.normalize(), "f"),
            "own_term": self.own_term,
            "value": money(self.value),
            "threshold": money(self.threshold),
            "route": self.route,
            "sound": self.sound,
        }


def term_months(start: date, years: Decimal) -> dict[int, int]:
    """Months of each calendar year within a term of `years` from `start` (whole months; a start after the first
    of a month counts from the next month): 1 October 2026 for 10 years is 3 months of 2026, 12 of 2027–2035 and
    9 of 2036."""
    first = date(start.year, start.month, 1) if start.day == 1 else _next_month(start)
    total = int((years * 12).to_integral_value())
    months: dict[int, int] = {}
    year, month = first.year, first.month
    for _ in range(total):
        months[year] = months.get(year, 0) + 1
        month += 1
        if month > 12:
            year, month = year + 1, 1
    return months


def _next_month(day: date) -> date:
    return date(day.year + 1, 1, 1) if day.month == 12 else date(day.year, day.month + 1, 1)


def combined(route: str, contracts: list[Contract]) -> Assessment:
    """The scenario's route over all its purchases: not sound when one is not, unknown when one is unknown; the
    reasons name each purchase, its value over the term and its verdict, then why."""
    verdicts = [c.sound for c in contracts]
    sound = False if False in verdicts else (None if None in verdicts else True)
    lines = []
    for contract in contracts:
        verdict = {True: "houdbaar", False: "niet houdbaar", None: "onbekend — uit te zoeken"}[contract.sound]
        lines.append(
            f"Opdracht aan {contract.provider} over {format_number(contract.term_years)} jaar inclusief verlenging, "
            f"{format_money(contract.value)}: {verdict}."
        )
        lines.extend(contract.assessment.reasons)
    return Assessment(route, sound, lines)
