"""Undo and history in a real browser (Chromium, nl-NL): undo twice in place and redo, the note beside the row (never
over its buttons), the history's filters, and the initial load as one line that opens. axe after every swap."""

import re

import pytest
from playwright.sync_api import expect

from dossier.models import Risk

from .browser_helpers import assert_accessible, count_htmx_swaps, htmx_swap

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def browser_context_args(browser_context_args):
    return {**browser_context_args, "locale": "nl-NL", "timezone_id": "Europe/Amsterdam"}


def boxes_overlap(a, b) -> bool:
    return not (
        a["x"] + a["width"] <= b["x"]
        or b["x"] + b["width"] <= a["x"]
        or a["y"] + a["height"] <= b["y"]
        or b["y"] + b["height"] <= a["y"]
    )


def save_likelihood(page, card, value: str):
    card.locator("a[hx-target]", has_text="Bewerken").first.click()
    form = page.locator(f"form#{card.get_attribute('id')}")
    form.get_by_label("Kans (1–5)").fill(value)
    with htmx_swap(page):
        form.get_by_role("button", name="Opslaan").click()


def test_undo_twice_in_place_then_redo(login, live_server):
    page = login("kwartiermaker")
    count_htmx_swaps(page)
    risk = Risk.objects.filter(dossier__slug="twenterand").order_by("pk").first()
    start = risk.likelihood
    values = [str(1 + start % 5), str(1 + (start + 1) % 5)]  # A → B → C, each different from the one before
    page.goto(f"{live_server.url}/d/twenterand/risicos/")
    card = page.locator(f"#risico-{risk.pk}")

    save_likelihood(page, card, values[0])
    save_likelihood(page, card, values[1])
    note = card.locator(".step-note")
    expect(note).to_contain_text("Opgeslagen.")
    actions = card.locator(":scope > .actions")
    assert not boxes_overlap(note.bounding_box(), actions.bounding_box()), "the note covers the row's buttons"
    assert_accessible(page, "after the second save")

    def step(button: str, expected_likelihood: int, message: str, buttons: list[str]):
        with htmx_swap(page):
            card.locator(".step-note").get_by_role("button", name=button).click()
        expect(card.locator(".step-note")).to_contain_text(message)
        expect(card.get_by_text(re.compile(r"^Kans \d × impact"))).to_contain_text(f"Kans {expected_likelihood} ×")
        shown = [b.strip() for b in card.locator(".step-note button").all_inner_texts()]
        assert [re.sub(r"\s*\(.*", "", b) for b in shown] == buttons
        expect(page.locator("#live")).to_contain_text(message)  # announced
        expect(card.locator(".step-note")).to_be_focused()  # the keyboard stays where the person works
        assert_accessible(page, f"after {button}")
        risk.refresh_from_db()
        assert risk.likelihood == expected_likelihood

    step("Ongedaan maken", int(values[0]), "Ongedaan gemaakt.", ["Ongedaan maken", "Opnieuw"])
    step("Ongedaan maken", start, "Ongedaan gemaakt.", ["Opnieuw"])
    step("Opnieuw", int(values[0]), "Opnieuw uitgevoerd.", ["Ongedaan maken", "Opnieuw"])
    step("Opnieuw", int(values[1]), "Opnieuw uitgevoerd.", ["Ongedaan maken"])
    assert page.url == f"{live_server.url}/d/twenterand/risicos/", "all of it in place"


def test_the_history_filters_combine_and_each_can_be_removed(login, live_server):
    page = login("kwartiermaker")
    risk = Risk.objects.filter(dossier__slug="twenterand").order_by("pk").first()
    count_htmx_swaps(page)
    page.goto(f"{live_server.url}/d/twenterand/risicos/")
    save_likelihood(page, page.locator(f"#risico-{risk.pk}"), str(1 + risk.likelihood % 5))

    page.goto(f"{live_server.url}/d/twenterand/geschiedenis/")
    assert_accessible(page, "history")
    form = page.get_by_role("form", name="Wijzigingen filteren")
    form.get_by_label("Soort onderdeel").select_option(label="Risico's")
    form.get_by_label("Gewijzigd door").select_option(label="Sanne Kwartier")
    form.get_by_role("button", name="Tonen").click()
    active = page.locator(".active-filters")
    expect(active).to_contain_text("Soort: Risico's")
    expect(active).to_contain_text("Gewijzigd door: Sanne Kwartier")
    expect(page.locator("main article")).to_have_count(1)
    expect(page.locator("main article").first).to_contain_text("Sanne Kwartier")
    expect(form.get_by_label("Onderdeel", exact=True)).to_be_visible()  # the kind's elements can be chosen now
    assert_accessible(page, "history, filtered")

    active.get_by_role("link", name=re.compile("verwijderen.*gewijzigd door", re.I)).click()
    expect(active).not_to_contain_text("Gewijzigd door")
    expect(active).to_contain_text("Soort: Risico's")
    expect(page.get_by_role("form", name="Wijzigingen filteren").get_by_label("Soort onderdeel")).to_have_value(
        "risico"
    )

    form = page.get_by_role("form", name="Wijzigingen filteren")
    form.get_by_label("Vanaf").fill("2000-01-01")
    form.get_by_label("Tot en met").fill("2000-01-31")
    form.get_by_role("button", name="Tonen").click()
    expect(page.get_by_text("Geen wijzigingen gevonden met deze filters.")).to_be_visible()
    expect(page.locator(".active-filters")).to_contain_text("Vanaf: 1 januari 2000")
    page.get_by_role("link", name="Alle filters wissen").click()
    expect(page.locator(".active-filters")).to_have_count(0)
    assert_accessible(page, "history, filters cleared")


def test_the_initial_load_is_one_line_that_opens(login, live_server):
    page = login("college")
    page.goto(f"{live_server.url}/d/twenterand/geschiedenis/")
    groups = page.locator("details.load-group")
    expect(groups).to_have_count(1)
    summary = groups.locator("summary")
    expect(summary).to_contain_text(re.compile(r"Geladen uit fixture: \d+ onderdelen"))
    expect(groups.get_by_text("Bronvermeldingen: 142")).not_to_be_visible()
    summary.click()
    expect(groups.get_by_text("Bronvermeldingen: 142")).to_be_visible()
    assert_accessible(page, "history with the load opened")
    page.set_viewport_size({"width": 390, "height": 844})  # a phone: nothing wider than the screen, no violations
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    assert_accessible(page, "history at 390 px")
