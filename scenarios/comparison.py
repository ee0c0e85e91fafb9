"""The Vergelijking as tables: the same view-model for the page and its xlsx. Every euro comes from the engine
(through scenarios.selectors); sensitivity uses finance.sensitivity."""

from decimal import Decimal

from django.utils.formats import date_format
from django.utils.translation import gettext as _

from dossier.models import ResearchArea
from finance.computed import kept
from finance.engine import compute
from finance.numbers import format_difference, format_percent
from finance.selectors import werksoort_label
from finance.sensitivity import break_even, scale_tariff, standard_levers, tornado
from finance.tables import Column, Table
from finance.uncertainty import values_label

from . import uncertainty
from .models import Scenario
from .selectors import Comparison, ScenarioResult


def tables(comparison: Comparison, chosen: ScenarioResult | None) -> list[Table]:
    computed = [r for r in comparison.results if r.result is not None]
    result = [
        _summary(comparison),
        _per_year(computed),
        _signals(comparison),
        _routes(comparison),
        _stability(comparison),
        _scores(comparison),
    ]
    return result + sensitivity(comparison, chosen)


def choosable(comparison: Comparison) -> list[ScenarioResult]:
    """The scenarios that can be set against the DVO: computed, and not the DVO scenario itself."""
    return [r for r in comparison.results if r.result is not None and r.scenario.kind != Scenario.Kind.DVO]


def best_choice(comparison: Comparison, pk: str | None = None) -> ScenarioResult | None:
    """The scenario set against the DVO: the choosable one with primary key `pk`, else the best ranked."""
    options = choosable(comparison)
    chosen = next((r for r in options if pk is not None and str(r.scenario.pk) == str(pk)), None)
    return chosen or (min(options, key=lambda r: r.rank or 99) if options else None)


def sensitivity(comparison: Comparison, chosen: ScenarioResult | None) -> list[Table]:
    """The tornado and break-even of `chosen` against the DVO scenario (none when either is missing)."""
    base = dvo_result(comparison)
    if chosen is None or base is None or chosen.result is None or chosen is base:
        return []
    drivers = _driver_tornado(comparison, chosen, base)
    return [*([drivers] if drivers else []), _tornado(chosen, base), _break_even(chosen, base)]


def dvo_result(comparison: Comparison) -> ScenarioResult | None:
    """The computed DVO scenario: what a choice is set against."""
    return next((r for r in comparison.results if r.result is not None and r.scenario.kind == Scenario.Kind.DVO), None)


def scenario_tables(outcome: ScenarioResult) -> list[Table]:
    """One scenario's money per year and per fte, as its editor and its xlsx show them."""
    if outcome.result is None:
        return []
    result = outcome.result
    columns = [result.column(name) for name in ("fte", "bijdrage_werksoorten", "overige", "extra", "totaal_bijdrage")]
    cumulative = result.running_total()
    source = _("finance engine")
    money = Table(
        f"scenario-{outcome.scenario.pk}-jaar",
        _("Contribution per year"),
        [
            Column(_("Year"), "year"),
            Column(_("Fte"), "fte"),
            Column(_("Werksoorten"), "money"),
            Column(_("Werkgeverstaken and verloning"), "money"),
            Column(_("Other services and one-off"), "money"),
            Column(_("Total contribution"), "money"),
            Column(_("Cumulative"), "money"),
            Column(_("Integral per fte"), "money"),
        ],
        note=_(
            "Positive: the gemeente pays. One-off costs fall in full in their year (column “Other services and "
            "one-off”). The scenario starts on %(start)s: in %(year)s it runs %(months)s of the 12 months, the rest "
            "of that year under the current DVO."
        )
        % {
            "start": date_format(outcome.scenario.start_date, "j F Y"),
            "year": outcome.years[0],
            "months": outcome.months.get(outcome.years[0], 12),
        },
    )
    per_fte = result.column("integraal_per_fte")
    for year in cumulative:
        money.add([year, *(column[year] for column in columns), cumulative[year], per_fte[year]], source)
    per_werksoort = result.per_werksoort("per_fte")
    werksoorten = sorted({w for _y, w in per_werksoort})
    fte = Table(
        f"scenario-{outcome.scenario.pk}-fte",
        _("Contribution per fte per werksoort"),
        [Column(_("Year"), "year"), *[Column(werksoort_label(w), "money") for w in werksoorten]],
        note=_("The operational result per fte is this amount with the opposite sign."),
    )
    for year in cumulative:
        fte.add([year, *(per_werksoort.get((year, w)) for w in werksoorten)], source)
    return [money, fte]


def _summary(comparison: Comparison) -> Table:
    rate = format_percent(comparison.discount_rate)
    table = Table(
        "samenvatting",
        _("Scenarios side by side"),
        [
            Column(_("Scenario")),
            Column(_("Kind")),
            Column(_("Cumulative"), "money"),
            Column(_("Net present value"), "money"),
            Column(_("Average integral per fte"), "money"),
            Column(_("One-off costs"), "money"),
            Column(_("Weighted score"), "score"),
            Column(_("Rank"), "year"),
            Column(_("Signals"), "number"),
        ],
        note=_(
            "Cumulative and net present value over each scenario's years (discount rate %(rate)s), "
            "one-off costs included. Positive: the gemeente pays."
        )
        % {"rate": rate},
    )
    for r in sorted(comparison.results, key=lambda r: (r.rank is None, r.rank or 0)):
        table.add(
            [
                r.scenario.name,
                r.scenario.get_kind_display(),
                r.cumulative,
                r.npv,
                r.average_per_fte,
                r.one_off,
                r.score,
                r.rank,
                len(r.flags),
            ],
            _("finance engine; see the tables below"),
        )
    return table


def _signals(comparison: Comparison) -> Table:
    """Each flag of each scenario on a row of its own (the summary counts them)."""
    table = Table(
        "signalen",
        _("Signals per scenario"),
        [Column(_("Scenario")), Column(_("Signal"))],
        note=_("Procurement routes that are not sound, the stability condition, and inputs that cannot be computed."),
    )
    for r in comparison.results:
        for flag in r.flags:
            table.add([r.scenario.name, str(flag)], _("scenario check"))
    if not table.rows:
        table.add([_("all scenarios"), _("no signals")], "")
    return table


def _per_year(computed: list[ScenarioResult]) -> Table:
    years = sorted({y for r in computed for y in r.years})
    table = Table(
        "per-jaar",
        _("Contribution per year"),
        [Column(_("Year"), "year"), *[Column(r.scenario.name, "money") for r in computed]],
        note=_("Total contribution including one-off costs in the year they fall."),
    )
    for year in years:
        table.add([year, *[r.yearly.get(year) for r in computed]], _("finance engine"))
    return table


def _routes(comparison: Comparison) -> Table:
    table = Table(
        "route",
        _("Procurement route"),
        [Column(_("Scenario")), Column(_("Route")), Column(_("Sound")), Column(_("Reasoning"))],
        note=_("Thresholds and the activity criterion are data with a source (Parameters)."),
    )
    for r in comparison.results:
        if r.route is None:
            table.add([r.scenario.name, "—", "—", r.scenario.route_reasoning or "—"], "")
            continue
        table.add(
            [
                r.scenario.name,
                r.scenario.get_route_display(),
                _("unknown") if r.route.sound is None else _("yes") if r.route.sound else _("no"),
                " ".join([*r.route.reasons, r.scenario.route_reasoning]),
            ],
            _("Aanbestedingswet 2012"),
        )
    return table


def _stability(comparison: Comparison) -> Table:
    table = Table(
        "stabiliteit",
        _("Stability for the target group"),
        [
            Column(_("Scenario")),
            Column(_("Kern")),
            Column(_("Change workplace"), "count"),
            Column(_("Change provider"), "count"),
            Column(_("Change employer"), "count"),
            Column(_("Extra travel (min)"), "number"),
        ],
        note=_("The randvoorwaarde of the bestuursopdracht; the numbers per kern are assumptions."),
    )
    for r in comparison.results:
        for row in r.scenario.stability.all():
            table.add(
                [
                    r.scenario.name,
                    row.kern,
                    row.change_workplace,
                    row.change_provider,
                    row.change_employer,
                    row.extra_travel_minutes,
                ],
                row.reason or _("assumption"),
            )
    return table


def _scores(comparison: Comparison) -> Table:
    dossier = comparison.results[0].scenario.dossier if comparison.results else None
    areas = {str(a.number): a for a in ResearchArea.objects.filter(dossier=dossier)} if dossier else {}
    table = Table(
        "scores",
        _("Scores per research area (1–5) and weights"),
        [
            Column(_("Research area")),
            Column(_("Weight"), "number"),
            *[Column(r.scenario.name, "number") for r in comparison.results],
        ],
    )
    for number, weight in comparison.weights.items():
        scores = []
        for r in comparison.results:
            found = [a.score for a in r.scenario.assessments.all() if str(a.area.number) == number]
            scores.append(found[0] if found else None)
        table.add([str(areas[number]) if number in areas else number, weight, *scores], _("assessments"))
    robust = comparison.robustness
    if robust is not None and robust.change is not None:
        area = areas.get(robust.area)
        winner = next((r.scenario.name for r in comparison.results if r.rank == 1), "")
        rival = next((r.scenario.name for r in comparison.results if r.scenario.pk == robust.new_winner), "")
        table.note = _(
            "Robustness: “%(winner)s” ranks first until the weight of “%(area)s” changes by %(change)s "
            "percentage points; then “%(rival)s” wins."
        ) % {
            "winner": winner,
            "area": area,
            "change": format_difference(robust.change, money=False, places=1),
            "rival": rival,
        }
    return table


def _driver_tornado(comparison: Comparison, chosen: ScenarioResult, base: ScenarioResult) -> Table | None:
    """The tornado over the dossier's uncertain inputs (scenarios.uncertainty.tornado) as a table."""
    frame = uncertainty.tornado(comparison, chosen, base)
    if frame is None:
        return None
    labels = {"chosen": chosen.scenario.name, "base": base.scenario.name}
    table = Table(
        "tornado-onzekerheid",
        _("What moves the difference with “%(base)s” most (each uncertain input at its P10 and P90)") % labels,
        [
            Column(_("Uncertain input")),
            Column(_("Values tested")),
            Column(_("At P10"), "money"),
            Column(_("At P90"), "money"),
        ],
        note=_(
            "Change of (cumulative “%(chosen)s” − cumulative “%(base)s”) when one uncertain input is at its P10 or its "
            "P90 (the value below which 10%% or 90%% of its distribution lies); the other inputs keep the dossier's "
            "own values. The distributions are on the page Onzekerheid."
        )
        % labels,
    )
    for row in frame.itertuples():
        values = values_label(row.key, row.low_value, row.high_value)
        if row.key in ("dvo_tariffs", "offer"):
            values = _("%(values)s of the current tariff") % {"values": values}
        table.add([row.label, values, row.low, row.high], _("finance engine, uncertain inputs"))
    return table


def _tornado(chosen: ScenarioResult, base: ScenarioResult) -> Table:
    base_total = base.result.total()
    levers = standard_levers()
    frame = kept(  # under its whole input: an edit of another scenario keeps it
        "scenarios:tornado",
        (chosen.inputs, base_total, [lever.key for lever in levers]),
        lambda: tornado(chosen.inputs, lambda i: compute(i).total() - base_total, levers),
    )
    table = Table(
        "tornado",
        _("What moves the difference with “%(base)s” most (each input −10%% / +10%%)") % {"base": base.scenario.name},
        [Column(_("Input")), Column(_("−10%"), "money"), Column(_("+10%"), "money")],
        note=_("Change of (cumulative “%(chosen)s” − cumulative “%(base)s”) when one input changes.")
        % {"chosen": chosen.scenario.name, "base": base.scenario.name},
    )
    for row in frame.itertuples():
        if row.swing:
            table.add([row.label, row.low, row.high], _("finance engine, sensitivity"))
    return table


def _break_even(chosen: ScenarioResult, base: ScenarioResult) -> Table:
    base_total = base.result.total()
    provider = next((s.provider for s in chosen.scenario.sourcing.all() if s.service == "begeleiding_beschut"), None)
    table = Table(
        "break-even",
        _("Break-even"),
        [Column(_("Question")), Column(_("Now"), "money"), Column(_("Break-even"), "money")],
    )
    now = chosen.inputs.tariffs.begeleiding["beschut"]
    factor = break_even(
        lambda f: compute(scale_tariff(chosen.inputs, "begeleiding", f, "beschut")).total() - base_total, Decimal(1)
    )
    table.add(
        [
            _(
                "Tariff for begeleiding beschut werk of %(provider)s at which “%(chosen)s” costs as much as "
                "“%(base)s” (first year's prices)"
            )
            % {"provider": provider, "chosen": chosen.scenario.name, "base": base.scenario.name},
            now,
            now * factor if factor is not None else None,
        ],
        _("finance engine, break-even"),
    )
    return table
