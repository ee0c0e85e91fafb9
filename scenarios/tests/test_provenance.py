"""Every figure the calculations use is sourced (a document and the place in it) or owned (an assumption with who, as
a role, when and why): the models refuse anything less, the loaders name a refused row, the Twenterand fixture
complies, the editor shows who and when beside each figure and makes a changed assumption the editor's own."""

import copy
import datetime
import json
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from finance.loading import ReferenceDataError, reference_load
from finance.models import Headcount, IndexRate, Parameter, PrintedFigure, TariffSet
from scenarios import procurement
from scenarios.loading import ScenarioDataError, scenarios_load
from scenarios.models import (
    AreaWeight,
    OneOffCost,
    Provider,
    ProviderTariff,
    ProviderTurnover,
    Scenario,
    StabilityImpact,
    StaffLine,
)

pytestmark = pytest.mark.django_db

BASE = "/d/twenterand"
FIGURES = (Provider, ProviderTariff, StaffLine, OneOffCost, ProviderTurnover, StabilityImpact)
REFERENCE = (TariffSet, PrintedFigure, IndexRate, Parameter, Headcount)


def larcom_tariff():
    return ProviderTariff.objects.get(provider__name="Larcom", task="begeleiding_beschut")


def post_of(tariff, **changes):
    data = {
        "task": tariff.task,
        "amount": str(tariff.amount),
        "status": tariff.status,
        "source": tariff.source,
        "locator": tariff.locator,
        "set_by": tariff.set_by,
        "set_on": tariff.set_on.isoformat() if tariff.set_on else "",
        "reason": tariff.reason,
        "expected_version": tariff.version,
    }
    return {**data, **changes}


# The rule, on the model


def test_a_sourced_figure_without_the_place_in_its_source_is_refused(twenterand):
    tariff = larcom_tariff()
    tariff.status, tariff.source, tariff.locator = "offerte", "Offerte Larcom", ""
    with pytest.raises(ValidationError) as refused:
        tariff.full_clean()
    assert set(refused.value.message_dict) == {"locator"}
    tariff.locator = "12 november 2026, p. 3"
    tariff.full_clean()


@pytest.mark.parametrize("missing", ["set_by", "set_on", "reason"])
def test_an_assumption_without_who_when_or_why_is_refused(twenterand, missing):
    tariff = larcom_tariff()
    setattr(tariff, missing, None if missing == "set_on" else "  ")
    with pytest.raises(ValidationError) as refused:
        tariff.full_clean()
    assert set(refused.value.message_dict) == {missing}


def test_the_database_refuses_what_clean_would_refuse(twenterand):
    scenario = Scenario.objects.get(dossier=twenterand, kind="andere_aanbieder")
    with pytest.raises(IntegrityError), transaction.atomic():
        OneOffCost.objects.create(
            dossier=twenterand, scenario=scenario, kind="project", description="x", amount=1, year=2027, reason="?"
        )
    with pytest.raises(IntegrityError), transaction.atomic():
        Parameter.objects.filter(key="drempel_sociale_diensten").update(locator="")


def test_reference_figures_follow_the_same_rule():
    rate = IndexRate(series="cao", year=2025, rate="0.03", status="bron", source="Berenschot 2024")
    with pytest.raises(ValidationError) as refused:
        rate.full_clean()
    assert "locator" in refused.value.message_dict
    rate.status, rate.set_by, rate.set_on = "aanname", "Ambtelijke werkgroep – Financiën", "2026-11-22"
    rate.note = "Cao-afspraak, nog niet gepubliceerd"
    rate.full_clean()


# The Twenterand fixture

OWNERS = {"Kwartiermaker", "Ambtelijke werkgroep – Financiën", "Ambtelijke werkgroep – Juridisch"}


def test_every_figure_of_the_twenterand_fixture_is_sourced_or_owned(twenterand):
    checked = 0
    for model in (*FIGURES, *REFERENCE):
        for row in model.objects.all():
            assert row.provenance_errors() == {}, (model.__name__, row.pk, str(row))
            if row.is_assumption:
                assert row.set_by and row.set_on and row.why.strip(), (model.__name__, str(row))
                assert row.set_by in OWNERS, row.set_by  # a role, never a person's name
            else:
                assert row.source and row.locator, (model.__name__, str(row))
            checked += 1
    assert checked > 200


def test_the_fixture_cites_no_place_that_does_not_say_it(twenterand):
    exits = OneOffCost.objects.filter(dossier=twenterand, kind="exit")
    assert exits.count() == 2
    for cost in exits:
        # Berenschot 7.9 names the risico-opslag that protects Almelo, no exit payment and no amount.
        assert cost.is_assumption and "risico-opslag" in cost.reason and "niet op te maken" in cost.reason
    assert not ProviderTurnover.objects.filter(dossier=twenterand).exists()  # Ontplooj's turnover per buyer: unknown
    threshold = Parameter.objects.get(key="drempel_sociale_diensten")
    assert threshold.status == "bron" and "art. 4 onder d" in threshold.locator and "2.39" in threshold.locator
    for key in ("discontovoet", "horizon_start", "horizon_end"):
        parameter = Parameter.objects.get(key=key)
        assert parameter.is_assumption and parameter.set_by == "Kwartiermaker"
        assert parameter.set_on == datetime.date(2026, 11, 22)


# The loaders


def scenarios_data():
    return json.loads(Path("fixtures/twenterand/scenarios.json").read_text(encoding="utf-8"))


def emptied(dossier):
    """The dossier without what the scenario loader fills (it only fills a dossier without scenarios)."""
    Scenario.objects.filter(dossier=dossier).delete()
    Provider.objects.filter(dossier=dossier).delete()
    AreaWeight.objects.filter(dossier=dossier).delete()
    return dossier


def test_a_scenario_row_that_claims_a_source_without_a_place_stops_the_whole_load(twenterand):
    emptied(twenterand)
    data = scenarios_data()
    row = data["scenarios"][1]["one_off"][1]
    row.update(status="bron", source="Berenschot 2024", locator="")
    with pytest.raises(ScenarioDataError) as refused:
        scenarios_load(dossier=twenterand, data=data)
    message = refused.value.message
    assert message.startswith('scenarios[2] "Larcom voor beschut werk en detachering" › one_off[2] "Afrekening')
    assert "locator:" in message and "\n" not in message
    assert not Scenario.objects.filter(dossier=twenterand).exists()
    assert not Provider.objects.filter(dossier=twenterand).exists()  # all or nothing


def test_a_staff_line_without_who_stops_the_load_naming_the_row(twenterand):
    emptied(twenterand)
    data = copy.deepcopy(scenarios_data())
    data["providers"][3]["staff"][0]["set_by"] = ""
    with pytest.raises(ScenarioDataError) as refused:
        scenarios_load(dossier=twenterand, data=data)
    assert 'providers[4] "Eigen voorziening nieuw beschut" › staff[1] "begeleider": set_by:' in refused.value.message


def test_a_reference_row_that_breaks_the_rule_is_named_and_nothing_is_loaded(tmp_path):
    text = Path("fixtures/finance/reference.json").read_text(encoding="utf-8")
    data = json.loads(text)
    horizon = next(p for p in data["parameters"] if p["key"] == "horizon_end")
    horizon["set_by"] = ""
    path = tmp_path / "reference.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(ReferenceDataError) as refused:
        reference_load(path)
    position = data["parameters"].index(horizon) + 1
    assert f'parameters[{position}] "horizon_end": set_by:' in str(refused.value)
    assert not TariffSet.objects.exists() and not Parameter.objects.exists()


# The editor


def test_the_providers_page_shows_who_and_when_beside_each_assumption(as_role, twenterand):
    html = as_role("college").get(f"{BASE}/scenarios/aanbieders/").content.decode()
    assert '<span class="badge">Aanname</span> · Kwartiermaker · 22 november 2026' in html
    assert "Integrale loonkosten per fte van een werkbegeleider" in html  # the why, behind a disclosure


def test_the_scenario_page_shows_the_provenance_of_costs_and_stability(as_role, twenterand):
    scenario = Scenario.objects.get(dossier=twenterand, kind="andere_aanbieder")
    html = as_role("werkgroep").get(f"{BASE}/scenarios/{scenario.pk}/").content.decode()
    assert html.count("· Kwartiermaker · 22 november 2026") >= 7  # three one-off costs, four kernen
    assert "Berenschot hfst. 7.9 zegt alleen" in html


def test_a_new_value_for_an_assumption_makes_it_the_editors_of_today(as_role, twenterand):
    tariff = larcom_tariff()
    response = as_role("kwartiermaker").post(
        f"{BASE}/tarief/{tariff.pk}/bewerken/", post_of(tariff, amount="8.100"), headers={"HX-Request": "true"}
    )
    assert response.status_code == 200, response.content.decode()
    saved = ProviderTariff.objects.get(pk=tariff.pk)
    assert (saved.amount, saved.set_by, saved.set_on) == (8100, "Kwartiermaker", timezone.localdate())
    assert f"Kwartiermaker · {timezone.localdate():%-d}" in response.content.decode()


def test_who_and_when_typed_with_the_new_value_are_kept(as_role, twenterand):
    tariff = larcom_tariff()
    data = post_of(tariff, amount="8.100", set_by="Ambtelijke werkgroep – Financiën", set_on="2026-11-30")
    as_role("kwartiermaker").post(f"{BASE}/tarief/{tariff.pk}/bewerken/", data, headers={"HX-Request": "true"})
    saved = ProviderTariff.objects.get(pk=tariff.pk)
    assert (saved.set_by, saved.set_on) == ("Ambtelijke werkgroep – Financiën", datetime.date(2026, 11, 30))


def test_a_new_figure_is_prefilled_as_the_editors_assumption_of_today(as_role, twenterand):
    provider = Provider.objects.get(dossier=twenterand, name="Larcom")
    html = as_role("kwartiermaker").get(f"{BASE}/tarief/nieuw/?provider={provider.pk}").content.decode()
    assert 'name="set_by" value="Kwartiermaker"' in html
    assert f'name="set_on" value="{timezone.localdate().isoformat()}"' in html


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"set_by": "", "amount": "7.799"}, "set_by", "Een aanname noemt wie haar heeft vastgesteld"),
        ({"status": "offerte", "source": "Offerte Larcom", "locator": ""}, "locator", "noemt de vindplaats"),
        ({"reason": ""}, "reason", "Een aanname zegt waarom"),
    ],
)
def test_a_figure_without_its_provenance_is_refused_beside_the_field(as_role, twenterand, changes, field, message):
    tariff = larcom_tariff()
    for headers, status in (({"HX-Request": "true"}, 200), ({}, 400)):
        response = as_role("kwartiermaker").post(
            f"{BASE}/tarief/{tariff.pk}/bewerken/", post_of(tariff, **changes), headers=headers
        )
        assert response.status_code == status
        html = response.content.decode()
        assert f'id="id_{field}_error"' in html and message in html, html
    assert ProviderTariff.objects.get(pk=tariff.pk).version == tariff.version  # nothing saved


# The procurement check without the data to decide


def test_quasi_inbesteden_without_turnover_is_unknown_not_sound():
    unknown = procurement.assess(
        "quasi_inbesteden",
        buyer="Almelo",
        controlling={"Almelo"},
        turnover={},
        activity_threshold=procurement.Decimal("0.8"),
        value=procurement.Decimal(0),
        threshold=procurement.Decimal(750000),
    )
    assert unknown.sound is None and "onbekend — uit te zoeken" in unknown.reasons[1]
    not_controlling = procurement.assess(
        "quasi_inbesteden",
        buyer="Twenterand",
        controlling={"Almelo"},
        turnover={},
        activity_threshold=procurement.Decimal("0.8"),
        value=procurement.Decimal(0),
        threshold=procurement.Decimal(750000),
    )
    assert not_controlling.sound is False


def test_a_scenario_on_quasi_inbesteden_without_turnover_is_flagged_and_its_json_sound_is_null(twenterand):
    from scenarios.selectors import compare

    scenario = Scenario.objects.get(dossier=twenterand, kind="dvo_verlengen")
    Scenario.objects.filter(pk=scenario.pk).update(route="quasi_inbesteden", controlling_authorities="Twenterand")
    result = next(r for r in compare(twenterand).results if r.scenario.pk == scenario.pk)
    assert result.route.sound is None
    assert any("onbekend — uit te zoeken" in str(flag) for flag in result.flags)
    assert result.as_json()["route_sound"] is None


def test_an_assumption_is_owned_by_a_role_never_by_a_name(twenterand):
    from dossier.models import Role
    from dossier.tests.factories import MembershipFactory

    financien = MembershipFactory(dossier=twenterand, role=Role.WERKGROEP, discipline="financien")
    kwartiermaker = MembershipFactory(dossier=twenterand, role=Role.KWARTIERMAKER)
    assert financien.role_label == "Ambtelijke werkgroep – Financiën"
    assert kwartiermaker.role_label == "Kwartiermaker"
