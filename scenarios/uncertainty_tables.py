"""The uncertainty of the scenarios' money as tables (finance.tables), for the uncertainty page and its xlsx: the
bands per scenario and year, and the uncertain inputs with their distributions."""

from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import gettext as _

from finance.numbers import format_count
from finance.tables import Column, Table

from .uncertainty import Uncertainty


def source(u: Uncertainty) -> str:
    return _("Own computation: %(draws)s draws with seed %(seed)s over the scenarios and the uncertain inputs") % {
        "draws": format_count(u.draws),
        "seed": u.seed,
    }


def chance(band: dict) -> Decimal:
    """The chance of being cheapest in whole percents (a fraction: 0.85), as a college reads it."""
    return Decimal(repr(band["p_cheapest"])).quantize(Decimal("0.01"), ROUND_HALF_UP)


def summary_table(u: Uncertainty) -> Table:
    """Per scenario its cumulative total at P10, P50 and P90 and the chance that it is the cheapest."""
    years = sorted({y for r in u.outcomes for y in u.bands[r.scenario.pk]["yearly"]})
    table = Table(
        "onzekerheid-samenvatting",
        _("Cumulative contribution %(first)s–%(last)s and the chance of being cheapest")
        % {"first": years[0], "last": years[-1]},
        [
            Column(_("Scenario")),
            Column("P10", "money"),
            Column("P50", "money"),
            Column("P90", "money"),
            Column(_("Chance cheapest"), "percent"),
        ],
        note=_(
            "P50: the middle of the draws; in 8 of 10 draws the total lies between P10 and P90. Chance cheapest: the "
            "share of the draws in which the scenario costs the gemeente least over these years."
        ),
    )
    for r in u.outcomes:
        band = u.bands[r.scenario.pk]
        cumulative = band["cumulative"]
        table.add(
            [r.scenario.name, cumulative["p10"], cumulative["p50"], cumulative["p90"], band["p_cheapest"]], source(u)
        )
    return table


def bands_table(u: Uncertainty) -> Table:
    """Per scenario its cumulative P10, P50 and P90, the chance of being cheapest, and per year the same bands."""
    years = sorted({y for r in u.outcomes for y in u.bands[r.scenario.pk]["yearly"]})
    table = Table(
        "onzekerheid",
        _("Total contribution: P10, P50 and P90"),
        [
            Column(_("Scenario")),
            Column(_("Band")),
            *[Column(str(y), "money") for y in years],
            Column(_("Cumulative"), "money"),
            Column(_("Chance cheapest"), "percent"),
        ],
        note=_(
            "P50: the middle of the draws; in 8 of 10 draws the figure lies between P10 and P90. Positive: a cost "
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
                    chance(band) if key == "p50" else None,
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
        table.add([d.label, d.get_distribution_display(), d.values_text, str(d.basis_text)], d.citation or "")
    return table


def tables(u: Uncertainty) -> list[Table]:
    """The page shows the first (with the fan chart for the years); the xlsx has all three."""
    return [summary_table(u), bands_table(u), drivers_table(u)]
