"""The scenario editor's saves: every input edited in place through the generic dossier views, each save answered
with its row and naming the scenarios it changed (whatever page it came from); read-only roles refused, conflicts
that keep the input, bad input refused beside the field in Dutch, new scenarios and one-off costs, and choices the
model does not allow."""

import json
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from dossier.models import ResearchArea
from finance.engine import to_cents
from scenarios import services
from scenarios.models import Provider, ProviderTariff, Scenario, Service, Sourcing, StaffLine
from scenarios.selectors import compare

from .factories import ProviderFactory
from .helpers import BASE, cumulative, htmx, larcom, tariff_post

pytestmark = pytest.mark.django_db


def changed_scenarios(response) -> list[int]:
    """The scenarios a write's answer tells the page to refresh (the `scenario-changed` htmx event)."""
    events = json.loads(response.headers.get("HX-Trigger-After-Settle", "{}"))
    return events.get("scenario-changed", {}).get("scenarios", [])


def test_changing_a_tariff_answers_with_the_row_and_names_every_scenario_it_changed(as_role, twenterand):
    client = as_role("kwartiermaker")
    scenario = larcom(twenterand)
    tariff = ProviderTariff.objects.get(provider__name="Larcom", task="begeleiding_beschut")
    before = cumulative(twenterand, scenario)
    response = client.post(f"{BASE}/tarief/{tariff.pk}/bewerken/", tariff_post(tariff, "9000"), headers=htmx())
    assert response.status_code == 200
    html = response.content.decode()
    assert f'id="tarief-{tariff.pk}"' in html and "€ 9.000" in html
    assert cumulative(twenterand, scenario) > before
    # The result is not guessed into the answer: the page hears which scenarios changed and refreshes them itself.
    assert "scenario-result" not in html
    using_larcom = Scenario.objects.filter(sourcing__provider=tariff.provider).distinct()
    assert changed_scenarios(response) == sorted(s.pk for s in using_larcom) and len(using_larcom) == 2
    assert tariff.history.count() == 2


def test_a_save_is_answered_alike_whatever_page_it_came_from(as_role, twenterand):
    client = as_role("kwartiermaker")
    tariff = ProviderTariff.objects.get(provider__name="Larcom", task="begeleiding_beschut")
    answers = []
    for page in (f"{BASE}/scenarios/aanbieders/", f"{BASE}/scenarios/{larcom(twenterand).pk}/"):
        current = ProviderTariff.objects.get(pk=tariff.pk)
        headers = {"HX-Request": "true", "HX-Current-URL": f"http://testserver{page}"}
        response = client.post(f"{BASE}/tarief/{tariff.pk}/bewerken/", tariff_post(current, "9000"), headers=headers)
        answers.append((response.status_code, changed_scenarios(response), b"scenario-result" in response.content))
    assert answers[0] == answers[1] == (200, answers[0][1], False) and answers[0][1]


@pytest.mark.parametrize("role", ["werkgroep", "college"])
def test_read_only_members_cannot_write_anything_of_a_scenario(as_role, twenterand, role):
    client = as_role(role)
    scenario = larcom(twenterand)
    tariff = ProviderTariff.objects.get(provider__name="Larcom", task="begeleiding_beschut")
    sourcing = scenario.sourcing.first()
    area = ResearchArea.objects.get(dossier=twenterand, number=1)
    posts = [
        (f"{BASE}/tarief/{tariff.pk}/bewerken/", tariff_post(tariff, "1")),
        (f"{BASE}/tarief/{tariff.pk}/verwijderen/", {}),
        (f"{BASE}/inzet/{sourcing.pk}/bewerken/", {"provider": sourcing.provider_id, "expected_version": 1}),
        (f"{BASE}/scenario/{scenario.pk}/bewerken/algemeen/", {"name": "x", "expected_version": 1}),
        (f"{BASE}/scenario/nieuw/", {"name": "x", "kind": "mengvorm"}),
        (f"{BASE}/eenmalig/nieuw/", {"scenario": scenario.pk, "kind": "project", "description": "x", "amount": 1}),
        (f"{BASE}/scenarios/weging/", {f"gewicht_{area.pk}": "100"}),
    ]
    for url, data in posts:
        for headers in ({}, {"HX-Request": "true"}):
            assert client.post(url, data, headers=headers).status_code == 403, url
    assert ProviderTariff.objects.get(pk=tariff.pk).version == tariff.version
    assert not Scenario.objects.filter(name="x").exists()


def test_two_saves_on_one_version_the_second_gets_a_conflict_with_its_input_kept(as_role, twenterand):
    client = as_role("kwartiermaker")
    tariff = ProviderTariff.objects.get(provider__name="Larcom", task="begeleiding_beschut")
    first = client.post(f"{BASE}/tarief/{tariff.pk}/bewerken/", tariff_post(tariff, "8100"), headers=htmx())
    assert first.status_code == 200
    second = client.post(f"{BASE}/tarief/{tariff.pk}/bewerken/", tariff_post(tariff, "7700"), headers=htmx())
    assert second.status_code == 409
    html = second.content.decode()
    assert "Iemand anders heeft dit intussen gewijzigd" in html
    assert 'value="7700"' in html  # the user's own input
    assert "€ 8.100" in html  # what the other person saved
    assert ProviderTariff.objects.get(pk=tariff.pk).amount == Decimal("8100")
    # Saving again (the form now carries the new version) overwrites deliberately.
    retry = client.post(
        f"{BASE}/tarief/{tariff.pk}/bewerken/", tariff_post(tariff, "7700", version=tariff.version + 1), headers=htmx()
    )
    assert retry.status_code == 200 and ProviderTariff.objects.get(pk=tariff.pk).amount == Decimal("7700")


def test_scenario_sections_conflict_too(as_role, twenterand):
    client = as_role("kwartiermaker")
    scenario = larcom(twenterand)
    url = f"{BASE}/scenario/{scenario.pk}/bewerken/algemeen/"
    data = {
        "name": scenario.name,
        "kind": scenario.kind,
        "description": "Eerste",
        "start_date": "2026-10-01",
        "horizon_end": "2033",
        "expected_version": scenario.version,
    }
    assert client.post(url, data, headers=htmx()).status_code == 200
    response = client.post(url, {**data, "description": "Tweede"}, headers=htmx())
    assert response.status_code == 409 and "Tweede" in response.content.decode()
    assert Scenario.objects.get(pk=scenario.pk).description == "Eerste"


@pytest.mark.parametrize(
    ("url", "data", "field", "message"),
    [
        (
            "personeel/nieuw/",
            {"role": "Begeleider", "fte": "-1", "cost_per_fte": "60000"},
            "fte",
            "minstens 0",
        ),
        (
            "tarief/nieuw/",
            {"task": "werkfit", "amount": "abc", "status": "aanname"},
            "amount",
            "Vul een bedrag in, bijvoorbeeld 4.495,50",
        ),
    ],
)
def test_bad_provider_input_rerenders_with_the_input_and_a_dutch_error(as_role, twenterand, url, data, field, message):
    provider = Provider.objects.get(dossier=twenterand, name="Eigen voorziening nieuw beschut")
    if url.startswith("tarief"):
        provider = Provider.objects.get(dossier=twenterand, name="Larcom")
    before = (StaffLine.objects.count(), ProviderTariff.objects.count())
    client = as_role("kwartiermaker")
    for headers, status in (({"HX-Request": "true"}, 200), ({}, 400)):
        response = client.post(f"{BASE}/{url}", {**data, "provider": provider.pk}, headers=headers)
        assert response.status_code == status
        html = response.content.decode()
        assert message in html, html
        assert f'value="{data[field]}"' in html
        assert f'id="id_{field}_error"' in html
    assert (StaffLine.objects.count(), ProviderTariff.objects.count()) == before


def test_a_start_after_the_horizon_is_refused_beside_the_field(as_role, twenterand):
    scenario = larcom(twenterand)
    data = {
        "name": scenario.name,
        "kind": scenario.kind,
        "description": "",
        "start_date": "2035-01-01",
        "horizon_end": "2033",
        "expected_version": scenario.version,
    }
    response = as_role("kwartiermaker").post(f"{BASE}/scenario/{scenario.pk}/bewerken/algemeen/", data)
    assert response.status_code == 400
    html = response.content.decode()
    assert "De horizon eindigt voordat het scenario begint" in html and 'value="2035-01-01"' in html
    assert Scenario.objects.get(pk=scenario.pk).start_date.year == 2026


def test_an_eigen_voorziening_cannot_do_the_payroll(as_role, twenterand):
    scenario = larcom(twenterand)
    row = scenario.sourcing.get(service="verloning")
    own = Provider.objects.get(dossier=twenterand, kind="eigen_voorziening")
    response = as_role("kwartiermaker").post(
        f"{BASE}/inzet/{row.pk}/bewerken/", {"provider": own.pk, "expected_version": row.version}, headers=htmx()
    )
    assert response.status_code == 200 and "levert alleen begeleiding" in response.content.decode()
    assert Sourcing.objects.get(pk=row.pk).provider.name != own.name


def test_changing_who_delivers_a_service_recomputes(as_role, twenterand):
    scenario = larcom(twenterand)
    row = scenario.sourcing.get(service="begeleiding_beschut")
    ontplooj = Provider.objects.get(dossier=twenterand, name="Ontplooj")
    before = cumulative(twenterand, scenario)
    response = as_role("kwartiermaker").post(
        f"{BASE}/inzet/{row.pk}/bewerken/",
        {"provider": ontplooj.pk, "service": "verloning", "expected_version": row.version},  # service is fixed
        headers=htmx(),
    )
    assert response.status_code == 200 and changed_scenarios(response) == [scenario.pk]
    row.refresh_from_db()
    assert row.provider == ontplooj and row.service == "begeleiding_beschut"
    assert cumulative(twenterand, scenario) != before


def test_a_new_scenario_gets_a_provider_for_every_service(as_role, twenterand):
    ontplooj = Provider.objects.get(dossier=twenterand, name="Ontplooj")
    data = {
        "name": "Alles bij Ontplooj tot 2030",
        "kind": "dvo_verlengen",
        "description": "",
        "start_date": "2026-10-01",
        "horizon_end": "2030",
        "provider_for_all": ontplooj.pk,
    }
    response = as_role("kwartiermaker").post(f"{BASE}/scenario/nieuw/", data)
    scenario = Scenario.objects.get(name=data["name"])
    assert response.status_code == 302 and response.url == f"{BASE}/scenarios/{scenario.pk}/"
    assert sorted(scenario.sourcing.values_list("service", flat=True)) == sorted(Service.values)
    result = next(r for r in compare(twenterand).results if r.scenario == scenario)
    assert result.years == list(range(2026, 2031)) and result.cumulative > 0


def test_scenario_create_refuses_sourcing_that_misses_a_service(twenterand):
    ontplooj = Provider.objects.get(dossier=twenterand, name="Ontplooj")
    sourcing = dict.fromkeys(Service.values, ontplooj)
    del sourcing["werkfit"]
    with pytest.raises(ValidationError) as caught:
        services.scenario_create(
            dossier=twenterand, data={"name": "Onvolledig", "kind": "mengvorm"}, user=None, sourcing=sourcing
        )
    assert "Werkfit" in str(caught.value)
    assert not Scenario.objects.filter(name="Onvolledig").exists()


def test_a_choice_from_another_dossier_is_refused(as_role, twenterand):
    from dossier.tests.factories import DossierFactory

    other = DossierFactory()
    foreign = ProviderFactory(dossier=other, name="Elders")
    row = larcom(twenterand).sourcing.get(service="werkfit")
    response = as_role("kwartiermaker").post(
        f"{BASE}/inzet/{row.pk}/bewerken/", {"provider": foreign.pk, "expected_version": row.version}, headers=htmx()
    )
    assert response.status_code == 200 and "Selecteer een geldige keuze" in response.content.decode()
    assert Sourcing.objects.get(pk=row.pk).provider != foreign


def test_adding_a_one_off_cost_appends_it_and_recomputes(as_role, twenterand):
    scenario = larcom(twenterand)
    before = cumulative(twenterand, scenario)
    response = as_role("kwartiermaker").post(
        f"{BASE}/eenmalig/nieuw/",
        {
            "scenario": scenario.pk,
            "kind": "project",
            "description": "Extra projectleider",
            "amount": "50000",
            "year": "2027",
            "status": "aanname",
            "reason": "Aanname",
            "set_by": "Kwartiermaker",
            "set_on": "2026-12-01",
        },
        headers=htmx(),
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert f'hx-swap-oob="beforeend:#eenmalig-list-{scenario.pk}"' in html
    assert changed_scenarios(response) == [scenario.pk]
    assert to_cents(cumulative(twenterand, scenario)) == to_cents(before) + 50000


def test_share_overrides_beyond_the_whole_population_are_refused(as_role, twenterand):
    scenario = larcom(twenterand)
    data = {"share_beschut": "100", "share_groepsdetachering": "", "share_individuele_detachering": ""}
    response = as_role("kwartiermaker").post(
        f"{BASE}/scenario/{scenario.pk}/bewerken/populatie/", {**data, "expected_version": scenario.version}
    )
    assert response.status_code == 400 and "hoogstens 100% is mogelijk" in response.content.decode()
    assert Scenario.objects.get(pk=scenario.pk).share_beschut is None
    assert as_role("college").get(f"{BASE}/scenarios/{scenario.pk}/").status_code == 200


def test_a_garbage_current_url_or_parent_id_is_no_server_error(as_role, twenterand):
    client = as_role("kwartiermaker")
    tariff = ProviderTariff.objects.get(provider__name="Larcom", task="begeleiding_beschut")
    headers = {"HX-Request": "true", "HX-Current-URL": "http://[x"}
    response = client.post(f"{BASE}/tarief/{tariff.pk}/bewerken/", tariff_post(tariff, "9000"), headers=headers)
    assert response.status_code == 200 and b"scenario-result" not in response.content
    assert client.get(f"{BASE}/tarief/nieuw/?provider=²").status_code == 200


def test_a_provider_that_assessments_name_cannot_be_deleted_silently(as_role, twenterand):
    provider = Provider.objects.get(dossier=twenterand, name="Larcom")
    response = as_role("kwartiermaker").post(f"{BASE}/aanbieder/{provider.pk}/verwijderen/", headers=htmx())
    assert response.status_code == 200 and "kan niet worden verwijderd" in response.content.decode()
    assert Provider.objects.filter(pk=provider.pk).exists()
