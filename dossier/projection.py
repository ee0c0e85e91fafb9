"""The dossier's projection: its baseline assumptions through the finance engine, as tables and charts."""

from dataclasses import dataclass
from decimal import Decimal

import pandas as pd
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from finance import anchor, charts
from finance import selectors as finance_selectors
from finance.engine import WERKSOORTEN, Inputs, Result, compute, index_with_default, to_cents
from finance.numbers import format_count, format_fte, format_money, format_number, format_percent
from finance.projection import interpolate, nieuw_beschut_places, split
from finance.reference import StoredTariffs
from finance.sourcing import bought
from finance.tables import Column, Table

from .changes import Effect, NumberChange
from .models import PopulationBaseline


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


def engine_inputs(
    baseline: PopulationBaseline, index_rates: dict | None = None, stored: StoredTariffs | None = None
) -> tuple[Inputs, dict]:
    """Engine inputs from the baseline (saved or not), and the intermediate series for the tables; `index_rates` and
    `stored` (its tariff set) when the caller has them.

    The fixed share of the costs is measured against the volume of the tariff set's own year (the budget year the
    tariffs come from): there the tariffs hold as they are; a smaller group pays the fixed part over fewer people."""
    years = list(range(baseline.first_year, baseline.last_year + 1))
    stored = stored or StoredTariffs.of(baseline.tariff_set)
    headcount, series = population(baseline, years)
    known = finance_selectors.index_rates(baseline.index_series) if index_rates is None else index_rates
    index = index_with_default(known, baseline.future_index, min(stored.year, years[0]), years[-1])
    overige = pd.DataFrame(
        [
            {"year": y, "werkgeverstaken": series["overige_werkgeverstaken"][y], "verloning": series["overige"][y]}
            for y in years
        ]
    )
    inputs = Inputs(
        years=tuple(years),
        tariff_year=stored.year,
        tariffs=bought(stored.engine(), baseline.services),
        headcount=headcount,
        index=index,
        overige=overige,
        fixed_share=baseline.fixed_share,
        reference_nominal=reference_nominal(baseline, stored.year),
    )
    return inputs, series


def population(baseline: PopulationBaseline, years) -> tuple[pd.DataFrame, dict]:
    """Headcount per year and werksoort (the Wsw total interpolated between the anchors, split by the shares, plus
    the nieuw beschut places at the provider in beschut werk) and the series behind it, {name: {year: value}}."""
    wsw = interpolate(
        {baseline.start_year: baseline.start_count, baseline.end_year: baseline.end_count},
        years,
        method=baseline.method,
    )
    shares = {w: getattr(baseline, f"share_{w}") for w in WERKSOORTEN}
    ratios = {w: getattr(baseline, f"fte_{w}") for w in WERKSOORTEN}
    headcount = split(wsw, shares, ratios)
    nieuw = {y: nieuw_beschut(baseline, y) for y in years}
    if any(nieuw.values()):  # nieuw beschut places are all beschut werk
        extra = headcount["werksoort"] == "beschut"
        added = headcount.loc[extra, "year"].map(nieuw)
        headcount.loc[extra, "nominal"] = headcount.loc[extra, "nominal"] + added
        headcount.loc[extra, "fte"] = headcount.loc[extra, "fte"] + added * baseline.fte_beschut
    series = {
        "wsw": wsw,
        "nieuw_beschut": nieuw,
        "overige": {y: wsw[y] * baseline.share_overige for y in years},
        "overige_werkgeverstaken": {y: wsw[y] * baseline.share_overige_werkgeverstaken for y in years},
    }
    return headcount, series


def nieuw_beschut(baseline: PopulationBaseline, year: int) -> Decimal:
    """The baseline's nieuw beschut places at the provider in `year` (finance.projection.nieuw_beschut_places)."""
    return nieuw_beschut_places(
        baseline.nieuw_beschut,
        baseline.nieuw_beschut_growth,
        baseline.nieuw_beschut_at_provider,
        baseline.start_year,
        year,
    )


def reference_nominal(baseline: PopulationBaseline, year: int) -> dict[str, Decimal]:
    """The nominal headcount per werksoort in `year`: the volume at which the tariffs of that year hold."""
    headcount, _series = population(baseline, [year])
    return {w: Decimal(n) for w, n in zip(headcount["werksoort"], headcount["nominal"], strict=True)}


_SHARED: dict[tuple, Inputs] = {}  # engine_inputs by everything it reads; at most _SHARED_SIZE entries
_SHARED_SIZE = 64


def _hashable(value):
    return tuple(value) if isinstance(value, list) else value


def shared_engine_inputs(baseline: PopulationBaseline, index_rates: dict, stored: StoredTariffs) -> Inputs:
    """engine_inputs for callers that only read what they get (the finance engine and the scenario inputs): the
    population projection is the same for every save of a scenario's tariffs or costs, so it is computed once per
    distinct baseline, tariff set and index series. The key holds every value engine_inputs reads, so a changed
    baseline or tariff is a new entry, never a stale one. The frames are shared: do not change them."""
    key = (
        tuple(_hashable(getattr(baseline, f.attname)) for f in baseline._meta.concrete_fields),
        stored.year,
        tuple(sorted(stored.amounts.items())),
        tuple(sorted(index_rates.items())),
    )
    inputs = _SHARED.get(key)
    if inputs is None:
        inputs, _series = engine_inputs(baseline, index_rates, stored)
        if len(_SHARED) >= _SHARED_SIZE:
            _SHARED.pop(next(iter(_SHARED)), None)  # the oldest entry
        _SHARED[key] = inputs
    return inputs


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
        note=" ".join(filter(None, [note, _not_bought(baseline)])),
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
    tables = [horizon, *_anchor_tables(baseline, inputs, source), people, money]
    return Projection(baseline, result, tables, headcount_chart, money_chart, totals)


def _anchor_tables(baseline: PopulationBaseline, inputs: Inputs, source: str) -> list[Table]:
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
                explanation = f"{explanation} {_not_bought(baseline)}"
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
            Column(_("This gemeente"), "fte"),
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
            "people": format_fte(group.people),
            "year": group.year,
            "share": format_percent(baseline.provider_share),
            "own": format_fte(own),
            "wsw": format_count(baseline.start_count),
        }
        table.add(
            [labels[group.task], derivation, own, own / baseline.start_count, assumed[group.task]],
            "; ".join([*group.citations, source]),
        )
    return table


def _not_bought(baseline: PopulationBaseline) -> str:
    """What the forecast leaves out because the gemeente does not buy it from the provider, or nothing."""
    names = baseline.services_not_bought
    if not names:
        return ""
    return _("Not bought from the provider, so counted as nothing here: %(services)s.") % {
        "services": ", ".join(str(n).lower() for n in names)
    }


def _minus(a: Decimal | None, b: Decimal | None) -> Decimal | None:
    return None if a is None or b is None else a - b


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
