"""The Berenschot-toets tables recomputed by the finance engine: the DVO tariffs, their conversion to a result per
fte, the result per fte by year, in 2023 prices and per werksoort."""

from decimal import Decimal

import pandas as pd
from django.utils.translation import gettext as _

from .berenschot import CheckedFigure
from .berenschot_checks import ROW_7_7, budget_fte_2023
from .engine import WERKSOORTEN, Inputs, compute, in_prices_of
from .models import Headcount, IndexRate, PrintedFigure, Tariff, TariffSet
from .numbers import format_fte, format_number, format_percent
from .reference import StoredTariffs
from .tables import Column, Table, relative

INDEX_SERIES = "ambtenarensalarissen"  # the wage index Berenschot uses (7.6.1)


def werksoort_label(werksoort: str) -> str:
    return str(Headcount.Category(werksoort).label)


def _printed(table: str, row: str) -> dict[int, PrintedFigure]:
    return {p.year: p for p in PrintedFigure.objects.filter(table=table, row=row)}


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
