"""Real-browser flows on the Twenterand dossier (Playwright driving Debian's Chromium)."""

import re

import pytest
from playwright.sync_api import expect

from .browser_helpers import axe_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PAGES = [
    "",
    "bestuursopdracht/",
    "onderzoeksgebieden/",
    "onderzoeksgebieden/1/",
    "functies/",
    "functies/2/",
    "kaders/",
    "planning/",
    "risicos/",
    "participatie/",
    "bronnen/",
    "geschiedenis/",
    "financien/berenschot/",
    "financien/projectie/",
    "scenarios/",
    "scenarios/vergelijking/",
    "scenarios/meerjarenraming/",
]


def test_kwartiermaker_edits_a_research_area_in_place_and_sees_its_history(login, live_server):
    page = login("kwartiermaker")
    page.goto(f"{live_server.url}/d/twenterand/onderzoeksgebieden/2/")
    section = page.locator("section[id$='-open_questions']")
    section.get_by_role("link", name=re.compile("Bewerken")).click()
    textarea = page.get_by_role("textbox", name="Open vragen")
    expect(textarea).to_be_visible()
    expect(textarea).to_be_focused()  # keyboard users land in the form
    assert page.url.endswith("/onderzoeksgebieden/2/"), "edited in place, no navigation"
    textarea.fill("- Welke locatie in Vriezenveen is geschikt?")
    page.get_by_role("button", name="Opslaan").click()
    expect(section.get_by_text("Welke locatie in Vriezenveen is geschikt?")).to_be_visible()
    expect(section.get_by_role("heading", name="Open vragen")).to_be_focused()
    expect(page.locator("section[id$='-open_questions']").get_by_role("button", name="Ongedaan maken")).to_be_visible()
    count, report = axe_violations(page)
    assert count == 0, report

    page.goto(f"{live_server.url}/d/twenterand/geschiedenis/")
    first = page.locator("main article").first
    expect(first).to_contain_text("Welke locatie in Vriezenveen is geschikt?")
    expect(first).to_contain_text("Sanne Kwartier")


def test_college_sees_no_edit_controls(login, live_server):
    page = login("college")
    for path in PAGES:
        page.goto(f"{live_server.url}/d/twenterand/{path}")
        expect(page.get_by_role("heading", level=1)).to_be_visible()
        assert page.get_by_role("link", name=re.compile("^Bewerken")).count() == 0, path
        assert page.get_by_role("button", name="Opslaan").count() == 0, path
        assert page.get_by_role("link", name=re.compile("toevoegen", re.I)).count() == 0, path


@pytest.mark.parametrize("username", ["kwartiermaker", "college"])
def test_axe_reports_no_violations_on_any_page(login, live_server, username):
    page = login(username)
    problems = []
    for path in ["../../", *PAGES]:
        page.goto(f"{live_server.url}/d/twenterand/{path}")
        count, report = axe_violations(page)
        if count:
            problems.append(f"{path}: {report}")
    page.goto(f"{live_server.url}/accounts/logout/") if False else None
    assert not problems, "\n".join(problems)


def test_login_page_is_accessible(page, live_server, twenterand):
    page.goto(f"{live_server.url}/accounts/login/")
    count, report = axe_violations(page)
    assert count == 0, report


def test_kwartiermaker_adds_deletes_and_restores_a_risk_in_place(login, live_server):
    page = login("kwartiermaker")
    page.goto(f"{live_server.url}/d/twenterand/risicos/")
    page.get_by_role("link", name="Risico toevoegen").click()
    expect(page.get_by_role("textbox", name="Beschrijving")).to_be_focused()
    page.get_by_role("textbox", name="Beschrijving").fill("Vervoer naar Den Ham valt weg")
    page.get_by_role("textbox", name="Kans (1–5)").fill("9")
    page.get_by_label("Impact (1–5)").fill("3")
    page.get_by_role("button", name="Opslaan").click()
    expect(page.get_by_text("hoogstens 5")).to_be_visible()  # the error, beside the field
    expect(page.get_by_role("textbox", name="Beschrijving")).to_have_value("Vervoer naar Den Ham valt weg")
    page.get_by_role("textbox", name="Kans (1–5)").fill("2")
    page.get_by_role("button", name="Opslaan").click()
    card = page.locator("#risico-list > article").last
    expect(card).to_contain_text("Vervoer naar Den Ham valt weg")
    expect(card.get_by_role("heading")).to_be_focused()
    count, report = axe_violations(page)
    assert count == 0, report

    card.locator("details.menu > summary").click()
    card.get_by_role("link", name=re.compile("^Verwijderen")).click()
    card.get_by_role("button", name=re.compile("^Verwijderen")).click()  # asked in place, not in a dialog
    expect(card.get_by_text("is verwijderd")).to_be_visible()
    page.get_by_role("button", name="Ongedaan maken").click()
    expect(page.locator("#risico-list")).to_contain_text("Vervoer naar Den Ham valt weg")


def test_kwartiermaker_changes_an_assumption_and_sees_the_total_recomputed(login, live_server):
    page = login("kwartiermaker")
    page.goto(f"{live_server.url}/d/twenterand/financien/projectie/")
    status = page.locator("#projection-summary")
    before = status.text_content()
    url_before = page.url
    page.get_by_label("Aandeel in beschut werk (%)").fill("30")
    expect(page.get_by_text("Voorbeeld van niet-opgeslagen aannames.")).to_be_visible()
    expect(page.locator("#projection-summary")).not_to_have_text(before)
    assert page.url == url_before, "recomputed in place"
    expect(page.locator("#assumptions")).not_to_have_class(re.compile("htmx-request"))
    count, report = axe_violations(page)
    assert count == 0, report
    page.get_by_role("button", name="Opslaan").click()
    expect(page.get_by_text("De aannames zijn opgeslagen.")).to_be_visible()
    expect(page.get_by_label("Aandeel in beschut werk (%)")).to_have_value("30")


def test_a_service_bought_elsewhere_leaves_the_forecast_at_once(login, live_server):
    """Unticking werkgeverstaken (e.g. done by a werkbedrijf) recomputes without saving; the summary goes down."""
    page = login("kwartiermaker")
    page.goto(f"{live_server.url}/d/twenterand/financien/projectie/")
    before = page.locator("#projection-summary").text_content()
    services = page.get_by_role("group", name="Diensten afgenomen bij de aanbieder")
    services.get_by_label("Werkgeverstaken").uncheck()
    expect(page.get_by_text("Voorbeeld van niet-opgeslagen aannames.")).to_be_visible()
    expect(page.locator("#projection-summary")).not_to_have_text(before)
    page.get_by_role("button", name="Opslaan").click()
    expect(page.get_by_text("De aannames zijn opgeslagen.")).to_be_visible()
    bought = page.locator("ul.assumptions li", has_text="Diensten afgenomen bij de aanbieder")
    expect(bought).to_contain_text("Verloning")
    expect(bought).not_to_contain_text("Werkgeverstaken")
    expect(services.get_by_label("Werkgeverstaken")).not_to_be_checked()
