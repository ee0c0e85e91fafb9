"""The dossier's navigation on a phone: folded behind one "Menu" button that names the current page."""

import pytest
from playwright.sync_api import expect

from .browser_helpers import assert_accessible

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_on_a_phone_the_navigation_folds_behind_a_menu_button(login, live_server):
    page = login("kwartiermaker")
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{live_server.url}/d/twenterand/risicos/")
    toggle = page.get_by_role("button", name="Menu · Risico's")
    expect(toggle).to_have_attribute("aria-expanded", "false")
    expect(page.get_by_role("link", name="Berenschot-toets")).to_be_hidden()
    heading = page.get_by_role("heading", level=1, name="Risico's")
    assert heading.bounding_box()["y"] < 844 / 2, "the page's own content starts on the first screen"
    assert_accessible(page, "phone, menu folded")
    toggle.click()
    expect(toggle).to_have_attribute("aria-expanded", "true")
    expect(page.get_by_role("link", name="Berenschot-toets")).to_be_visible()
    assert_accessible(page, "phone, menu open")

    page.set_viewport_size({"width": 1366, "height": 768})
    expect(toggle).to_be_hidden()
    expect(page.get_by_role("link", name="Berenschot-toets")).to_be_visible()


def test_the_dossier_list_shows_its_dossiers_as_cards_without_bullets(login, live_server):
    page = login("college")
    page.set_viewport_size({"width": 1366, "height": 768})
    page.goto(f"{live_server.url}/")
    card = page.locator("main li.card").first
    expect(card).to_be_visible()
    assert card.evaluate("el => getComputedStyle(el).listStyleType") == "none"  # a bullet stood beside each card
    heading = page.get_by_role("heading", level=1, name="Uw dossiers")
    assert abs(card.bounding_box()["x"] - heading.bounding_box()["x"]) < 1, "the cards line up with the heading"
    assert_accessible(page, "the dossier list")
