"""Where the projection starts: the tariff path beside the budget path in the tariff set's year, and the groups
outside the werksoorten as the documents size them (finance.anchor), as tables for the projection page."""

from decimal import Decimal

from django.utils.translation import gettext as _

from finance import anchor
from finance import selectors as finance_selectors
from finance.engine import WERKSOORTEN, Inputs, compute
from finance.numbers import format_count, format_money, format_percent
from finance.reference import StoredTariffs
from finance.sourcing import bought
from finance.tables import Column, Table

from .baseline import population
from .models import PopulationBaseline


def anchor_tables(baseline: PopulationBaseline, inputs: Inputs, source: str) -> list[Table]:
    """Where the forecast starts: the tariff path beside the budget path in the tariff set's year, and the groups
    outside the werksoorten as the documents size them."""
    tables = []
    figures = anchor.anchor_of(baseline.tariff_set)
    paths = _paths(baseline, inputs, figures)
    if paths is not None:
        tables.append(paths)
    groups = _groups(baseline, source, figures)
    if groups is not None:
        tables.append(groups)
    return tables


def _paths(baseline: PopulationBaseline, inputs: Inputs, figures: anchor.Anchor) -> Table | None:
    """The contribution per fte in the budget year under the tariffs of the year before, indexed (the DVO's
    voorcalculatie), and under the budget the forecast starts from, beside the printed figure (Berenschot 7.7)."""
    tariff_set = baseline.tariff_set
    earlier, printed = figures.earlier, figures.printed
    if earlier is None or not printed:
        return None
    year = tariff_set.year
    headcount, _series = population(baseline, [year])
    common = {"years": (year,), "headcount": headcount, "index": inputs.index}
    budget = compute(Inputs(tariff_year=year, tariffs=inputs.tariffs, **common))
    tariff_path = bought(StoredTariffs(earlier.year, figures.earlier_amounts).engine(), baseline.services)
    tariffs = compute(Inputs(tariff_year=earlier.year, tariffs=tariff_path, **common))
    table = Table(
        "uitgangspunt",
        _("Where the forecast starts: %(year)s per fte, tariffs beside the budget") % {"year": year},
        [
            Column(_("Werksoort")),
            Column(_("Tariffs %(year)s, indexed") % {"year": earlier.year}, "money"),
            Column(_("Budget %(year)s (the basis)") % {"year": year}, "money"),
            Column(_("Printed %(year)s") % {"year": year}, "money"),
            Column(_("Tariffs − budget"), "money"),
            Column(_("Explanation")),
        ],
        note=_(
            "Positive: the gemeente pays. The forecast starts from the budget, not from the tariffs: the DVO budgets "
            "with its tariffs (voorcalculatie) and settles afterwards on real costs (nacalculatie), and the latest "
            "budget is what the gemeenten then pay. Computed with this dossier's headcount in %(year)s."
        )
        % {"year": year},
    )
    rows = [(w, finance_selectors.werksoort_label(w)) for w in WERKSOORTEN] + [("integraal", _("Integraal"))]
    for key, label in rows:
        if key == "integraal":
            on_tariffs = tariffs.per_year.loc[year, "integraal_per_fte"]
            on_budget = budget.per_year.loc[year, "integraal_per_fte"]
        else:
            on_tariffs = tariffs.werksoorten.loc[(year, key), "per_fte"]
            on_budget = budget.werksoorten.loc[(year, key), "per_fte"]
        figure = printed.get(key)
        shown = -figure.value if figure is not None else None  # 7.7 prints a net cost as negative
        if key == "integraal":
            explanation = _(
                "Printed: Ontplooj as a whole (five gemeenten); computed: this dossier's own mix of werksoorten."
            )
        else:
            explanation = _(
                "Budget beside printed: the stored tariffs are rounded to cents and this dossier's fte per person may "
                "differ from Ontplooj's. Tariffs beside budget: the nacalculatie on real costs."
            )
            if baseline.services_not_bought:
                explanation = f"{explanation} {not_bought(baseline)}"
        sources = "; ".join(filter(None, [earlier.citation, tariff_set.citation, figure.citation if figure else ""]))
        table.add([label, on_tariffs, on_budget, shown, _minus(on_tariffs, on_budget), explanation], sources)
    return table


def _groups(baseline: PopulationBaseline, source: str, figures: anchor.Anchor) -> Table | None:
    """The people outside the werksoorten, sized from the five gemeenten's figures and this gemeente's share of
    the provider (e.g. its share of the kader, Berenschot 3.3), beside the shares in the assumptions."""
    groups = figures.groups
    if not groups or baseline.provider_share is None or not baseline.start_count:
        return None
    table = Table(
        "groepen",
        _("People outside the werksoorten, as the documents size them"),
        [
            Column(_("Group")),
            Column(_("Derivation")),
            Column(_("This gemeente"), "count"),
            Column(_("Share computed"), "percent"),
            Column(_("Share in the assumptions"), "percent"),
        ],
        note=_(
            "People for whom the provider only does verloning, or werkgeverstaken as well, outside beschut werk and "
            "detachering (Berenschot 7.5, rows ‘overige’), for the five gemeenten together; this gemeente's part by "
            "its share of the provider; as a share of its Wsw employees in %(year)s."
        )
        % {"year": baseline.start_year},
    )
    assumed = {"verloning": baseline.share_overige, "werkgeverstaken": baseline.share_overige_werkgeverstaken}
    labels = {"verloning": _("Verloning (all outside the werksoorten)"), "werkgeverstaken": _("Werkgeverstaken too")}
    for group in groups:
        own = group.people * baseline.provider_share
        derivation = _(
            "%(amount)s ÷ %(rate)s = %(people)s people (%(year)s, five gemeenten) × %(share)s = %(own)s; ÷ %(wsw)s"
        ) % {
            "amount": format_money(group.amount),
            "rate": format_money(group.per_person),
            "people": format_count(group.people),
            "year": group.year,
            "share": format_percent(baseline.provider_share),
            "own": format_count(own),
            "wsw": format_count(baseline.start_count),
        }
        table.add(
            [labels[group.task], derivation, own, own / baseline.start_count, assumed[group.task]],
            "; ".join([*group.citations, source]),
        )
    return table


def not_bought(baseline: PopulationBaseline) -> str:
    """What the forecast leaves out because the gemeente does not buy it from the provider, or nothing."""
    names = baseline.services_not_bought
    if not names:
        return ""
    return _("Not bought from the provider, so counted as nothing here: %(services)s.") % {
        "services": ", ".join(str(n).lower() for n in names)
    }


def _minus(a: Decimal | None, b: Decimal | None) -> Decimal | None:
    return None if a is None or b is None else a - b
