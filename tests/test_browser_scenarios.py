"""Real-browser flows on the scenario editor: a changed tariff recomputes the scenario in place, accessibly."""

import re

import pytest
from playwright.sync_api import expect

from scenarios.models import Scenario

from .browser_helpers import axe_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def editor_url(live_server, kind="andere_aanbieder"):
    scenario = Scenario.objects.get(dossier__slug="twenterand", kind=kind)
    return f"{live_server.url}/d/twenterand/scenarios/{scenario.pk}/"


def test_kwartiermaker_changes_a_tariff_and_sees_the_total_change_without_reload(login, live_server):
    page = login("kwartiermaker")
    page.goto(editor_url(live_server))
    count, report = axe_violations(page)
    assert count == 0, report
    total = page.locator("#scenario-total")
    before = total.inner_text()
    page.evaluate("window.notReloaded = true")

    edit = page.get_by_role("link", name="Bewerken Larcom: Begeleiding beschut werk")
    row_id = edit.get_attribute("hx-target")
    edit.click()
    amount = page.get_by_role("textbox", name="Bedrag", exact=True)
    expect(amount).to_be_visible()
    assert page.evaluate("document.activeElement.form !== null"), "keyboard users land in the form"
    amount.fill("9.500")
    page.get_by_role("button", name="Opslaan").click()

    expect(total).not_to_have_text(before)
    expect(page.locator("#live")).to_contain_text("Herberekend")
    expect(page.locator(row_id)).to_contain_text("€ 9.500")
    assert page.evaluate("window.notReloaded === true"), "recomputed in place, no page load"
    count, report = axe_violations(page)
    assert count == 0, report


def test_weights_that_do_not_add_up_are_refused_with_the_input_kept(login, live_server):
    page = login("kwartiermaker")
    page.goto(f"{live_server.url}/d/twenterand/scenarios/weging/")
    field = page.get_by_label(re.compile("^Gewicht van 1"))
    field.fill("5")
    page.get_by_role("button", name="Opslaan").click()
    expect(page.locator(".form-errors")).to_contain_text("tellen samen op tot 90%")
    expect(page.get_by_label(re.compile("^Gewicht van 1"))).to_have_value("5")
    count, report = axe_violations(page)
    assert count == 0, report


@pytest.mark.parametrize("username", ["kwartiermaker", "college"])
def test_scenario_pages_are_accessible(login, live_server, username):
    page = login(username)
    for url in [
        editor_url(live_server),
        editor_url(live_server, "eigen_voorziening"),
        f"{live_server.url}/d/twenterand/scenarios/aanbieders/",
        f"{live_server.url}/d/twenterand/scenarios/weging/",
    ]:
        page.goto(url)
        expect(page.get_by_role("heading", level=1)).to_be_visible()
        count, report = axe_violations(page)
        assert count == 0, f"{url}: {report}"


def test_an_assumption_shows_who_and_when_and_a_new_value_makes_it_the_kwartiermakers_of_today(login, live_server):
    """Each figure says where it comes from in one calm line, its why behind a disclosure; the edit form offers who
    and when, and a new value makes the assumption the kwartiermaker's of today."""
    page = login("kwartiermaker")
    page.set_viewport_size({"width": 1366, "height": 768})
    page.goto(f"{live_server.url}/d/twenterand/scenarios/aanbieders/")
    staff = page.locator(".row[id^=personeel-]").filter(has_text="begeleider").first
    line = staff.locator("details.provenance summary")
    expect(line).to_have_text(re.compile(r"Aanname · Kwartiermaker · 22 november 2026"))
    line.click()
    expect(staff).to_contain_text("Integrale loonkosten per fte van een werkbegeleider")
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), "no horizontal scroll"
    count, report = axe_violations(page)
    assert count == 0, report

    staff.get_by_role("link", name=re.compile("^Bewerken")).click()
    expect(page.get_by_role("textbox", name="Vastgesteld door")).to_have_value("Kwartiermaker")
    page.get_by_role("textbox", name="Integrale kosten per fte").fill("70.000")
    page.get_by_role("button", name="Opslaan").click()
    today = page.evaluate("new Date().toLocaleDateString('nl-NL', {day: 'numeric', month: 'long', year: 'numeric'})")
    expect(page.locator(".row[id^=personeel-]").filter(has_text="€ 70.000")).to_contain_text(f"Kwartiermaker · {today}")
    count, report = axe_violations(page)
    assert count == 0, report


def test_a_providers_own_figures_say_where_they_come_from_and_a_new_one_is_the_kwartiermakers(login, live_server):
    """The provider card says what its own figures rest on and its contract term; the edit form offers who and
    when beside them, and a new figure makes the assumption the kwartiermaker's of today."""
    page = login("kwartiermaker")
    page.set_viewport_size({"width": 1366, "height": 768})
    page.goto(f"{live_server.url}/d/twenterand/scenarios/aanbieders/")
    ontplooj = page.locator("article[id^=aanbieder-]").filter(
        has=page.get_by_role("heading", name=re.compile("^Ontplooj"))
    )
    expect(ontplooj).to_contain_text("Looptijd van de overeenkomst")
    expect(ontplooj).to_contain_text("zoals elke nieuwe overeenkomst (een parameter)")
    line = ontplooj.locator("details.provenance summary")
    expect(line).to_have_text(re.compile(r"Aanname · Ambtelijke werkgroep – Financiën · 4 december 2026"))

    facility = page.locator("article[id^=aanbieder-]").filter(
        has=page.get_by_role("heading", name=re.compile("^Eigen voorziening nieuw beschut"))
    )
    facility.get_by_role("link", name=re.compile("^Bewerken")).last.click()
    expect(page.get_by_role("textbox", name="Vastgesteld door")).to_have_value("Kwartiermaker")
    count, report = axe_violations(page)
    assert count == 0, report
    page.get_by_role("textbox", name="Huisvesting per jaar").fill("65.000")
    page.get_by_role("button", name="Opslaan").click()
    today = page.evaluate("new Date().toLocaleDateString('nl-NL', {day: 'numeric', month: 'long', year: 'numeric'})")
    card = page.locator("article[id^=aanbieder-]").filter(has_text="€ 65.000")
    expect(card.locator("details.provenance summary").first).to_have_text(re.compile(f"Kwartiermaker · {today}"))
