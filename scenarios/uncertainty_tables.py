"""The uncertainty of the scenarios' money as tables (finance.tables), for the uncertainty page and its xlsx: the
bands per scenario and year, and the uncertain inputs with their distributions."""

from django.utils.translation import gettext as _

from finance.numbers import format_count
from finance.tables import Column, Table

from .uncertainty import Uncertainty


def source(u: Uncertainty) -> str:
    return _("Own computation: %(draws)s draws with seed %(seed)s over the scenarios and the uncertain inputs") % {
        "draws": format_count(u.draws),
        "seed": u.seed,
    }


def bands_table(u: Uncertainty) -> Table:
    """Per scenario its cumulative P10, P50 and P90, the chance of being cheapest, and per year the same bands."""
    years = sorted({y for r in u.outcomes for y in u.bands[r.scenario.pk]["yearly"]})
    table = Table(
        "onzekerheid",
        _("Total contribution with 80% certainty (P10 – P90)"),
        [
            Column(_("Scenario")),
            Column(_("Band")),
            *[Column(str(y), "money") for y in years],
            Column(_("Cumulative"), "money"),
            Column(_("Chance cheapest"), "percent"),
        ],
        note=_(
            "P50: the middle of the draws; with 80% certainty the figure lies between P10 and P90. Positive: a cost "
            "to the gemeente. Each band is taken over the draws separately, so the years of a band do not add up "
            "to its cumulative figure."
        ),
    )
    for r in u.outcomes:
        band = u.bands[r.scenario.pk]
        for key, label in (("p10", "P10"), ("p50", "P50"), ("p90", "P90")):
            table.add(
                [
                    r.scenario.name,
                    label,
                    *[band["yearly"][y][key] if y in band["yearly"] else None for y in years],
                    band["cumulative"][key],
                    band["p_cheapest"] if key == "p50" else None,
                ],
                source(u),
            )
    return table


def drivers_table(u: Uncertainty) -> Table:
    """The uncertain inputs as drawn: their distribution and values, and what they rest on."""
    table = Table(
        "onzekerheid-factoren",
        _("Uncertain inputs"),
        [Column(_("Input")), Column(_("Distribution")), Column(_("Values")), Column(_("Basis"))],
    )
    for d in u.drivers:
        who = f" ({d.provider.name})" if d.provider_id else ""
        table.add([f"{d}{who}", d.get_distribution_display(), d.values_text, str(d.basis_text)], d.citation or "")
    return table


def tables(u: Uncertainty) -> list[Table]:
    return [bands_table(u), drivers_table(u)]
