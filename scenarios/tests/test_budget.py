"""The controller's view on the Twenterand scenarios: per begrotingsjaar against the DVO baseline."""

from decimal import Decimal

import pytest
from django.urls import reverse

from dossier.models import Role
from dossier.tests.factories import MembershipFactory
from finance.engine import to_cents
from finance.models import VatRule
from scenarios.budget import budget_view
from scenarios.models import BudgetCover

pytestmark = pytest.mark.django_db
ZERO = Decimal(0)


def by_kind(dossier):
    return {s.outcome.scenario.kind: s for s in budget_view(dossier).scenarios}


def test_extending_the_dvo_is_the_current_begroting_plus_its_one_off_costs(twenterand):
    dvo = by_kind(twenterand)["dvo_verlengen"]
    # The DVO scenario buys every service from Ontplooj on the same basis as the baseline: no structural effect.
    assert all(to_cents(row.structural) == ZERO for row in dvo.years)
    one_off = dvo.outcome.inputs.one_off
    assert {row.year: row.incidental for row in dvo.years} == {y: one_off.get(y, ZERO) for y in dvo.outcome.years}
    assert sum(dvo.incidental.values(), ZERO) == dvo.outcome.one_off


def test_each_year_adds_up_and_the_first_year_counts_three_months(twenterand):
    for scenario in budget_view(twenterand).scenarios:
        yearly = scenario.outcome.yearly
        for row in scenario.years:
            assert row.structural + row.incidental + row.baseline == yearly[row.year] + row.vat
            assert row.net == row.structural + row.incidental - row.covered
    own = by_kind(twenterand)["eigen_voorziening"]
    first, second = own.years[0], own.years[1]
    assert first.year == 2026 and abs(first.structural) < abs(second.structural)


def test_btw_that_cannot_be_reclaimed_weighs_on_bought_and_own_services_alike(twenterand):
    before = {k: s.structural for k, s in by_kind(twenterand).items()}
    VatRule.objects.filter(service="begeleiding_beschut").update(compensable=False)
    after = by_kind(twenterand)
    # The DVO pays BTW on beschut werk as the baseline does: still no structural effect.
    assert all(to_cents(v) == ZERO for v in after["dvo_verlengen"].structural.values())
    own = after["eigen_voorziening"]
    assert all(row.vat > 0 for row in own.years)  # the facility's purchases and the DVO months of 2026
    assert own.structural != before["eigen_voorziening"]


def test_a_dekking_pays_the_one_off_costs_until_it_runs_out(twenterand):
    mix = by_kind(twenterand)["mengvorm"]
    total = sum(mix.incidental.values(), ZERO)
    assert total > 0
    BudgetCover.objects.create(
        dossier=twenterand,
        name="Reserve sociaal domein",
        amount=total / 2,
        status="aanname",
        set_by="Ambtelijke werkgroep – Financiën",
        set_on="2026-12-04",
        reason="Demo",
    )
    mix = by_kind(twenterand)["mengvorm"]
    assert sum((row.covered for row in mix.years), ZERO) == total / 2


def test_the_page_and_its_xlsx_show_every_scenario_per_year(twenterand, client):
    client.force_login(MembershipFactory(dossier=twenterand, role=Role.WERKGROEP).user)
    url = reverse("dossier:finance-budget", kwargs={"slug": "twenterand"})
    page = client.get(url).content.decode()
    assert "Meerjarenraming: DVO verlengen met Ontplooj" in page and "Structureel effect" in page
    assert "Toevoegen" not in page or "Dekking toevoegen" not in page  # the werkgroep reads
    xlsx = client.get(url + "?formaat=xlsx")
    assert xlsx.status_code == 200 and xlsx["Content-Type"].startswith("application/vnd.openxmlformats")


def test_scenario_compare_gives_the_incidental_and_structural_split(twenterand):
    import io
    import json

    from django.core.management import call_command

    out = io.StringIO()
    call_command("scenario_compare", dossier="twenterand", format="json", stdout=out)
    rows = {r["kind"]: r for r in json.loads(out.getvalue())["scenarios"]}
    expected = by_kind(twenterand)
    for kind, row in rows.items():
        assert set(row["incidental"]) == set(row["structural"]) == set(row["yearly"])
        for year, amount in row["structural"].items():
            assert Decimal(amount) == to_cents(expected[kind].structural[int(year)])
        assert sum(Decimal(v) for v in row["incidental"].values()) == to_cents(expected[kind].outcome.one_off)
    assert all(Decimal(v) == 0 for v in rows["dvo_verlengen"]["structural"].values())
