"""The second gemeente (Tubbergen, of the same DVO): its fixture holds what the documents give for it and owns
every assumption; `make run` loads it beside Twenterand; its members and Twenterand's are kept apart."""

import datetime
import io
import json
import subprocess
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.urls import reverse

from dossier.models import (
    Citation,
    Deelproduct,
    Dossier,
    InfrastructureFunction,
    Membership,
    PopulationBaseline,
    ResearchArea,
    Role,
)
from dossier.navigation import NAVIGATION
from scenarios.models import Provider, ProviderTariff, Scenario

from .factories import MembershipFactory

ROOT = Path(settings.BASE_DIR)
FIXTURE = ROOT / "fixtures" / "tubbergen"


def load_tubbergen():
    out = io.StringIO()
    call_command("load_finance_reference", stdout=out)
    call_command("load_dossier", str(FIXTURE), stdout=out)
    call_command("load_scenarios", str(FIXTURE / "scenarios.json"), dossier="tubbergen", stdout=out)
    return Dossier.objects.get(slug="tubbergen")


@pytest.fixture
def tubbergen(db):
    return load_tubbergen()


def test_the_tubbergen_fixture_loads_with_the_standard_structure(tubbergen):
    assert tubbergen.gemeente == "Tubbergen" and str(tubbergen.dvo_end) == "2026-10-01"
    assert ResearchArea.objects.filter(dossier=tubbergen).count() == 6
    assert InfrastructureFunction.objects.filter(dossier=tubbergen).count() == 9
    assert Deelproduct.objects.filter(dossier=tubbergen).count() == 4
    assert sorted(Scenario.objects.filter(dossier=tubbergen).values_list("kind", flat=True)) == [
        "andere_aanbieder",
        "dvo_verlengen",
        "eigen_voorziening",
        "mengvorm",
    ]


def test_the_figures_the_documents_give_for_tubbergen_are_cited(tubbergen):
    baseline = PopulationBaseline.objects.get(dossier=tubbergen)
    citations = Citation.objects.filter(object_id=baseline.pk, content_type__model="populationbaseline")
    cited = {c.field: c for c in citations}
    assert baseline.start_count == 14 and "14 te voeren" in cited["start_count"].note
    assert "taakstelling nieuw beschut 2023 Tubbergen: 4" in cited["nieuw_beschut"].note
    assert cited["nieuw_beschut"].locator == "hfst. 4.1, voetnoot 1"
    assert baseline.share_beschut == 1 and baseline.share_groepsdetachering == 0  # Ontplooj: only beschut werk
    assert baseline.tariff_set.key == "ontplooj-begroting-2024"
    area = ResearchArea.objects.get(dossier=tubbergen, number=4)
    assert "10,8%" in area.findings  # its share of the kader, §3.3
    # Tabel 3 and 4 are totals of the five gemeenten: none of their figures is given as Tubbergen's.
    text = (FIXTURE / "dossier.json").read_text(encoding="utf-8")
    for total in ["809", "714", "575", "258", "472", "445", "529"]:
        assert total not in text


def test_every_assumption_of_the_second_gemeente_says_who_when_and_why(tubbergen):
    baseline = PopulationBaseline.objects.get(dossier=tubbergen)
    assert baseline.assumption_by and baseline.assumption_on and "Aannames" in baseline.assumption_reason
    for figure in ["14 medewerkers in 2024", "6,9 medewerkers in 2033", "0 extra plaatsen nieuw beschut"]:
        assert figure in baseline.assumption_reason
    for tariff in ProviderTariff.objects.filter(provider__dossier=tubbergen):
        assert tariff.status == "aanname" and tariff.reason.strip(), tariff
        assert (tariff.set_by, tariff.set_on) == ("Kwartiermaker", datetime.date(2026, 12, 4)), tariff
        assert "Aanname (" not in tariff.reason, tariff  # who and when are fields, not text
    for provider in Provider.objects.filter(dossier=tubbergen):
        assert provider.note.strip(), provider
        assert provider.status == "aanname", provider
        assert (provider.set_by, provider.set_on) == ("Kwartiermaker", datetime.date(2026, 12, 4)), provider
        assert "Aanname (" not in provider.note, provider  # who and when are fields, not text


def test_the_second_fixture_has_no_twenterand_texts_or_real_people():
    for name in ["dossier.json", "scenarios.json"]:
        data = json.loads((FIXTURE / name).read_text(encoding="utf-8"))
        text = json.dumps(data, ensure_ascii=False)
        for person in ["Scholten", "Postma", "Berning"]:
            assert person not in text
        for kern in ["Vriezenveen", "Vroomshoop", "Den Ham", "Larcom"]:
            assert kern not in text, (name, kern)


def test_make_run_loads_both_dossiers():
    dry_run = subprocess.run(["make", "-n", "run"], cwd=ROOT, capture_output=True, text=True, check=True).stdout
    assert "load_dossier fixtures/twenterand" in dry_run
    assert "load_dossier fixtures/tubbergen" in dry_run
    assert "load_scenarios --dossier tubbergen fixtures/tubbergen/scenarios.json" in dry_run
    assert dry_run.index("fixtures/tubbergen/scenarios.json") < dry_run.index("demo_accounts")


def test_the_demo_accounts_keep_a_kwartiermaker_to_one_dossier(twenterand, tubbergen, client):
    out = io.StringIO()
    call_command("demo_accounts", stdout=out)
    assert "Dossiers: Tubbergen (/d/tubbergen/), Twenterand (/d/twenterand/)" in out.getvalue()
    shared = Membership.objects.filter(user__username="kwartiermaker")
    assert sorted(shared.values_list("dossier__slug", flat=True)) == ["tubbergen", "twenterand"]
    own = Membership.objects.filter(user__username="kwartiermaker-tubbergen")
    assert list(own.values_list("dossier__slug", "role")) == [("tubbergen", Role.KWARTIERMAKER)]

    client.force_login(own.get().user)
    listing = client.get("/").content.decode()
    assert "/d/tubbergen/" in listing and "/d/twenterand/" not in listing
    assert client.get("/d/twenterand/").status_code == 404
    client.force_login(shared.first().user)
    listing = client.get("/").content.decode()
    assert "/d/tubbergen/" in listing and "/d/twenterand/" in listing


def test_a_kwartiermaker_of_one_gemeente_sees_no_page_of_the_other(twenterand, tubbergen, client):
    """Authorisation is per dossier: every page in the navigation of the other gemeente is a 404 (not disclosed)."""
    own = MembershipFactory(dossier=twenterand, role=Role.KWARTIERMAKER)
    client.force_login(own.user)
    for entry in (e for group in NAVIGATION for e in group.entries):
        assert client.get(reverse(entry.url_name, kwargs={"slug": "twenterand"})).status_code == 200, entry.url_name
        assert client.get(reverse(entry.url_name, kwargs={"slug": "tubbergen"})).status_code == 404, entry.url_name
    upload = reverse("dossier:finance-projection-upload", kwargs={"slug": "tubbergen"})
    assert client.post(upload, {}).status_code == 404
    template = reverse("dossier:scenario-template", kwargs={"slug": "tubbergen"})
    assert client.post(template).status_code == 404


def test_the_projection_of_tubbergen_computes_and_names_its_own_anchor_years(tubbergen, client):
    client.force_login(MembershipFactory(dossier=tubbergen, role=Role.COLLEGE).user)
    page = client.get(reverse("dossier:finance-projection", kwargs={"slug": "tubbergen"})).content.decode()
    assert "Ankerjaren: 14 in 2024 en 6,9 in 2033" in page
    assert "238 in 2024" not in page and "nog geen uitgangssituatie" not in page


def test_tubbergen_pays_no_werkgeverstaken_to_ontplooj_in_its_forecast(tubbergen, client):
    """SPN does Tubbergen's werkgeverstaken (Berenschot 3.2, table 1): its forecast counts only what it buys."""
    from dossier.projection import projection
    from finance.models import Tariff

    baseline = PopulationBaseline.objects.get(dossier=tubbergen)
    assert set(baseline.services) == {"begeleiding_beschut", "verloning", "terugvalfaciliteit"}
    bought = projection(baseline, with_charts=False).result.per_year.loc[2024, "totaal_bijdrage"]
    baseline.services = list(baseline.services) + ["werkgeverstaken"]
    with_them = projection(baseline, with_charts=False).result.per_year.loc[2024, "totaal_bijdrage"]
    # 2024 is the tariff set's year (index factor 1) and its volume (fixed share ×1): 14 people × the tariff.
    tariff = Tariff.objects.get(tariff_set=baseline.tariff_set, task="werkgeverstaken").amount
    assert with_them - bought == 14 * tariff

    client.force_login(MembershipFactory(dossier=tubbergen, role=Role.COLLEGE).user)
    page = client.get(reverse("dossier:finance-projection", kwargs={"slug": "tubbergen"})).content.decode()
    assert "Niet afgenomen bij de aanbieder" in page and "werkgeverstaken" in page
    assert "Begeleiding beschut werk, Verloning, Terugvalfaciliteit" in page and "[&#x27;" not in page
