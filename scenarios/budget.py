"""The controller's view (Financiën): per scenario and begrotingsjaar its effect on the current begroting (the DVO
baseline), structureel and incidenteel, with the BTW the gemeente bears and the dekking of the one-off costs, as the
meerjarenraming a controller reads (rows: posten; columns: years). Reads the scenario results and the reference
data; the rule is finance.budget."""

from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext as _

from finance import budget
from finance.engine import OVERIGE_TASKS, UNIT_TASKS, compute
from finance.models import VatRule
from finance.sourcing import TariffProvider, own_purchases, payments
from finance.tables import Column, Table

from .models import BudgetCover
from .selectors import Comparison, ScenarioResult, compare

ZERO = Decimal(0)


@dataclass
class ScenarioBudget:
    outcome: ScenarioResult
    years: list[budget.BudgetYear]
    table: Table

    @property
    def structural(self) -> dict[int, Decimal]:
        return {row.year: row.structural for row in self.years}

    @property
    def incidental(self) -> dict[int, Decimal]:
        return {row.year: row.incidental for row in self.years}


@dataclass
class BudgetView:
    scenarios: list[ScenarioBudget]
    cover: budget.Cover | None
    covers: list[BudgetCover]
    vat: dict[str, budget.Vat]


def vat_rules() -> dict[str, budget.Vat]:
    return {r.service: budget.Vat(r.rate, r.compensable) for r in VatRule.objects.all()}


def budget_view(dossier, comparison: Comparison | None = None) -> BudgetView:
    """Every active scenario that computes (of `comparison` when the caller has it), against the DVO baseline over
    its own years."""
    covers = list(BudgetCover.objects.filter(dossier=dossier))
    cover = budget.Cover(", ".join(c.name for c in covers), sum((c.amount for c in covers), ZERO)) if covers else None
    vat = vat_rules()
    rows = []
    for outcome in (comparison or compare(dossier)).results:
        if outcome.result is None or outcome.base is None:
            continue
        rows.append(scenario_budget(outcome, vat, cover))
    return BudgetView(rows, cover, covers, vat)


def scenario_budget(outcome: ScenarioResult, vat: dict[str, budget.Vat], cover: budget.Cover | None):
    """One scenario's begrotingsjaren: its total and one-off costs from its result, the DVO baseline from the same
    population over the same years, and the BTW on what each pays per service."""
    years = outcome.years
    base = outcome.base
    baseline = compute(base).column("totaal_bijdrage")
    inputs = outcome.inputs
    one_off = {y: inputs.one_off.get(y, ZERO) for y in years}
    paid = _per_service(
        payments(
            outcome.providers,
            base.headcount,
            years,
            overige=base.overige,
            months=inputs.months,
            reference_nominal=base.reference_nominal,
        )
    )
    _add(paid, own_purchases(outcome.providers, base.headcount, years, months=inputs.months))
    dvo_paid = _baseline_paid(base, years)
    # The months of a year still under the DVO pay the DVO's share of its payments.
    _add(paid, dvo_paid, share={y: Decimal(12 - inputs.months.get(y, 12)) / 12 for y in years})
    rows = budget.budget_effect(
        years,
        baseline=baseline,
        scenario=outcome.yearly,
        one_off=one_off,
        vat_baseline=budget.vat_burden(dvo_paid, vat, years),
        vat_scenario=budget.vat_burden(paid, vat, years),
        cover=cover,
    )
    return ScenarioBudget(outcome, rows, _table(outcome, rows, cover))


def _baseline_paid(base, years) -> dict[str, dict[int, Decimal]]:
    """What the gemeente pays the DVO provider per service under the baseline (its tariffs, all twelve months)."""
    tariffs = base.tariffs
    amounts = {
        **{f"begeleiding_{w}": v for w, v in tariffs.begeleiding.items()},
        **{f"opbrengst_{w}": v for w, v in tariffs.opbrengst.items()},
        **{t: getattr(tariffs, t) for t in (*OVERIGE_TASKS, *UNIT_TASKS)},
    }
    dvo = TariffProvider("DVO", amounts, base.tariff_year, base.index, base.fixed_share)
    sourcing = {s: dvo for s in amounts if not s.startswith("opbrengst_")}
    return _per_service(
        payments(sourcing, base.headcount, years, overige=base.overige, reference_nominal=base.reference_nominal)
    )


def _per_service(paid: dict[str, dict[str, dict[int, Decimal]]]) -> dict[str, dict[int, Decimal]]:
    """{provider: {service: {year: amount}}} → {service: {year: amount}}."""
    merged: dict[str, dict[int, Decimal]] = {}
    for services in paid.values():
        _add(merged, services)
    return merged


def _add(into: dict[str, dict[int, Decimal]], more: dict[str, dict[int, Decimal]], share=None) -> None:
    """Add `more` ({service: {year: amount}}) into `into`, each year times its `share` ({year: fraction}) if given."""
    for service, by_year in more.items():
        for year, amount in by_year.items():
            factor = 1 if share is None else share.get(year, 0)
            if factor:
                target = into.setdefault(service, {})
                target[year] = target.get(year, ZERO) + amount * factor


def _table(outcome: ScenarioResult, rows: list[budget.BudgetYear], cover: budget.Cover | None) -> Table:
    years = [r.year for r in rows]
    table = Table(
        f"meerjarenraming-{outcome.scenario.pk}",
        _("Meerjarenraming: %(name)s") % {"name": outcome.scenario.name},
        [Column(_("Post")), *[Column(str(y), "money") for y in years]],
        note=_(
            "Positive: a cost to the gemeente. Against the current begroting: the DVO baseline over the same years "
            "with the same population. Structural: the scenario without its one-off costs, less the baseline. "
            "BTW: what the gemeente cannot reclaim, by the BTW rules per service."
        ),
    )
    source = _("Scenario result (finance engine); BTW rules per service (reference data)")
    posts = [
        (_("Current begroting (DVO baseline)"), [r.baseline for r in rows]),
        (_("Scenario, structural"), [r.structural_total for r in rows]),
        (_("of which BTW not reclaimed"), [r.vat for r in rows]),
        (_("Structural effect"), [r.structural for r in rows]),
        (_("Incidental: one-off and transition costs"), [r.incidental for r in rows]),
    ]
    if cover is not None:
        posts.append((_("Dekking: %(name)s") % {"name": cover.name}, [-r.covered for r in rows]))
    posts.append((_("Effect on the begroting"), [r.net for r in rows]))
    for label, values in posts:
        table.add([label, *values], source)
    return table
