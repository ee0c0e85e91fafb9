"""A second gemeente in the browser: its dossier from the template says what is missing; the kwartiermaker downloads
a projection as xlsx and uploads it as the new dossier's baseline; a wrong file is refused beside the field."""

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from dossier.loading import dossier_add_standard_structure
from dossier.models import Dossier, Membership, PopulationBaseline

from .browser_helpers import assert_accessible

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def wierden(twenterand):
    dossier = Dossier.objects.create(slug="wierden", gemeente="Wierden", title="Toekomst sw Wierden")
    dossier_add_standard_structure(dossier=dossier)
    call_command("demo_accounts", stdout=open("/dev/null", "w"))  # noqa: SIM115 - members of every dossier
    assert Membership.objects.filter(dossier=dossier, user__username="kwartiermaker").exists()
    return dossier


def test_the_kwartiermaker_gives_a_new_gemeente_its_baseline_from_an_xlsx(login, live_server, wierden, tmp_path):
    page = login("kwartiermaker")
    page.goto(f"{live_server.url}/d/wierden/")
    notice = page.get_by_role("note")
    expect(notice).to_contain_text("Deze gemeente heeft nog geen uitgangssituatie:")
    assert_accessible(page, "overview without baseline")
    notice.get_by_role("link", name="Naar de projectie").click()
    expect(page.get_by_role("heading", name="Uitgangssituatie invullen")).to_be_visible()
    assert_accessible(page, "projection without baseline")

    page.goto(f"{live_server.url}/d/twenterand/financien/projectie/")
    with page.expect_download() as download:
        page.get_by_role("link", name="Downloaden als xlsx").click()
    export = tmp_path / "projectie-twenterand.xlsx"
    download.value.save_as(export)

    page.goto(f"{live_server.url}/d/wierden/financien/projectie/")
    upload = page.get_by_role("region", name="Aantallen inlezen uit een xlsx-bestand")
    bad = tmp_path / "notities.xlsx"
    bad.write_text("geen spreadsheet", encoding="utf-8")
    upload.get_by_label("xlsx-bestand").set_input_files(bad)
    upload.get_by_label("Tarievenset").select_option(label="Ontplooj 2023 (Begroot)")
    upload.get_by_role("button", name="Bestand inlezen").click()
    expect(page.get_by_text("Dit is geen leesbaar xlsx-bestand.")).to_be_visible()
    assert_accessible(page, "upload refused")
    assert not PopulationBaseline.objects.filter(dossier=wierden).exists()

    upload = page.get_by_role("region", name="Aantallen inlezen uit een xlsx-bestand")
    upload.get_by_label("xlsx-bestand").set_input_files(export)
    upload.get_by_label("Tarievenset").select_option(label="Ontplooj 2023 (Begroot)")
    upload.get_by_role("button", name="Bestand inlezen").click()
    expect(page.get_by_text("De aantallen zijn ingelezen uit projectie-twenterand.xlsx.")).to_be_visible()
    expect(page.get_by_role("heading", name="Resultaat in het kort")).to_be_visible()
    expect(page.get_by_role("note")).to_have_count(0)
    assert_accessible(page, "projection after the upload")
    baseline = PopulationBaseline.objects.get(dossier=wierden)
    assert (
        baseline.start_count == 238 and baseline.end_count == 117 and baseline.nieuw_beschut > 0
    )  # the sheet gives the same headcounts; its split between share and places may differ
