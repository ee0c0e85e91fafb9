"""The controller's view, against hand-computed figures."""

from decimal import Decimal as D

from finance.budget import Cover, Vat, budget_effect, vat_burden

YEARS = (2026, 2027, 2028)


def test_the_bought_btw_is_a_cost_only_where_it_cannot_be_reclaimed():
    vat = {"begeleiding_beschut": Vat(D("0.21"), compensable=False), "verloning": Vat(D("0.21"), compensable=True)}
    paid = {
        "begeleiding_beschut": {2026: D(1000), 2027: D(2000)},
        "verloning": {2026: D(500)},
        "werkfit": {2027: D(300)},  # no BTW entry: none borne
    }
    # 1,000 × 21% = 210 in 2026; 2,000 × 21% = 420 in 2027; verloning is reclaimed.
    assert vat_burden(paid, vat, YEARS) == {2026: D("210.00"), 2027: D("420.00"), 2028: D(0)}


def test_structural_and_incidental_against_the_baseline_with_a_cover_used_in_year_order():
    baseline = {2026: D(1000), 2027: D(1000), 2028: D(1000)}
    scenario = {2026: D(1300), 2027: D(900), 2028: D(1050)}  # one-off costs included
    one_off = {2026: D(250), 2027: D(100)}
    rows = budget_effect(
        YEARS,
        baseline=baseline,
        scenario=scenario,
        one_off=one_off,
        vat_scenario={2027: D(20)},
        cover=Cover("Reserve sociaal domein", D(300)),
    )
    by_year = {r.year: r for r in rows}
    # 2026: structural 1,300 − 250 − 1,000 = 50; incidental 250, all covered (50 of the cover left); net 50.
    assert (by_year[2026].structural, by_year[2026].incidental, by_year[2026].covered) == (D(50), D(250), D(250))
    assert by_year[2026].net == D(50)
    # 2027: structural 900 − 100 + 20 BTW − 1,000 = −180; 100 one-off, only 50 left in the cover; net −180 + 50.
    assert (by_year[2027].structural, by_year[2027].covered, by_year[2027].net) == (D(-180), D(50), D(-130))
    # 2028: no one-off costs; structural 50.
    assert (by_year[2028].structural, by_year[2028].incidental, by_year[2028].net) == (D(50), D(0), D(50))


def test_without_cover_or_btw_the_net_is_the_difference_with_the_baseline():
    baseline = dict.fromkeys(YEARS, D(700))
    scenario = {2026: D(800), 2027: D(650), 2028: D(700)}
    rows = budget_effect(YEARS, baseline=baseline, scenario=scenario, one_off={2026: D(75)})
    assert [r.net for r in rows] == [D(100), D(-50), D(0)]
    assert [r.structural for r in rows] == [D(25), D(-50), D(0)]


def test_the_btw_rules_are_reference_data_owned_by_financien(db):
    import io

    import pytest
    from django.core.exceptions import ValidationError
    from django.core.management import call_command

    from finance.models import Service, VatRule

    call_command("load_finance_reference", stdout=io.StringIO())
    rules = {r.service: r for r in VatRule.objects.all()}
    assert set(rules) == set(Service.values)
    assert all(r.rate == D("0.21") and r.compensable and r.set_by.endswith("Financiën") for r in rules.values())
    unowned = VatRule(service="werkfit", rate=D("0.21"), compensable=False, status="aanname")
    with pytest.raises(ValidationError):
        unowned.full_clean(validate_unique=False)
