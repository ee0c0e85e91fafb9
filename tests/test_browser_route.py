"""Real-browser flow of the advice and paraaf route at 1366 px: the kwartiermaker sets it up from Twenterand's
template and names a member afdelingshoofd, submits a version ter advisering, is refused a skip without a reason
(the Dutch message beside the field) and skips with one; the member finds the step in the inbox. axe finds nothing
and no page scrolls sideways."""

import pytest
from playwright.sync_api import expect

from werkgroep.models import RouteStep

from .browser_helpers import axe_violations
from .test_browser_calm import PAGE_WIDTH

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
BASE = "/d/twenterand/"


def _fits_and_accessible(page, where):
    width = page.evaluate(PAGE_WIDTH)
    assert width["page"] <= width["viewport"] and not width["tables"], f"{where}: {width}"
    count, report = axe_violations(page)
    assert count == 0, f"{where}: {report}"


def test_the_route_from_set_up_to_a_skipped_step(login, live_server):
    page = login("kwartiermaker")
    page.set_viewport_size({"width": 1366, "height": 768})
    page.goto(f"{live_server.url}{BASE}route/")
    page.get_by_role("button", name="Route inrichten").click()
    expect(page.locator("table.route tbody tr")).to_have_count(9)
    row = page.locator("tr", has_text="Joris Jurist")
    row.get_by_label("Afdelingshoofd").check()
    row.get_by_role("button", name="Opslaan").click()
    expect(page.locator("ul.messages")).to_contain_text("opgeslagen")
    _fits_and_accessible(page, "route")

    page.goto(f"{live_server.url}{BASE}versies/")
    page.get_by_label("Vastleggen als").select_option("ter_advisering")
    page.locator("form.edit button[type=submit]").click()
    page.wait_for_url(f"{live_server.url}{BASE}versies/1/")
    page.goto(f"{live_server.url}{BASE}route/versie/1/")
    expect(page.locator("table.route tbody tr")).to_have_count(9)
    expect(page.get_by_text("Nog niet gereed voor het college")).to_be_visible()
    _fits_and_accessible(page, "route van versie 1")

    first = page.locator("#stap-1")
    first.locator("summary", has_text="Deze stap overslaan").click()
    first.get_by_role("button", name="Overslaan met deze reden").click()
    expect(page.locator("#stap-1 .error-text")).to_contain_text("Geef de reden om deze stap over te slaan")
    assert RouteStep.objects.filter(route__version__number=1, position=1, status="open").exists()
    _fits_and_accessible(page, "overslaan geweigerd")
    page.locator("#stap-1").get_by_label("Reden om over te slaan").fill("Financiën adviseert mondeling in het MT.")
    page.locator("#stap-1").get_by_role("button", name="Overslaan met deze reden").click()
    expect(page.locator("#stap-1")).to_contain_text("Overgeslagen")
    page.get_by_role("button", name="Aanbieden aan het college").click()
    expect(page.locator(".warning")).to_contain_text("is nog niet afgerond en is verplicht")

    page.context.clear_cookies()
    page = login("werkgroep-juridisch")
    page.set_viewport_size({"width": 1366, "height": 768})
    page.goto(f"{live_server.url}/meldingen/")
    expect(page.get_by_text("Uw openstaande stappen")).to_be_visible()
    expect(page.get_by_role("link", name="Paraaf op versie 1")).to_be_visible()
    _fits_and_accessible(page, "meldingen")
