"""The tables of the Berenschot-toets page and its xlsx: the DVO tariffs, the conversion to a result per fte, the
integral budget rebuilt, tables 7.5–7.7 recomputed, and every printed figure with its status (finance.berenschot).
Every euro is computed by finance.engine or by the figure list's checks."""

from decimal import Decimal

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from . import berenschot
from .berenschot import CheckedFigure, status_label
from .berenschot_checks import ROW_7_7, budget_fte_2023, derived_fte
from .berenschot_recomputed import (
    _conversion_tables,
    _in_prices_2023,
    _per_fte_by_year,
    _per_werksoort,
    _printed,
    _tariff_table,
    werksoort_label,
)
from .models import PrintedFigure, Tariff, TariffSet
from .numbers import format_money, format_number
from .tables import Column, Table


def tables(checked: list[CheckedFigure]) -> list[Table]:
    """The page's tables in page order, from the checked figures (berenschot.figures())."""
    by_id = {f.id: f for f in checked}
    dvo = TariffSet.objects.prefetch_related("tariffs").get(key="ontplooj-dvo-2023")
    return [
        _tariff_table(dvo),
        _benchmark_table(dvo.year),
        *_conversion_tables(dvo, by_id),
        _integral_budget(by_id),
        _budget_vs_actual(),
        _per_fte_by_year(),
        _in_prices_2023(),
        _per_werksoort(),
        *_figure_tables(checked),
    ]


SECTION_TITLES = {
    "7.4": gettext_lazy("Every figure of §7.4 (tariffs, per fte, benchmark)"),
    "7.5": gettext_lazy("Every figure of §7.5 (budget against realisation, x 1,000)"),
    "7.6.1": gettext_lazy(
        "Every figure of §7.6.1 (the three tables: per fte and per person, revenue and costs, prices of 2023)"
    ),
    "7.7": gettext_lazy("Every figure of §7.7 (per werksoort and the Totaal block)"),
}


def _figure_tables(checked: list[CheckedFigure]) -> list[Table]:
    """One table per section: each printed figure, what the check computes, the difference, status and why."""
    tables = {}
    for figure in checked:
        table = tables.get(figure.section)
        if table is None:
            table = tables[figure.section] = Table(
                f"cijfers-{figure.section.replace('.', '-')}",
                str(
                    SECTION_TITLES.get(figure.section)
                    or _("Every figure of §%(section)s") % {"section": figure.section}
                ),
                [
                    Column(_("Figure")),
                    Column(_("Year"), "year"),
                    Column(_("Printed"), "number"),
                    Column(_("Computed"), "number"),
                    Column(_("Difference"), "number"),
                    Column(_("Status")),
                    Column(_("Explanation")),
                ],
                note=_(
                    "Reproduced: the computed figure equals the printed one within the print's rounding (half a unit "
                    "of its last digit). Explained: it differs, and the explanation says why. Input: taken as "
                    "printed; other figures are computed from it."
                ),
            )
        table.add(
            [
                f"{figure.label} ({figure.unit})",
                figure.year,
                figure.printed,
                figure.computed,
                figure.difference,
                status_label(figure.status),
                figure.explanation,
            ],
            figure.source,
        )
    return list(tables.values())


def _integral_budget(by_id: dict[str, CheckedFigure]) -> Table:
    """Berenschot 7.4's integral budget 2023 (2,459 per fte) rebuilt: the budget's fte per werksoort follow from
    §7.5's budgeted result (x 1,000) ÷ §7.4's budgeted result per fte."""
    values = {key: figure.printed for key, figure in by_id.items()}
    budget_fte, realised_fte = budget_fte_2023(values), derived_fte(values, 2023)
    figure = by_id["7.4/resultaat_integraal_per_fte_begroot/2023"]
    table = Table(
        "integraal-begroot",
        _("The integral budget 2023 per fte, rebuilt from the budget's fte per werksoort"),
        [
            Column(_("Werksoort")),
            Column(_("Budgeted result x 1,000 (7.5)"), "number"),
            Column(_("Budgeted per fte (7.4)"), "number"),
            Column(_("Budget fte (computed)"), "fte"),
            Column(_("Realised fte (7.5 ÷ 7.7)"), "fte"),
        ],
        note=_(
            "Budget fte = budgeted result ÷ budgeted result per fte (7.4's sign is the other way round). Integral "
            "= −Σ budgeted result ÷ Σ budget fte = %(computed)s; printed %(printed)s. %(explanation)s"
        )
        % {
            "computed": format_number(figure.computed, 2),
            "printed": format_number(figure.printed, 0),
            "explanation": figure.explanation,
        },
    )
    total = Decimal(0)
    for w, row in ROW_7_7.items():
        result = by_id[f"7.5/{row}_begroot/2023"]
        per_fte = by_id[f"7.4/resultaat_{w}_per_fte_begroot/2023"]
        total += result.printed
        table.add(
            [werksoort_label(w), result.printed, per_fte.printed, budget_fte[w], realised_fte[w]],
            f"{result.source}; {per_fte.source}",
        )
    table.add(
        [_("Integraal, computed"), total, figure.computed, sum(budget_fte.values()), sum(realised_fte.values())],
        figure.source,
    )
    return table


def _benchmark_table(year: int) -> Table:
    """Berenschot 7.4, second table: per fte (or unit) begroot, gerealiseerd and the Cedris benchmark."""
    sets = [
        TariffSet.objects.prefetch_related("tariffs").filter(key=key).first()
        for key in (
            f"ontplooj-per-fte-{year}-begroot",
            f"ontplooj-per-fte-{year}-gerealiseerd",
            f"cedris-benchmark-{year}",
        )
    ]
    sets = [s for s in sets if s is not None]
    amounts = [{t.task: t for t in s.tariffs.all()} for s in sets]
    table = Table(
        "benchmark",
        _("Per fte and per unit %(year)s: budget, realisation and benchmark") % {"year": year},
        [Column(_("Task")), *[Column(s.get_status_display(), "amount") for s in sets], Column(_("Unit"))],
        note=_(
            "Positive: the gemeente pays; negative: the provider pays the gemeente. No benchmark is "
            "known for werkgeverstaken and verloning."
        ),
    )
    for task in Tariff.Task:
        present = [a.get(task.value) for a in amounts]
        if not any(present):
            continue
        unit = next(t for t in present if t).get_unit_display()
        table.add(
            [task.label, *[t.amount if t else None for t in present], unit],
            "; ".join(dict.fromkeys(s.citation for s in sets)),
        )
    return table


BUDGET_ROWS = (
    "beschut",
    "groepsdetacheringen",
    "individuele_detacheringen",
    "werkgeverstaken_overige",
    "verloning_overige",
)


def _budget_vs_actual() -> Table:
    """Berenschot 7.5: budget against realisation (x 1,000), the difference recomputed, and the rows summed."""
    table = Table(
        "begroting-realisatie",
        _("Budget against realisation, x 1,000 (table 7.5)"),
        [
            Column(_("Row")),
            Column(_("Year"), "year"),
            Column(_("Budget"), "number"),
            Column(_("Realisation"), "number"),
            Column(_("Difference computed"), "number"),
            Column(_("Difference printed"), "number"),
            Column(_("Explanation")),
        ],
        note=_(
            "Difference = realisation − budget; negative amounts are a net cost. The printed amounts "
            "are rounded to thousands, so a computed difference may be 1 off."
        ),
    )
    sums = {}
    for row in BUDGET_ROWS:
        figures = PrintedFigure.objects.filter(table="7.5", row=row)
        differences = _printed("7.5", f"{row}_verschil")
        for year in sorted({f.year for f in figures}):
            budget = figures.get(year=year, status="begroot")
            actual = figures.get(year=year, status="gerealiseerd")
            computed = actual.value - budget.value
            sums.setdefault(year, [Decimal(0), Decimal(0)])
            sums[year][0] += budget.value
            sums[year][1] += actual.value
            table.add(
                [
                    berenschot.clean_label(budget.label),
                    year,
                    budget.value,
                    actual.value,
                    computed,
                    differences[year].value,
                    _("Rounding to thousands.") if computed != differences[year].value else "",
                ],
                actual.citation,
            )
    totals = _printed("7.5", "totaal")
    for year, (budget, actual) in sorted(sums.items()):
        printed = PrintedFigure.objects.get(table="7.5", row="totaal", year=year, status="gerealiseerd")
        table.add(
            [
                _("Sum of the rows above"),
                year,
                budget,
                actual,
                actual - printed.value,
                None,
                _("Compared with the printed total realisation (%(total)s).") % {"total": format_money(printed.value)},
            ],
            totals[year].citation,
        )
    return table
