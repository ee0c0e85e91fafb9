"""Procurement on the real contract: each purchase (provider × services) valued over the term of a new contract
with its renewal, from the scenario's start, and tested on its own. Expected values by hand in Decimal."""

import datetime
import io
import json
from decimal import Decimal as D
from unittest import mock

import pandas as pd
import pytest
from django.core.cache import caches
from django.core.management import call_command

from finance.sourcing import TariffProvider, payments
from scenarios import procurement, routes
from scenarios.models import OneOffCost, ProviderTariff, Scenario
from scenarios.selectors import compare

W = ("beschut", "groepsdetachering", "individuele_detachering")


def test_a_term_from_1_october_counts_three_months_of_the_first_year():
    months = procurement.term_months(datetime.date(2026, 10, 1), D(10))
    assert months[2026] == 3 and months[2027] == 12 and months[2036] == 9 and sum(months.values()) == 120
    assert procurement.term_months(datetime.date(2026, 10, 15), D(1)) == {2026: 2, 2027: 10}


def test_payments_are_the_services_of_each_provider_times_what_they_serve_without_revenue():
    ontplooj = TariffProvider(
        "Ontplooj",
        {f"begeleiding_{w}": D(1000) for w in W}
        | {f"opbrengst_{w}": D(-500) for w in W}
        | {"werkgeverstaken": D(100), "verloning": D(10), "terugvalfaciliteit": D(50)},
        2026,
    )
    gemeente = TariffProvider("Gemeente", {"werkgeverstaken": D(120), "verloning": D(12)}, 2026)
    sourcing = {f"begeleiding_{w}": ontplooj for w in W} | {"terugvalfaciliteit": ontplooj}
    sourcing |= {"werkgeverstaken": gemeente, "verloning": gemeente}
    people = pd.DataFrame([{"year": 2026, "werksoort": w, "nominal": D(10), "fte": D(8)} for w in W])
    overige = pd.DataFrame([{"year": 2026, "werkgeverstaken": D(4), "verloning": D(6)}])
    paid = payments(sourcing, people, [2026], overige=overige, months={2026: 3})
    # Ontplooj: begeleiding 1.000 × 10 × 3 werksoorten + terugval 50 × 10 × 2 detacheringen = 31.000, for 3 months
    assert sum(paid["Ontplooj"]["begeleiding_beschut"].values()) == D(2500)
    assert sum(sum(s.values()) for s in paid["Ontplooj"].values()) == D(31000) * 3 / 12
    # The gemeente itself: werkgeverstaken 120 × (30 + 4), verloning 12 × (30 + 6), for 3 months
    assert paid["Gemeente"]["werkgeverstaken"][2026] == D(120 * 34) / 4
    assert paid["Gemeente"]["verloning"][2026] == D(12 * 36) / 4


def test_one_purchase_not_sound_makes_the_scenario_not_sound_and_an_unknown_one_unknown():
    def contract(sound):
        return procurement.Contract("X", ("verloning",), D(10), D(1), D(2), procurement.Assessment("r", sound, []))

    assert procurement.combined("r", [contract(True), contract(False), contract(None)]).sound is False
    assert procurement.combined("r", [contract(True), contract(None)]).sound is None
    assert procurement.combined("r", [contract(True)]).sound is True


@pytest.mark.django_db
def test_every_scenario_tests_each_purchase_on_its_own(twenterand):
    results = {r.scenario.kind: r for r in compare(twenterand).results}
    dvo = results[Scenario.Kind.DVO]
    (contract,) = dvo.contracts
    assert contract.provider == "Ontplooj" and len(contract.services) == 9 and contract.term_years == D(10)
    assert contract.value > contract.threshold and contract.sound is False  # renewing without a procedure
    # The own facility keeps detachering at Ontplooj: a purchase, tested as one, not "eigen uitvoering".
    own = results[Scenario.Kind.EIGEN_VOORZIENING]
    assert [c.provider for c in own.contracts] == ["Ontplooj"]
    assert "begeleiding_beschut" not in own.contracts[0].services
    assert own.contracts[0].route == "" and own.contracts[0].sound is False
    assert own.route.sound is False
    # The mix: two purchases (Larcom, Ontplooj), each against the threshold; the gemeente's own payroll is none.
    mix = results[Scenario.Kind.MENGVORM]
    assert sorted(c.provider for c in mix.contracts) == ["Larcom", "Ontplooj"]
    # A purchase is valued over its own term only: no months of the current DVO, no internal costs.
    larcom = results[Scenario.Kind.ANDERE_AANBIEDER]
    assert all(c.provider != "Gemeente Twenterand (eigen uitvoering)" for c in larcom.contracts)


def test_contract_values_are_kept_until_what_they_are_computed_from_changes(twenterand):
    caches["computed"].clear()

    def larcom_value():
        larcom = next(r for r in compare(twenterand).results if r.scenario.kind == Scenario.Kind.ANDERE_AANBIEDER)
        return next(c.value for c in larcom.contracts if c.provider == "Larcom")

    with mock.patch.object(routes, "payments", wraps=routes.payments) as valued:
        before = larcom_value()
        first = valued.call_count
        assert first > 0
        assert larcom_value() == before and valued.call_count == first  # all kept
        cost = OneOffCost.objects.filter(scenario__dossier=twenterand).first()
        cost.amount += 1000
        cost.save()
        assert larcom_value() == before and valued.call_count == first  # a one-off cost is no payment
        tariff = ProviderTariff.objects.get(
            provider__dossier=twenterand, provider__name="Larcom", task="begeleiding_beschut"
        )
        tariff.amount += 100
        tariff.save()
        assert larcom_value() > before  # valued again with the new tariff
        assert valued.call_count > first


@pytest.mark.django_db
def test_scenario_compare_lists_the_contracts(twenterand):
    out = io.StringIO()
    call_command("scenario_compare", dossier="twenterand", stdout=out)
    rows = {row["kind"]: row for row in json.loads(out.getvalue())["scenarios"]}
    (contract,) = rows["dvo_verlengen"]["contracts"]
    assert set(contract) == {
        "provider",
        "services",
        "term_years",
        "renewal_years",
        "own_term",
        "value",
        "threshold",
        "route",
        "sound",
    }
    assert contract["provider"] == "Ontplooj" and contract["term_years"] == "10" and contract["sound"] is False
    assert contract["threshold"] == "750000.00" and D(contract["value"]) > D(contract["threshold"])
