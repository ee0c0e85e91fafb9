"""How each figure of Berenschot ch. 7 is computed from the others (finance.berenschot evaluates them): one Check
per figure id, with the printed inputs it uses, the method in Dutch, and for a figure that rests on something the
report does not print, the true reason it differs."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal, localcontext

import pandas as pd
from django.utils.translation import gettext as _

from .anchor import ROW_7_7
from .engine import PRECISION, WERKSOORTEN, Inputs, compute, price_factor
from .models import Headcount, IndexRate, TariffSet
from .numbers import format_number
from .reference import StoredTariffs

HALF = Decimal("0.5")  # every stored figure is printed in whole units (euros, thousands, fte, people)
ROWS_7_5 = (
    "beschut",
    "groepsdetacheringen",
    "individuele_detacheringen",
    "werkgeverstaken_overige",
    "verloning_overige",
)


@dataclass(frozen=True)
class Quantity:
    """A printed number and half a unit of its last printed digit: the interval its true value lies in."""

    value: Decimal
    half: Decimal = HALF


@dataclass(frozen=True)
class Check:
    """How one figure is computed from others: `compute(*values)` with the values of `inputs`, a Dutch description
    of the method, and, for a figure that rests on something the report does not print, the true reason it differs
    (`otherwise`: a function of the computed value)."""

    compute: Callable[..., Decimal]
    inputs: Sequence[Quantity]
    method: str
    otherwise: Callable[[Decimal], str] | None = None


def _fmt(value: Decimal, places: int = 1) -> str:
    return format_number(value, places)


def checks(q: dict[str, Quantity]) -> dict[str, Check]:
    checks: dict[str, Check] = {}
    checks.update(_checks_7_4(q))
    checks.update(_checks_7_5(q))
    checks.update(_checks_7_6(q))
    checks.update(_checks_7_7(q))
    return checks


def budget_fte_2023(values: Mapping[str, Decimal]) -> dict[str, Decimal]:
    """The budget's fte per werksoort in 2023, which the report does not print: §7.5's begroot result (x 1,000)
    ÷ §7.4's begroot result per fte (whose sign is the other way round). `values`: printed value by figure id."""
    with localcontext(PRECISION):
        return {
            w: values[f"7.5/{row}_begroot/2023"] * 1000 / -values[f"7.4/resultaat_{w}_per_fte_begroot/2023"]
            for w, row in ROW_7_7.items()
        }


def _integral(results, per_fte):
    """The integral result per fte in 7.4's sign from the results (x 1,000, 7.5's sign) and the per-fte results
    (7.4's sign) per werksoort: Σ result ÷ Σ fte with fte = result ÷ per fte."""
    return -sum(results) * 1000 / sum(r * 1000 / -p for r, p in zip(results, per_fte, strict=True))


def _checks_7_4(q: dict[str, Quantity]) -> dict[str, Check]:
    checks = {}
    tariffs = TariffSet.objects.prefetch_related("tariffs").get(key="ontplooj-dvo-2023")
    amounts = {t.task: t.amount for t in tariffs.tariffs.all()}
    counts = _counts_2023()
    result = compute(
        Inputs(
            years=(2023,),
            tariff_year=2023,
            tariffs=StoredTariffs.of(tariffs).engine(),
            headcount=pd.DataFrame(
                [{"year": 2023, "werksoort": w, "nominal": n, "fte": f} for w, (n, f) in counts.items()]
            ),
        )
    )
    for w in WERKSOORTEN:
        nominal, fte = counts[w]
        costs = amounts[f"begeleiding_{w}"] + amounts["werkgeverstaken"] + amounts["verloning"]
        revenue = amounts[f"opbrengst_{w}"]
        printed = q[f"7.4/resultaat_{w}_per_fte_begroot/2023"].value

        def implied(_computed, printed=printed, costs=costs, revenue=revenue, nominal=nominal, fte=fte):
            return _(
                "Berenschot budgeted with the budget's own nominal employees and fte per werksoort, which the report "
                "does not print: the printed amount implies %(implied)s nominal employees per fte, the realised "
                "count of 2023 gives %(actual)s."
            ) % {"implied": _fmt((printed - revenue) / costs, 4), "actual": _fmt(nominal / fte, 4)}

        checks[f"7.4/resultaat_{w}_per_fte_begroot/2023"] = Check(
            lambda value: value,
            [Quantity(result.werksoorten.loc[(2023, w), "per_fte"])],
            _(
                "(Begeleiding + werkgeverstaken + verloning) × nominal ÷ fte + opbrengst per fte, with the DVO "
                "tariffs 2023 and the realised count of 2023 (%(nominal)s nominal, Tabel 3; %(fte)s fte, 7.5 ÷ 7.7)."
            )
            % {"nominal": _fmt(nominal, 0), "fte": _fmt(fte, 2)},
            implied,
        )
        row = ROW_7_7[w]
        checks[f"7.4/resultaat_{w}_per_fte_gerealiseerd/2023"] = Check(
            lambda revenue, costs: costs - revenue,
            [q[f"7.7/{row}_bedrijfsopbrengsten_per_fte/2023"], q[f"7.7/{row}_bedrijfskosten_per_fte/2023"]],
            _("Costs − revenue per fte 2023 (7.7), in 7.4's sign (plus: the gemeente pays)."),
        )
    fte = budget_fte_2023({key: quantity.value for key, quantity in q.items()})
    checks["7.4/resultaat_integraal_per_fte_begroot/2023"] = Check(
        lambda *v: _integral(v[:3], v[3:]),
        [q[f"7.5/{row}_begroot/2023"] for row in ROW_7_7.values()]
        + [q[f"7.4/resultaat_{w}_per_fte_begroot/2023"] for w in ROW_7_7],
        _(
            "Budgeted total result of the three werksoorten (7.5 begroot 2023) ÷ the budget's fte per werksoort "
            "(7.5 begroot ÷ 7.4 begroot per fte: %(fte)s = %(total)s fte)."
        )
        % {"fte": " + ".join(_fmt(f) for f in fte.values()), "total": _fmt(sum(fte.values()))},
    )
    checks["7.4/resultaat_integraal_per_fte_gerealiseerd/2023"] = Check(
        lambda total, fte: -total / fte,
        [q["7.6.1-a/totaal_operationeel_resultaat/2023"], q["7.6.1-a/omvang_doelgroep_fte/2023"]],
        _("Total operational result 2023 ÷ fte (7.6.1), in 7.4's sign."),
    )
    for task in ("werkgeverstaken", "verloning", "werkfit", "loonwaardemeting", "dagbesteding"):
        checks[f"7.4/{task}_begroot/2023"] = Check(
            lambda value: value, [Quantity(amounts[task])], _("Equal to the DVO tariff 2023 (7.4, first table).")
        )
    return checks


def _counts_2023() -> dict[str, tuple[Decimal, Decimal]]:
    """The realised 2023 count per werksoort: nominal Wsw + nieuw beschut (Tabel 3), fte derived (7.5 ÷ 7.7)."""
    counts = {w: [Decimal(0), None] for w in WERKSOORTEN}
    for h in Headcount.objects.filter(year=2023, measure="gemiddeld", category__in=WERKSOORTEN):
        if h.regime in ("wsw", "nieuw_beschut"):
            counts[h.category][0] += h.nominal
    for h in Headcount.objects.filter(year=2023, measure="afgeleid", category__in=WERKSOORTEN):
        counts[h.category][1] = h.fte
    return {w: (n, f) for w, (n, f) in counts.items()}


def _checks_7_5(q: dict[str, Quantity]) -> dict[str, Check]:
    checks = {}
    for year in (2022, 2023):
        for status in ("begroot", "gerealiseerd"):
            checks[f"7.5/totaal_{status}/{year}"] = Check(
                lambda *rows: sum(rows),
                [q[f"7.5/{row}_{status}/{year}"] for row in ROWS_7_5],
                _("Sum of the five rows above."),
            )
        for row in (*ROWS_7_5, "totaal"):
            checks[f"7.5/{row}_verschil/{year}"] = Check(
                lambda budget, actual: actual - budget,
                [q[f"7.5/{row}_begroot/{year}"], q[f"7.5/{row}_gerealiseerd/{year}"]],
                _("Realisation − budget."),
            )
    return checks


def _index_rates() -> dict[int, Decimal]:
    """The printed rates of the series (7.6.1): not the assumed rates of later years, which the report does not
    use, and each of which would double the corners of every interval."""
    rates = IndexRate.objects.filter(series="ambtenarensalarissen", year__lte=2024).exclude(status="aanname")
    return dict(rates.values_list("year", "rate"))


def _checks_7_6(q: dict[str, Quantity]) -> dict[str, Check]:
    checks = {}
    rates = _index_rates()
    years = sorted(rates)
    # The rates are printed with one decimal in percent (3,5%): half a unit is 0.05 percentage point.
    rate_inputs = [Quantity(rates[y], Decimal("0.0005")) for y in years]
    for year in (2021, 2022, 2023, 2024):
        a = f"7.6.1-a/{{}}/{year}"
        total, fte = q[a.format("totaal_operationeel_resultaat")], q[a.format("omvang_doelgroep_fte")]
        checks[a.format("operationeel_resultaat_per_persoon")] = Check(
            lambda t, n: t / n,
            [total, q[a.format("omvang_doelgroep_nominaal")]],
            _("Total operational result ÷ nominal size of the target group."),
        )
        checks[a.format("operationeel_resultaat_per_fte")] = Check(
            lambda t, f: t / f, [total, fte], _("Total operational result ÷ size of the target group in fte.")
        )
        b = f"7.6.1-b/{{}}/{year}"
        checks[b.format("operationeel_resultaat_x1000")] = Check(
            lambda revenue, costs: revenue - costs,
            [q[b.format("bedrijfsopbrengsten_x1000")], q[b.format("bedrijfskosten_x1000")]],
            _("Revenue − costs (x 1,000)."),
        )
        for kind in ("bedrijfsopbrengsten", "bedrijfskosten"):
            checks[b.format(f"{kind}_per_fte")] = Check(
                lambda amount, f: amount * 1000 / f,
                [q[b.format(f"{kind}_x1000")], fte],
                _("The amount x 1,000 ÷ size of the target group in fte (7.6.1, first table)."),
            )
        checks[b.format("operationeel_resultaat_per_fte")] = Check(
            lambda t, f: t / f, [total, fte], _("Total operational result ÷ size of the target group in fte.")
        )

        def factor(*rates, year=year):
            return price_factor(dict(zip(years, rates, strict=True)), year, 2023)

        c = f"7.6.1-c/{{}}/{year}"
        checks[c.format("operationeel_resultaat_x1000")] = Check(
            lambda t, *rates, factor=factor: t * factor(*rates) / 1000,
            [total, *rate_inputs],
            _(
                "Total operational result (7.6.1, first table) in prices of 2023 with the ambtenarensalarissen "
                "index, ÷ 1,000."
            ),
        )
        checks[c.format("operationeel_resultaat_per_fte")] = Check(
            lambda t, f, *rates, factor=factor: t * factor(*rates) / f,
            [total, fte, *rate_inputs],
            _("Total operational result in prices of 2023 (ambtenarensalarissen index) ÷ fte."),
        )
    return checks


def _checks_7_7(q: dict[str, Quantity]) -> dict[str, Check]:
    checks = {}
    for year in (2021, 2022, 2023, 2024):
        for row in (*ROW_7_7.values(), "totaal"):
            checks[f"7.7/{row}_operationeel_resultaat_per_fte/{year}"] = Check(
                lambda revenue, costs: revenue - costs,
                [q[f"7.7/{row}_bedrijfsopbrengsten_per_fte/{year}"], q[f"7.7/{row}_bedrijfskosten_per_fte/{year}"]],
                _("Revenue − costs per fte."),
            )
        for kind in ("bedrijfsopbrengsten", "bedrijfskosten"):
            key = f"7.7/totaal_{kind}_per_fte/{year}"
            if f"7.5/beschut_gerealiseerd/{year}" in q and year in (2022, 2023):
                checks[key] = Check(
                    _weighted,
                    [q[f"7.5/{row}_gerealiseerd/{year}"] for row in ROW_7_7.values()]
                    + [q[f"7.7/{row}_operationeel_resultaat_per_fte/{year}"] for row in ROW_7_7.values()]
                    + [q[f"7.7/{row}_{kind}_per_fte/{year}"] for row in ROW_7_7.values()],
                    _(
                        "The werksoorten weighted by their fte (7.5 realisation ÷ 7.7 result per fte, for "
                        "each werksoort)."
                    ),
                )
            else:
                checks[key] = Check(
                    lambda amount, f: amount * 1000 / f,
                    [q[f"7.6.1-b/{kind}_x1000/{year}"], q[f"7.6.1-a/omvang_doelgroep_fte/{year}"]],
                    _(
                        "The amount x 1,000 (7.6.1) ÷ fte: the report prints no fte per werksoort for this year "
                        "(7.5 covers 2022 and 2023 only), so the werksoorten cannot be weighted."
                    ),
                )
    return checks


def _weighted(*values):
    """Σ fte_w × amount_w ÷ Σ fte_w, with fte_w = result_w (x 1,000, 7.5) ÷ result per fte_w (7.7)."""
    results, per_fte, amounts = values[:3], values[3:6], values[6:]
    fte = [r * 1000 / p for r, p in zip(results, per_fte, strict=True)]
    return sum(f * a for f, a in zip(fte, amounts, strict=True)) / sum(fte)


def derived_fte(values: Mapping[str, Decimal], year: int) -> dict[str, Decimal]:
    """The fte per werksoort of a realised year (2022, 2023), which the report does not print: 7.5 realisation
    (x 1,000) ÷ 7.7 result per fte. `values`: printed value by figure id."""
    with localcontext(PRECISION):
        return {
            w: values[f"7.5/{row}_gerealiseerd/{year}"]
            * 1000
            / values[f"7.7/{row}_operationeel_resultaat_per_fte/{year}"]
            for w, row in ROW_7_7.items()
        }
