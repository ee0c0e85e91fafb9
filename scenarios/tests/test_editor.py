"""The scenario editor: every input edited in place through the generic dossier views, each save naming the scenarios
it changed; roles, conflicts, bad input, the weights page, history and query bounds."""

import json
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from dossier.errors import ConflictError
from dossier.kinds import KINDS
from dossier.models import ResearchArea
from dossier.tests.factories import UserFactory
from finance.engine import to_cents
from finance.numbers import input_text
from scenarios import services
from scenarios.models import (
    AreaWeight,
    FunctionAssessment,
    Provider,
    ProviderTariff,
    Scenario,
    Service,
    Sourcing,
    StaffLine,
)
from scenarios.selectors import compare

from .factories import OneOffCostFactory, ProviderFactory, ProviderTariffFactory

pytestmark = pytest.mark.django_db

BASE = "/d/twenterand"


def larcom(dossier):
    return Scenario.objects.get(dossier=dossier, kind="andere_aanbieder")


def htmx():
    return {"HX-Request": "true"}


def tariff_post(tariff, amount, version=None):
    return {
        "provider": tariff.provider_id,
        "task": tariff.task,
        "amount": amount,
        "status": tariff.status,
        "source": tariff.source,
        "locator": tariff.locator,
        "set_by": tariff.set_by,
        "set_on": tariff.set_on.isoformat() if tariff.set_on else "",
        "reason": tariff.reason,
        "expected_version": tariff.version if version is None else version,
    }


def cumulative(dossier, scenario):
    return next(r for r in compare(dossier).results if r.scenario.pk == scenario.pk).cumulative


def test_function_assessments_are_loaded_for_every_scenario_and_function(twenterand):
    for scenario in Scenario.objects.filter(dossier=twenterand):
        assert FunctionAssessment.objects.filter(scenario=scenario).count() == 9


@pytest.mark.parametrize("role", ["kwartiermaker", "werkgroep", "college"])
def test_every_member_reads_the_editor_only_the_kwartiermaker_gets_edit_buttons(as_role, twenterand, role):
    scenario = larcom(twenterand)
    response = as_role(role).get(f"{BASE}/scenarios/{scenario.pk}/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Cumulatief 2026–2033" in html and "Begeleiding beschut werk" in html
    assert ("/tarief/" in html and "/bewerken/" in html) == (role == "kwartiermaker")


def test_the_editor_names_the_scenarios_sections_it_shows_by_their_key(as_role, twenterand):
    scenario = larcom(twenterand)
    html = as_role("kwartiermaker").get(f"{BASE}/scenarios/{scenario.pk}/").content.decode()
    for key in ("algemeen", "populatie", "route"):
        assert f'href="#scenario-{scenario.pk}-{key}"' in html, key


def test_each_element_is_located_on_the_page_its_model_names(twenterand):
    scenario = larcom(twenterand)
    sourcing = Sourcing.objects.filter(scenario=scenario).order_by("pk").first()
    provider = Provider.objects.filter(dossier=twenterand).order_by("pk").first()
    tariff = ProviderTariffFactory(provider=provider)
    weight = AreaWeight.objects.filter(dossier=twenterand).order_by("pk").first()
    detail = f"{BASE}/scenarios/{scenario.pk}/"
    assert KINDS["scenario"].page_url(twenterand, scenario) == detail
    assert KINDS["scenario"].page_url(twenterand) == f"{BASE}/scenarios/"
    assert KINDS["inzet"].page_url(twenterand, sourcing) == f"{detail}#inzet-{sourcing.pk}"
    assert KINDS["eenmalig"].page_url(twenterand, parent=scenario) == detail  # a new one, under its scenario
    assert KINDS["tarief"].page_url(twenterand, tariff).endswith(f"/aanbieders/#tarief-{tariff.pk}")
    assert KINDS["aanbieder"].page_url(twenterand, provider).endswith(f"/aanbieders/#aanbieder-{provider.pk}")
    assert "#" not in KINDS["gewicht"].page_url(twenterand, weight)


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


def test_the_result_endpoint_renders_the_summary_and_the_result_out_of_band(as_role, twenterand):
    response = as_role("college").get(f"{BASE}/scenarios/{larcom(twenterand).pk}/resultaat/")
    assert response.status_code == 200
    html = response.content.decode()
    assert html.lstrip().startswith('<section id="scenario-summary"')
    assert 'id="scenario-result"' in html and 'hx-swap-oob="true"' in html
    assert "Laatste wijziging" not in html  # asked without the figures of a write


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


def weights_post(dossier, values):
    data = {}
    for area in ResearchArea.objects.filter(dossier=dossier):
        weight = AreaWeight.objects.filter(area=area).first()
        data[f"gewicht_{area.pk}"] = values.get(area.number, input_text(weight.weight) if weight else "0")
        data[f"versie_{area.pk}"] = weight.version if weight else ""
        if weight and weight.from_finance:
            data[f"financien_{area.pk}"] = "on"
    return data


def test_weights_must_add_up_to_100(as_role, twenterand):
    client = as_role("kwartiermaker")
    data = weights_post(twenterand, {1: "5"})  # 15 -> 5: together 90
    response = client.post(f"{BASE}/scenarios/weging/", data)
    assert response.status_code == 400
    html = response.content.decode()
    assert "De gewichten tellen samen op tot 90%; samen moeten ze precies 100% zijn." in html
    area = ResearchArea.objects.get(dossier=twenterand, number=1)
    assert f'name="gewicht_{area.pk}" value="5"' in html
    assert AreaWeight.objects.get(area=area).weight == Decimal(15)


def test_weights_are_saved_together_and_change_the_ranking_inputs(as_role, twenterand):
    client = as_role("kwartiermaker")
    response = client.post(f"{BASE}/scenarios/weging/", weights_post(twenterand, {1: "5", 2: "25"}))
    assert response.status_code == 302
    weights = {w.area.number: w.weight for w in AreaWeight.objects.select_related("area")}
    assert weights[1] == 5 and weights[2] == 25 and sum(weights.values()) == 100
    assert compare(twenterand).weights["2"] == 25


def test_weights_conflict_when_someone_else_saved_them(twenterand):
    area = ResearchArea.objects.get(dossier=twenterand, number=1)
    weights = {w.area: w for w in AreaWeight.objects.select_related("area")}
    read = {a: (w.weight, w.from_finance, w.version) for a, w in weights.items()}
    services.weights_set(dossier=twenterand, values={**read, area: (Decimal(15), True, read[area][2])}, user=None)
    with pytest.raises(ConflictError):
        services.weights_set(dossier=twenterand, values=read, user=None)


def test_scenario_changes_are_in_the_history_and_can_be_undone(as_role, twenterand):
    client = as_role("kwartiermaker")
    tariff = ProviderTariff.objects.get(provider__name="Larcom", task="begeleiding_beschut")
    old = tariff.amount
    client.post(f"{BASE}/tarief/{tariff.pk}/bewerken/", tariff_post(tariff, "9000"), headers=htmx())
    history = client.get(f"{BASE}/geschiedenis/?element=tarief:{tariff.pk}").content.decode()
    assert "€ 9.000" in history and "provider tariff" not in history
    record = tariff.history.order_by("-history_id").first()
    response = client.post(f"{BASE}/geschiedenis/providertariff/{record.history_id}/terugdraaien/")
    assert response.status_code == 302
    assert ProviderTariff.objects.get(pk=tariff.pk).amount == old
    assert client.get(f"{BASE}/geschiedenis/?soort=gewicht").status_code == 200


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


def test_the_editor_reads_a_bounded_number_of_queries(as_role, twenterand):
    client = as_role("kwartiermaker")
    scenario = larcom(twenterand)
    url = f"{BASE}/scenarios/{scenario.pk}/"
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    larcom_provider = Provider.objects.get(dossier=twenterand, name="Larcom")
    for i in range(20):
        OneOffCostFactory(dossier=twenterand, scenario=scenario)
    for task in ("werkgeverstaken", "verloning"):
        ProviderTariffFactory(dossier=twenterand, provider=larcom_provider, task=task)
    with CaptureQueriesContext(connection) as many:
        assert client.get(url).status_code == 200
    assert len(many) == len(few), [q["sql"] for q in many.captured_queries]
    assert len(few) <= 40


def test_the_result_endpoint_reads_a_bounded_number_of_queries(as_role, twenterand):
    client = as_role("kwartiermaker")
    url = f"{BASE}/scenarios/{larcom(twenterand).pk}/resultaat/"
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        client.get(url)
    assert len(queries) <= 25


def test_the_providers_page_shows_each_provider_and_where_it_is_used(as_role, twenterand):
    html = as_role("werkgroep").get(f"{BASE}/scenarios/aanbieders/").content.decode()
    for provider in Provider.objects.filter(dossier=twenterand):
        assert provider.name in html
    assert "Gebruikt in" in html


def test_an_unknown_scenario_is_404(as_role, twenterand):
    assert as_role("kwartiermaker").get(f"{BASE}/scenarios/99999/").status_code == 404
    assert UserFactory  # factories are importable for other tests


def test_one_off_costs_include_the_start_up_of_an_eigen_voorziening(twenterand):
    scenario = Scenario.objects.get(dossier=twenterand, kind="eigen_voorziening")
    own = Provider.objects.get(dossier=twenterand, kind="eigen_voorziening")
    result = next(r for r in compare(twenterand).results if r.scenario == scenario)
    costs = sum(c.amount for c in scenario.one_off_costs.all())
    assert own.startup > 0 and result.one_off == costs + own.startup
    assert to_cents(result.result.per_year.loc[own.startup_year, "extra"]) >= own.startup


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


def test_a_weight_change_cannot_be_undone_on_its_own(as_role, twenterand):
    client = as_role("kwartiermaker")
    client.post(f"{BASE}/scenarios/weging/", weights_post(twenterand, {1: "5", 2: "25"}))
    record = AreaWeight.history.filter(history_type="~").order_by("-history_id").first()
    assert client.post(f"{BASE}/geschiedenis/areaweight/{record.history_id}/terugdraaien/").status_code == 404
    assert sum(w.weight for w in AreaWeight.objects.all()) == 100


def test_a_weights_post_without_the_versions_read_is_refused(as_role, twenterand):
    data = {k: v for k, v in weights_post(twenterand, {1: "5", 2: "25"}).items() if not k.startswith("versie_")}
    response = as_role("kwartiermaker").post(f"{BASE}/scenarios/weging/", data)
    assert response.status_code == 400
    assert AreaWeight.objects.get(area__number=1).weight == 15


def test_a_provider_that_assessments_name_cannot_be_deleted_silently(as_role, twenterand):
    provider = Provider.objects.get(dossier=twenterand, name="Larcom")
    response = as_role("kwartiermaker").post(f"{BASE}/aanbieder/{provider.pk}/verwijderen/", headers=htmx())
    assert response.status_code == 200 and "kan niet worden verwijderd" in response.content.decode()
    assert Provider.objects.filter(pk=provider.pk).exists()


def test_the_scenario_xlsx_survives_control_characters(as_role, twenterand):
    scenario = larcom(twenterand)
    Scenario.objects.filter(pk=scenario.pk).update(name="Larcom\x0b variant")
    response = as_role("college").get(f"{BASE}/scenarios/{scenario.pk}/?formaat=xlsx")
    assert response.status_code == 200
    assert as_role("college").get(f"{BASE}/scenarios/vergelijking/?formaat=xlsx").status_code == 200


def test_the_editor_lists_its_sections_so_keyboard_users_can_jump(as_role, twenterand):
    import re

    client = as_role("college")
    scenario = larcom(twenterand)
    html = client.get(f"/d/twenterand/scenarios/{scenario.pk}/").content.decode()
    toc = html[html.index('<nav class="page-toc"') : html.index("</nav>", html.index('<nav class="page-toc"'))]
    targets = re.findall(r'href="#([^"]+)"', toc)
    assert len(targets) == 10 and "Op deze pagina" in toc
    for target in targets:
        assert f'id="{target}"' in html, target


def test_a_changed_stored_tariff_or_index_is_in_the_next_computation(twenterand):
    """The engine reads tariff sets, index rates and parameters from the reference cache; a change
    made through the application (admin, loader) is in the very next computation."""
    from finance.models import IndexRate, Tariff

    dvo = Scenario.objects.get(dossier=twenterand, kind=Scenario.Kind.DVO)
    before = cumulative(twenterand, dvo)
    tariff = Tariff.objects.get(tariff_set__key="ontplooj-begroting-2024", task="begeleiding_beschut")
    tariff.amount += 1000
    tariff.save()
    raised = cumulative(twenterand, dvo)
    assert raised > before
    rate = IndexRate.objects.get(series="ambtenarensalarissen", year=2027)
    rate.rate += Decimal("0.05")
    rate.save()
    assert cumulative(twenterand, dvo) != raised
