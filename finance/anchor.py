"""Reads for the DVO baseline anchored on Berenschot 7.7's budget (see finance.basis): the stored figures the
derivation starts from, so the loader that stores the derived tariff set and the page that shows its derivation
read them in one place."""

from dataclasses import dataclass
from decimal import Decimal

from .basis import Step, budget_basis
from .engine import WERKSOORTEN
from .models import Headcount, IndexRate, PrintedFigure, Tariff, TariffSet
from .reference import reference

# Berenschot 7.7 names its rows in the plural; the engine's werksoorten are singular.
ROW_7_7 = {
    "beschut": "beschut",
    "groepsdetachering": "groepsdetacheringen",
    "individuele_detachering": "individuele_detacheringen",
}


@dataclass(frozen=True)
class Derivation:
    """The budget year's tariffs and every stored figure they follow from, with its citation."""

    year: int
    steps: list[Step]
    costs: dict[str, Decimal]
    revenue: dict[str, Decimal]
    nominal: dict[str, Decimal]
    fte: dict[str, Decimal]
    realised: dict[str, Decimal]
    index_rate: Decimal
    citations: list[str]

    @property
    def amounts(self) -> dict[str, Decimal]:
        return {step.task: step.amount for step in self.steps}


def derivation(year: int, realised_set: str, headcount_year: int, series: str) -> Derivation:
    """Derive the tariffs of `year` from 7.7 (per fte), the headcount of `headcount_year` (Tabel 3 nominal, fte
    derived from 7.5 ÷ 7.7), the realised rates per person of `realised_set` and the wage index of `series`."""
    costs, revenue, citations = {}, {}, []
    for w, row in ROW_7_7.items():
        for target, name in ((costs, "bedrijfskosten"), (revenue, "bedrijfsopbrengsten")):
            figure = PrintedFigure.objects.filter(table="7.7", row=f"{row}_{name}_per_fte", year=year).first()
            if figure is not None:
                target[w] = figure.value
                citations.append(figure.citation)
    nominal, fte = {}, {}
    for h in Headcount.objects.filter(year=headcount_year, category__in=WERKSOORTEN):
        if h.measure == Headcount.Measure.GEMIDDELD and h.regime in ("wsw", "nieuw_beschut") and h.nominal is not None:
            nominal[h.category] = nominal.get(h.category, Decimal(0)) + h.nominal
        elif h.measure == Headcount.Measure.AFGELEID and h.fte is not None:
            fte[h.category] = h.fte
    realised = {
        t.task: t.amount for t in Tariff.objects.filter(tariff_set__key=realised_set).select_related("tariff_set")
    }
    rate = IndexRate.objects.filter(series=series, year=year).first()
    index_rate = rate.rate if rate is not None else Decimal(0)
    steps = budget_basis(costs, revenue, nominal, fte, realised, index_rate)
    return Derivation(year, steps, costs, revenue, nominal, fte, realised, index_rate, list(dict.fromkeys(citations)))


def tariff_path_set(tariff_set):
    """The tariff set the budget basis is set beside: the provider's latest earlier set of unit tariffs (for
    Ontplooj's 2024 budget, the DVO tariffs of 2023), or None."""
    return (
        TariffSet.objects.filter(
            provider=tariff_set.provider,
            year__lt=tariff_set.year,
            status="begroot",
            tariffs__task="begeleiding_beschut",
        )
        .prefetch_related("tariffs")
        .order_by("-year")
        .first()
    )


def printed_result_per_fte(year: int) -> dict[str, PrintedFigure]:
    """Berenschot 7.7's operational result per fte of `year` per werksoort, and the total ("integraal"), as
    printed (sign as printed: negative is a net cost to the gemeenten)."""
    rows = {f"{row}_operationeel_resultaat_per_fte": key for key, row in {**ROW_7_7, "integraal": "totaal"}.items()}
    figures = PrintedFigure.objects.filter(table="7.7", row__in=rows, year=year)
    return {rows[figure.row]: figure for figure in figures}


@dataclass(frozen=True)
class Group:
    """People outside the three werksoorten for whom the provider does one task, for the five gemeenten together:
    the realised amount of 7.5 (× 1,000) ÷ the realised amount per person of 7.4."""

    task: str
    year: int
    amount: Decimal  # euro, positive: a cost
    per_person: Decimal
    citations: tuple[str, ...]

    @property
    def people(self) -> Decimal:
        return self.amount / self.per_person


def groups_outside_the_werksoorten(provider: str) -> list[Group]:
    """Verloning and werkgeverstaken for people outside the werksoorten (7.5, rows 'overige', the latest realised
    year) with the realised rate per person (7.4) of `provider`'s latest realised tariff set."""
    realised = (
        Tariff.objects.filter(
            tariff_set__provider=provider, tariff_set__status="gerealiseerd", task__in=("verloning", "werkgeverstaken")
        )
        .select_related("tariff_set")
        .order_by("-tariff_set__year")
    )
    rates = {}
    for tariff in realised:
        rates.setdefault(tariff.task, tariff)
    groups = []
    for task in ("verloning", "werkgeverstaken"):
        figure = (
            PrintedFigure.objects.filter(table="7.5", row=f"{task}_overige", status="gerealiseerd")
            .order_by("-year")
            .first()
        )
        rate = rates.get(task)
        if figure is None or rate is None or not rate.amount:
            continue
        groups.append(
            Group(task, figure.year, -figure.value * 1000, rate.amount, (figure.citation, rate.tariff_set.citation))
        )
    return groups


@dataclass(frozen=True)
class Anchor:
    """What the projection sets beside its basis, read once while the reference data holds (finance.reference)."""

    earlier: TariffSet | None  # the tariff path: the provider's latest earlier set of unit tariffs
    earlier_amounts: dict[str, Decimal]
    printed: dict[str, PrintedFigure]  # 7.7's result per fte of the basis year
    groups: list[Group]


def anchor_of(tariff_set: TariffSet) -> Anchor:
    """The anchor figures of a basis tariff set, kept with the reference data (finance.reference)."""

    def load() -> Anchor:
        earlier = tariff_path_set(tariff_set)
        amounts = {t.task: t.amount for t in earlier.tariffs.all()} if earlier is not None else {}
        return Anchor(
            earlier,
            amounts,
            printed_result_per_fte(tariff_set.year),
            groups_outside_the_werksoorten(tariff_set.provider),
        )

    return reference().kept(f"anchor:{tariff_set.pk}", load)
