"""The tables of the Berenschot-toets page and its xlsx: the DVO tariffs, the conversion to a result per fte, the
integral budget rebuilt, tables 7.5–7.7 recomputed, and every printed figure with its status (finance.berenschot).
Every euro is computed by finance.engine or by the figure list's checks."""

from decimal import Decimal

import pandas as pd
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from . import berenschot
from .berenschot import CheckedFigure, status_label
from .berenschot_checks import ROW_7_7, budget_fte_2023, derived_fte
from .engine import WERKSOORTEN, Inputs, compute, in_prices_of
from .models import Headcount, IndexRate, PrintedFigure, Tariff, TariffSet
from .numbers import format_fte, format_money, format_number, format_percent
from .reference import StoredTariffs
from .tables import Column, Table, relative

INDEX_SERIES = "ambtenarensalarissen"  # the wage index Berenschot uses (7.6.1)


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


def werksoort_label(werksoort: str) -> str:
    return str(Headcount.Category(werksoort).label)


def _printed(table: str, row: str) -> dict[int, PrintedFigure]:
    return {p.year: p for p in PrintedFigure.objects.filter(table=table, row=row)}


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


def _tariff_table(dvo: TariffSet) -> Table:
    table = Table(
        "tarieven",
        _("DVO tariffs %(year)s") % {"year": dvo.year},
        [Column(_("Task")), Column(_("Tariff"), "amount"), Column(_("Unit"))],
        note=_("Positive: the gemeente pays Ontplooj; negative: Ontplooj pays the gemeente."),
    )
    for tariff in dvo.tariffs.all():
        table.add([tariff.get_task_display(), tariff.amount, tariff.get_unit_display()], dvo.citation)
    return table


def _conversion_tables(dvo: TariffSet, by_id: dict[str, CheckedFigure]) -> list[Table]:
    """Berenschot 7.4: the tariffs per nominal employee turned into a result per fte, per werksoort."""
    counts, sources = {}, {}
    for h in Headcount.objects.filter(
        year=dvo.year, measure="gemiddeld", category__in=WERKSOORTEN, regime__in=["wsw", "nieuw_beschut"]
    ):
        counts.setdefault(h.category, [Decimal(0), None])[0] += h.nominal
        sources[h.category] = h.citation
    for h in Headcount.objects.filter(year=dvo.year, measure="afgeleid", category__in=WERKSOORTEN):
        counts[h.category][1] = h.fte
        sources[h.category] += f"; fte: {h.citation}"
    frame = pd.DataFrame([{"year": dvo.year, "werksoort": w, "nominal": n, "fte": f} for w, (n, f) in counts.items()])
    result = compute(
        Inputs(years=(dvo.year,), tariff_year=dvo.year, tariffs=StoredTariffs.of(dvo).engine(), headcount=frame)
    )
    printed = {t.task: t for t in Tariff.objects.filter(tariff_set__key=f"ontplooj-per-fte-{dvo.year}-begroot")}

    inputs = Table(
        "aantallen",
        _("Headcount %(year)s used for the conversion") % {"year": dvo.year},
        [
            Column(_("Werksoort")),
            Column(_("Nominal"), "count"),
            Column(_("Fte"), "fte"),
            Column(_("Fte per nominal employee"), "percent"),
        ],
        note=_(
            "Nominal: Wsw and nieuw beschut together (Tabel 3). Fte: derived from table 7.5 ÷ 7.7, "
            "because the report does not print fte per werksoort."
        ),
    )
    conversion = Table(
        "per-fte",
        _("Operational result per fte %(year)s: computed beside printed (begroot)") % {"year": dvo.year},
        [
            Column(_("Werksoort")),
            Column(_("Computed"), "money"),
            Column(_("Printed"), "money"),
            Column(_("Difference"), "money"),
            Column(_("Difference"), "percent"),
            Column(_("Explanation")),
        ],
        note=_("Computed: (begeleiding + werkgeverstaken + verloning) × nominal ÷ fte + opbrengst per fte."),
    )
    for w in WERKSOORTEN:
        nominal, fte = counts[w]
        inputs.add([werksoort_label(w), nominal, fte, fte / nominal], sources[w])
        computed = result.werksoorten.loc[(dvo.year, w), "per_fte"]
        figure = printed[f"resultaat_{w}_per_fte"]
        difference = computed - figure.amount
        explanation = by_id[f"7.4/resultaat_{w}_per_fte_begroot/{dvo.year}"].explanation
        conversion.add(
            [
                werksoort_label(w),
                computed,
                figure.amount,
                difference,
                relative(difference, figure.amount),
                explanation,
            ],
            f"{dvo.citation}; {figure.tariff_set.citation}",
        )
    integraal = result.per_year.loc[dvo.year, "integraal_per_fte"]
    figure = printed["resultaat_integraal_per_fte"]
    difference = integraal - figure.amount
    conversion.add(
        [
            _("Integraal"),
            integraal,
            figure.amount,
            difference,
            relative(difference, figure.amount),
            _(
                "Weighted here with the realised fte per werksoort (%(realised)s fte). Berenschot's integral budget "
                "weighs the budgeted results with the budget's own fte per werksoort (%(budget)s fte), which gives "
                "%(rebuilt)s: see the next table."
            )
            % {
                "realised": format_fte(sum(c[1] for c in counts.values())),
                "budget": format_fte(sum(budget_fte_2023({k: f.printed for k, f in by_id.items()}).values())),
                "rebuilt": format_number(by_id[f"7.4/resultaat_integraal_per_fte_begroot/{dvo.year}"].computed, 2),
            },
        ],
        figure.tariff_set.citation,
    )
    return [inputs, conversion]


def _per_fte_by_year() -> Table:
    """Berenschot 7.6.1: the operational result per fte and per person, recomputed from the printed totals."""
    totals = _printed("7.6.1-a", "totaal_operationeel_resultaat")
    fte = _printed("7.6.1-a", "omvang_doelgroep_fte")
    nominal = _printed("7.6.1-a", "omvang_doelgroep_nominaal")
    per_fte = _printed("7.6.1-a", "operationeel_resultaat_per_fte")
    per_person = _printed("7.6.1-a", "operationeel_resultaat_per_persoon")
    table = Table(
        "per-jaar",
        _("Operational result per fte and per person, 2021–2024"),
        [
            Column(_("Year"), "year"),
            Column(_("Status")),
            Column(_("Total"), "money"),
            Column(_("Fte"), "fte"),
            Column(_("Per fte computed"), "money"),
            Column(_("Per fte printed"), "money"),
            Column(_("Per person computed"), "money"),
            Column(_("Per person printed"), "money"),
            Column(_("Explanation")),
        ],
        note=_("Negative: net cost to the gemeenten. Computed = total ÷ fte (or ÷ nominal)."),
    )
    for year in sorted(totals):
        total = totals[year].value
        table.add(
            [
                year,
                totals[year].get_status_display(),
                total,
                fte[year].value,
                total / fte[year].value,
                per_fte[year].value,
                total / nominal[year].value,
                per_person[year].value,
                _("Printed fte and per-fte amounts are rounded to whole numbers."),
            ],
            totals[year].citation,
        )
    return table


def _in_prices_2023() -> Table:
    """Berenschot 7.6.1: the series in prices of 2023, recomputed with the wage index."""
    index = dict(IndexRate.objects.filter(series=INDEX_SERIES).values_list("year", "rate"))
    nominal = _printed("7.6.1-a", "operationeel_resultaat_per_fte")
    printed = _printed("7.6.1-c", "operationeel_resultaat_per_fte")
    series = pd.Series({year: figure.value for year, figure in sorted(nominal.items())}, dtype=object)
    in_2023 = in_prices_of(series, index, 2023)
    table = Table(
        "prijzen-2023",
        _("Operational result per fte in prices of 2023"),
        [
            Column(_("Year"), "year"),
            Column(_("Index rate"), "percent"),
            Column(_("Nominal"), "money"),
            Column(_("In prices of 2023, computed"), "money"),
            Column(_("Printed"), "money"),
            Column(_("Difference"), "money"),
        ],
        note=_("Indexed with %(series)s: %(rates)s.")
        % {
            "series": INDEX_SERIES,
            "rates": ", ".join(f"+{format_percent(rate)} ({year})" for year, rate in sorted(index.items())),
        },
    )
    for year, amount in in_2023.items():
        table.add(
            [year, index.get(year), series[year], amount, printed[year].value, amount - printed[year].value],
            printed[year].citation,
        )
    return table


def _per_werksoort() -> Table:
    """Berenschot 7.7: result per fte = revenue − costs, per werksoort and year."""
    table = Table(
        "per-werksoort",
        _("Revenue, costs and result per fte by werksoort"),
        [
            Column(_("Werksoort")),
            Column(_("Year"), "year"),
            Column(_("Revenue per fte"), "money"),
            Column(_("Costs per fte"), "money"),
            Column(_("Result computed"), "money"),
            Column(_("Result printed"), "money"),
            Column(_("Difference"), "money"),
        ],
        note=_("Table 7.7: operational result = revenue − costs; negative is a net cost."),
    )
    for w, row in ROW_7_7.items():
        revenue = _printed("7.7", f"{row}_bedrijfsopbrengsten_per_fte")
        costs = _printed("7.7", f"{row}_bedrijfskosten_per_fte")
        result = _printed("7.7", f"{row}_operationeel_resultaat_per_fte")
        for year in sorted(result):
            computed = revenue[year].value - costs[year].value
            table.add(
                [
                    werksoort_label(w),
                    year,
                    revenue[year].value,
                    costs[year].value,
                    computed,
                    result[year].value,
                    computed - result[year].value,
                ],
                result[year].citation,
            )
    return table
