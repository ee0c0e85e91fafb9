"""A dossier created from the template (standard structure, standard scenarios) before its kwartiermaker has filled
in the baseline: every page answers, and the pages with figures say what is missing and who fills it in."""

import html
import io
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.urls import reverse

from documents import services
from dossier.loading import dossier_add_standard_structure
from dossier.models import Deelproduct, InfrastructureFunction, PopulationBaseline, ResearchArea, Role
from dossier.navigation import NAVIGATION
from finance.models import TariffSet
from scenarios.loading import scenarios_from_template
from scenarios.models import AreaWeight, Provider, Scenario

from .factories import DossierFactory, MembershipFactory

MESSAGE = "Deze gemeente heeft nog geen uitgangssituatie:"
# The pages with figures that depend on the baseline; the others do not show the message.
WITH_MESSAGE = {
    "dossier:overview",
    "dossier:finance-projection",
    "dossier:scenario-list",
    "dossier:weights",
    "dossier:scenario-comparison",
    "dossier:documents",
    "dossier:proposal",
}


@pytest.fixture
def almelo_like(db):
    """A new gemeente's dossier as beheer and the kwartiermaker make it: the standard structure and scenarios."""
    call_command("load_finance_reference", stdout=io.StringIO())
    dossier = DossierFactory(slug="wierden", gemeente="Wierden")
    dossier_add_standard_structure(dossier=dossier)
    scenarios_from_template(dossier=dossier)
    return dossier


@pytest.fixture
def people(almelo_like):
    return {
        role: MembershipFactory(dossier=almelo_like, role=role)
        for role in (Role.KWARTIERMAKER, Role.WERKGROEP, Role.COLLEGE)
    }


def test_the_template_gives_the_standard_structure_and_scenarios(almelo_like):
    assert list(ResearchArea.objects.filter(dossier=almelo_like).values_list("number", flat=True)) == [1, 2, 3, 4, 5, 6]
    assert InfrastructureFunction.objects.filter(dossier=almelo_like).count() == 9
    assert Deelproduct.objects.filter(dossier=almelo_like).count() == 4
    scenarios = Scenario.objects.filter(dossier=almelo_like)
    assert [s.kind for s in scenarios] == ["dvo_verlengen", "andere_aanbieder", "eigen_voorziening", "mengvorm"]
    assert all(s.sourcing.count() == 9 for s in scenarios)
    names = set(Provider.objects.filter(dossier=almelo_like).values_list("name", flat=True))
    assert "Gemeente Wierden (eigen uitvoering)" in names and "Ontplooj" in names
    assert sum(w.weight for w in AreaWeight.objects.filter(dossier=almelo_like)) == 100
    texts = " ".join(
        [*(s.description + s.route_reasoning for s in scenarios), *(p.note for p in Provider.objects.all())]
    )
    assert "{gemeente}" not in texts and "{datum}" not in texts
    for word in ["Twenterand", "Larcom", "Vriezenveen"]:
        assert word not in texts
    assert not PopulationBaseline.objects.filter(dossier=almelo_like).exists()


def test_the_template_is_applied_once(almelo_like):
    assert scenarios_from_template(dossier=almelo_like) == 0
    assert Scenario.objects.filter(dossier=almelo_like).count() == 4


def test_load_scenarios_template_from_the_command_line(db):
    call_command("load_finance_reference", stdout=io.StringIO())
    dossier = DossierFactory(slug="dinkelland", gemeente="Dinkelland")
    dossier_add_standard_structure(dossier=dossier)
    out = io.StringIO()
    call_command("load_scenarios", dossier="dinkelland", template=True, stdout=out)
    assert "4 scenario's geladen voor 'dinkelland'" in out.getvalue()
    assert Provider.objects.filter(dossier=dossier, name="Gemeente Dinkelland (eigen uitvoering)").exists()


def test_the_kwartiermaker_adds_the_standard_scenarios_from_the_scenario_page(db, client):
    call_command("load_finance_reference", stdout=io.StringIO())
    dossier = DossierFactory(slug="wierden", gemeente="Wierden")
    dossier_add_standard_structure(dossier=dossier)
    url = reverse("dossier:scenario-template", kwargs={"slug": "wierden"})
    for role in (Role.WERKGROEP, Role.COLLEGE):
        client.force_login(MembershipFactory(dossier=dossier, role=role).user)
        assert client.get(reverse("dossier:scenario-list", kwargs={"slug": "wierden"})).status_code == 200
        assert "Standaardscenario" not in client.get("/d/wierden/scenarios/").content.decode()
        assert client.post(url).status_code == 403
    assert not Scenario.objects.filter(dossier=dossier).exists()
    client.force_login(MembershipFactory(dossier=dossier, role=Role.KWARTIERMAKER).user)
    assert "Standaardscenario's toevoegen" in html.unescape(client.get("/d/wierden/scenarios/").content.decode())
    response = client.post(url, follow=True)
    assert "De 4 standaardscenario's zijn toegevoegd." in html.unescape(response.content.decode())
    assert Scenario.objects.filter(dossier=dossier).count() == 4
    again = html.unescape(client.post(url, follow=True).content.decode())
    assert "Dit dossier heeft al scenario's; er is niets toegevoegd." in again
    assert Scenario.objects.filter(dossier=dossier).count() == 4


@pytest.mark.parametrize("role", [Role.KWARTIERMAKER, Role.WERKGROEP, Role.COLLEGE])
def test_every_page_of_the_navigation_answers_and_says_what_is_missing(almelo_like, people, client, role):
    client.force_login(people[role].user)
    for entry in (e for group in NAVIGATION for e in group.entries):
        response = client.get(reverse(entry.url_name, kwargs={"slug": "wierden"}))
        assert response.status_code == 200, entry.url_name
        page = response.content.decode()
        if entry.url_name in WITH_MESSAGE:
            assert MESSAGE in page, entry.url_name
            assert "kwartiermaker vult de uitgangssituatie in" in page, entry.url_name
            if entry.url_name != "dossier:finance-projection":
                assert 'href="/d/wierden/financien/projectie/">Naar de projectie</a>' in page, entry.url_name
    for scenario in Scenario.objects.filter(dossier=almelo_like):
        page = client.get(reverse("dossier:scenario-detail", kwargs={"slug": "wierden", "pk": scenario.pk}))
        assert page.status_code == 200 and MESSAGE in page.content.decode(), scenario
    xlsx = client.get(reverse("dossier:scenario-comparison", kwargs={"slug": "wierden"}) + "?formaat=xlsx")
    assert xlsx.status_code == 200


def test_the_documents_of_a_version_without_baseline_say_so_and_do_not_crash(almelo_like, people, client):
    version = services.version_publish(membership=people[Role.KWARTIERMAKER], status="concept")
    client.force_login(people[Role.COLLEGE].user)
    for document in ("collegevoorstel", "beslisdocument", "lokaal-plan"):
        preview = client.get(reverse("dossier:document-preview", args=["wierden", version.number, document]))
        assert preview.status_code == 200 and MESSAGE in preview.content.decode(), document
    pdf = client.get(reverse("dossier:document-pdf", args=["wierden", version.number, "collegevoorstel"]))
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    assert bytes(pdf.content).startswith(b"%PDF")


def test_only_the_kwartiermaker_is_offered_the_baseline_form(almelo_like, people, client):
    url = reverse("dossier:finance-projection", kwargs={"slug": "wierden"})
    for role in (Role.WERKGROEP, Role.COLLEGE):
        client.force_login(people[role].user)
        page = client.get(url).content.decode()
        assert "Uitgangssituatie invullen" not in page and 'type="file"' not in page
        assert client.post(url, {"opslaan": "1", "start_count": "10"}).status_code == 403
    client.force_login(people[Role.KWARTIERMAKER].user)
    page = client.get(url).content.decode()
    assert "Uitgangssituatie invullen" in page and 'type="file"' in page
    assert "Downloaden als xlsx" not in page  # nothing to download yet


def _filled(tariff_set, **changes):
    data = {
        "tariff_set": str(tariff_set.pk),
        "services": ["begeleiding_beschut", "verloning", "werkgeverstaken"],
        "start_year": "2024",
        "start_count": "120",
        "end_year": "2033",
        "end_count": "60",
        "method": "linear",
        "first_year": "2024",
        "last_year": "2033",
        "nieuw_beschut": "5",
        "nieuw_beschut_growth": "0",
        "nieuw_beschut_at_provider": "100",
        "share_beschut": "20",
        "share_groepsdetachering": "5",
        "share_individuele_detachering": "5",
        "share_overige": "30",
        "share_overige_werkgeverstaken": "0",
        "provider_share": "",
        "fte_beschut": "79,7",
        "fte_groepsdetachering": "93,8",
        "fte_individuele_detachering": "83,9",
        "index_series": "ambtenarensalarissen",
        "future_index": "3",
        "fixed_share": "0",
        "assumption_by": "Kwartiermaker Wierden",
        "assumption_on": "2026-12-04",
        "assumption_reason": "Aanname: eerste raming.",
        "opslaan": "1",
    }
    return data | changes


def test_the_kwartiermaker_fills_in_the_baseline_by_hand(almelo_like, people, client):
    client.force_login(people[Role.KWARTIERMAKER].user)
    url = reverse("dossier:finance-projection", kwargs={"slug": "wierden"})
    tariff_set = TariffSet.objects.get(key="ontplooj-dvo-2023")
    bad = client.post(url, _filled(tariff_set, start_count="veel", share_overige="90"))
    assert bad.status_code == 400
    page = bad.content.decode()
    assert "Er is niets opgeslagen." in page and 'value="veel"' in page
    assert not PopulationBaseline.objects.filter(dossier=almelo_like).exists()
    response = client.post(url, _filled(tariff_set), follow=True)
    assert "De uitgangssituatie is opgeslagen." in response.content.decode()
    baseline = PopulationBaseline.objects.get(dossier=almelo_like)
    assert baseline.start_count == 120 and baseline.share_overige == Decimal("0.3")
    page = client.get(url).content.decode()
    assert MESSAGE not in page and "Resultaat in het kort" in page
    comparison = client.get(reverse("dossier:scenario-comparison", kwargs={"slug": "wierden"}))
    assert MESSAGE not in comparison.content.decode()


def test_the_projection_without_baseline_costs_a_bounded_number_of_queries(
    almelo_like, people, client, django_assert_max_num_queries
):
    client.force_login(people[Role.KWARTIERMAKER].user)
    url = reverse("dossier:finance-projection", kwargs={"slug": "wierden"})
    client.get(url)
    with django_assert_max_num_queries(14):
        assert client.get(url).status_code == 200
