"""The dossier's projection: its baseline assumptions through the finance engine, as tables and charts."""

from dataclasses import dataclass
from decimal import Decimal

from django.utils.formats import date_format
from django.utils.translation import gettext as _

from finance import charts
from finance import selectors as finance_selectors
from finance.engine import WERKSOORTEN, Result, compute, to_cents
from finance.numbers import format_number, format_percent
from finance.tables import Column, Table

from .baseline import engine_inputs
from .changes import Effect, NumberChange
from .models import PopulationBaseline
from .projection_anchor import anchor_tables, not_bought


@dataclass(frozen=True)
class Totals:
    """What the projection page keeps in sight: the contribution over the horizon and its net present value."""

    first: int
    last: int
    cumulative: Decimal | None
    npv: Decimal | None

    def as_json(self) -> list:
        """For the session, to compare with after the save's redirect: the horizon and the totals in cents."""
        return [self.first, self.last, *(None if v is None else str(to_cents(v)) for v in (self.cumulative, self.npv))]

    @classmethod
    def from_json(cls, data) -> "Totals":
        first, last, cumulative, npv = data
        return cls(first, last, *(None if v is None else Decimal(v) for v in (cumulative, npv)))

    def effect(self, before: "Totals") -> Effect:
        """What a change of the assumptions did to the totals: `before` → these, in cents."""
        horizon = {"first": self.first, "last": self.last}
        moves = [
            (_("Cumulative %(first)s–%(last)s") % horizon, before.cumulative, self.cumulative),
            (_("Net present value"), before.npv, self.npv),
        ]
        return Effect(
            [NumberChange(_("Projection"), what, to_cents(old), to_cents(new), "money") for what, old, new in moves]
        )


@dataclass
class Projection:
    baseline: PopulationBaseline
    result: Result
    tables: list[Table]
    headcount_chart: str
    money_chart: str
    totals: Totals


def projection(baseline: PopulationBaseline, with_charts: bool = True) -> Projection:
    inputs, series = engine_inputs(baseline)
    result = compute(inputs)
    years = list(inputs.years)
    source = _("assumption by %(who)s (%(when)s)") % {
        "who": baseline.assumption_by or _("kwartiermaker"),
        "when": date_format(baseline.assumption_on, "j F Y") if baseline.assumption_on else "—",
    }
    people = Table(
        "aantallen",
        _("Headcount per year and werksoort"),
        [
            Column(_("Year"), "year"),
            Column(_("Wsw total"), "count"),
            *[Column(f"{finance_selectors.werksoort_label(w)} ({_('nominal')})", "count") for w in WERKSOORTEN],
            *[Column(f"{finance_selectors.werksoort_label(w)} (fte)", "fte") for w in WERKSOORTEN],
            Column(_("Outside the werksoorten (verloning)"), "count"),
        ],
        note=_(
            "Wsw total interpolated between the anchor years; split over werksoorten by the assumed "
            "shares; nieuw beschut places added to beschut werk."
        ),
    )
    note = _(
        "Positive: the gemeente pays. Tariffs indexed from %(year)s with %(series)s (known rates), then %(future)s a "
        "year."
    ) % {
        "year": baseline.tariff_set.year,
        "series": baseline.index_series,
        "future": format_percent(baseline.future_index),
    }
    money = Table(
        "bijdrage",
        _("Contribution per year under the %(set)s tariffs") % {"set": baseline.tariff_set},
        [
            Column(_("Year"), "year"),
            *[Column(finance_selectors.werksoort_label(w), "money") for w in WERKSOORTEN],
            Column(_("Overige"), "money"),
            Column(_("Integral per fte"), "money"),
            Column(_("Total contribution"), "money"),
            Column(_("Cumulative"), "money"),
        ],
        note=" ".join(filter(None, [note, not_bought(baseline)])),
    )
    anchors = _("Anchor years: %(start)s in %(start_year)s and %(end)s in %(end_year)s") % {
        "start": format_number(baseline.start_count),
        "start_year": baseline.start_year,
        "end": format_number(baseline.end_count),
        "end_year": baseline.end_year,
    }
    cumulative = result.cumulative()
    for y in years:
        rows = result.werksoorten.loc[y]
        people.add(
            [
                y,
                series["wsw"][y],
                *[rows.loc[w, "nominal"] for w in WERKSOORTEN],
                *[rows.loc[w, "fte"] for w in WERKSOORTEN],
                series["overige"][y],
            ],
            f"{anchors}; {source}",
        )
        per_year = result.per_year.loc[y]
        money.add(
            [
                y,
                *[rows.loc[w, "bijdrage"] for w in WERKSOORTEN],
                per_year["overige"],
                per_year["integraal_per_fte"],
                per_year["totaal_bijdrage"],
                cumulative[y],
            ],
            f"{baseline.tariff_set.citation}; {source}",
        )
    headcount_chart = money_chart = ""
    if with_charts:
        headcount_chart = charts.bar_chart(
            _("Headcount (nominal) per werksoort"),
            years,
            {
                finance_selectors.werksoort_label(w): [result.werksoorten.loc[(y, w), "nominal"] for y in years]
                for w in WERKSOORTEN
            },
        )
        money_chart = charts.bar_chart(
            _("Contribution per year"),
            years,
            {_("Total contribution"): list(result.per_year["totaal_bijdrage"])},
            money=True,
        )
    horizon, totals = _horizon(result, source)
    tables = [horizon, *anchor_tables(baseline, inputs, source), people, money]
    return Projection(baseline, result, tables, headcount_chart, money_chart, totals)


def totals(baseline: PopulationBaseline) -> Totals:
    """Just the totals of a baseline (saved or not), without the tables and charts: what a change is compared with."""
    inputs, _series = engine_inputs(baseline)
    return _horizon(compute(inputs), "")[1]


def _horizon(result: Result, source: str) -> tuple[Table, Totals]:
    """Totals over the horizon (data: first and last year) and their net present value at the discount rate."""
    start, end, rate = (finance_selectors.parameter(k) for k in ("horizon_start", "horizon_end", "discontovoet"))
    first, last = int(start.value), int(end.value)
    years = [y for y in result.per_year.index if first <= y <= last]
    table = Table(
        "horizon",
        _("Totals %(start)s–%(end)s") % {"start": first, "end": last},
        [Column(_("Measure")), Column(_("Amount"), "money")],
        note=_("Net present value discounted to %(start)s at %(rate)s a year.")
        % {"start": first, "rate": format_percent(rate.value)},
    )
    if not years:
        return table, Totals(first, last, None, None)
    shown = Result(werksoorten=result.werksoorten, per_year=result.per_year.loc[years])
    figures = Totals(first, last, result.total(years), shown.npv(rate.value, base_year=years[0]))
    table.add([_("Cumulative contribution"), figures.cumulative], f"{start.basis_text}; {end.basis_text}; {source}")
    table.add([_("Net present value"), figures.npv], rate.basis_text)
    return table, figures
