"""The scenario editor as it is read: every member reads it (only the kwartiermaker gets edit buttons), its sections
by key and for keyboard users, where each element is located, the result endpoint, the providers page, the xlsx,
a bounded number of queries, and what the computation reads (one-off start-up costs, stored tariffs and index
rates)."""

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from dossier.kinds import KINDS
from dossier.tests.factories import UserFactory
from finance.engine import to_cents
from scenarios.models import AreaWeight, FunctionAssessment, Provider, Scenario, Sourcing
from scenarios.selectors import compare

from .factories import OneOffCostFactory, ProviderTariffFactory
from .helpers import BASE, cumulative, larcom

pytestmark = pytest.mark.django_db


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


def test_the_result_endpoint_renders_the_summary_and_the_result_out_of_band(as_role, twenterand):
    response = as_role("college").get(f"{BASE}/scenarios/{larcom(twenterand).pk}/resultaat/")
    assert response.status_code == 200
    html = response.content.decode()
    assert html.lstrip().startswith('<section id="scenario-summary"')
    assert 'id="scenario-result"' in html and 'hx-swap-oob="true"' in html
    assert "Laatste wijziging" not in html  # asked without the figures of a write


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
