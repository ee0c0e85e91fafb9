"""The result in sight, in a real browser (nl-NL): the scenario editor and the projection keep a compact summary of
their result at the top while one edits, say after every save what it did as was → nu (verschil) — in the summary,
beside the saved row and through the live region — and never cover what is being edited."""

from decimal import Decimal

import pytest
from playwright.sync_api import expect

from dossier.models import PopulationBaseline
from dossier.projection import totals
from finance.engine import to_cents
from finance.numbers import format_difference, format_money
from scenarios.models import ProviderTariff, Scenario
from scenarios.selectors import scenario_detail

from .browser_helpers import assert_accessible, assert_focus_after_swap, count_htmx_swaps, htmx_swap

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# The text a sighted user reads in an element: without what only screen readers hear, spaces collapsed.
SHOWN = """el => { const copy = el.cloneNode(true);
  copy.querySelectorAll('.visually-hidden').forEach(hidden => hidden.remove());
  return copy.textContent.replace(/\\s+/g, ' ').trim(); }"""


def shown(locator) -> str:
    return locator.evaluate(SHOWN)


def figures(scenario):
    outcome = scenario_detail(scenario.dossier, scenario.pk, result_only=True).outcome
    return to_cents(outcome.cumulative), to_cents(outcome.npv)


def moved(old, new) -> str:
    return f"{format_money(old)} → {format_money(new)} ({format_difference(new - old)})"


def spoken(old, new) -> str:
    return f"van {format_money(old)} naar {format_money(new)} ({format_difference(new - old)})"


def open_editor(page, live_server, width=1366, height=768):
    scenario = Scenario.objects.select_related("dossier").get(dossier__slug="twenterand", kind="andere_aanbieder")
    page.set_viewport_size({"width": width, "height": height})
    count_htmx_swaps(page)
    page.goto(f"{live_server.url}/d/twenterand/scenarios/{scenario.pk}/")
    return scenario


def save_tariff(page, amount: str):
    """Open Larcom's tariff for beschut werk in place, type `amount` as a person does and save it."""
    edit = page.get_by_role("link", name="Bewerken Larcom: Begeleiding beschut werk")
    row = page.locator(edit.get_attribute("hx-target"))
    with htmx_swap(page):
        edit.click()  # by mouse: the row's "Opgeslagen." of an earlier save lies beside its buttons, not over them
    field = page.get_by_role("textbox", name="Bedrag", exact=True)
    field.fill("")
    field.press_sequentially(amount)
    with htmx_swap(page):
        page.get_by_role("button", name="Opslaan").click()
    return row


def test_a_dutch_amount_saved_shows_was_now_in_the_summary_beside_the_row_and_aloud(login, live_server):
    page = login("kwartiermaker")
    scenario = open_editor(page, live_server)
    summary = page.locator("#scenario-summary")
    old_total, old_npv = figures(scenario)
    expect(summary).to_contain_text(format_money(old_total))
    assert_accessible(page, "the editor with its summary")

    row = save_tariff(page, "4.495,50")
    new_total, new_npv = figures(scenario)
    assert new_total < old_total
    change = summary.locator(".result-bar__change")
    expect(change).to_be_visible()
    assert shown(change) == (
        f"Laatste wijziging: Cumulatief: {moved(old_total, new_total)}; Contante waarde: {moved(old_npv, new_npv)}"
    )
    expect(summary.locator("dd").first).to_have_text(format_money(new_total))
    expect(row).to_contain_text("€ 4.495,50")  # an entered amount keeps its cents
    assert ProviderTariff.objects.get(provider__name="Larcom", task="begeleiding_beschut").amount == Decimal("4495.50")
    expect(row.locator(".save-effect")).to_be_visible()
    assert f"Cumulatief: {moved(old_total, new_total)}" in shown(row.locator(".save-effect"))
    expect(page.locator("#live")).to_contain_text(f"Herberekend. Cumulatief: {spoken(old_total, new_total)}")
    assert_focus_after_swap(page, row)  # the refresh left the focus where the save put it
    assert_accessible(page, "after the save and the refresh")

    # The next save replaces the effect: only the row saved last tells what it did.
    save_tariff(page, "4.495,50")
    expect(change).to_have_text("Laatste wijziging: geen effect op het resultaat")
    expect(page.locator(".save-effect")).to_have_count(1)
    expect(page.locator("#live")).to_have_text("Herberekend: geen effect op het resultaat.")


def overlap(a, b) -> bool:
    return a["y"] < b["y"] + b["height"] and b["y"] < a["y"] + a["height"]


def test_the_summary_stays_in_view_and_never_covers_the_form_at_the_bottom(login, live_server):
    page = login("kwartiermaker")
    open_editor(page, live_server, 1366, 768)
    summary = page.locator("#scenario-summary")
    last = page.locator("[id^=functiebeoordeling-list-] .row").last
    edit = last.get_by_role("link", name="Bewerken")
    edit.scroll_into_view_if_needed()
    with htmx_swap(page):
        edit.click()
    form = page.locator("form.edit")
    expect(form).to_be_visible()
    controls = form.locator("input:not([type=hidden]), select, textarea, button")
    count = controls.count()

    def in_sight(control):
        bar, box = summary.bounding_box(), control.bounding_box()
        assert 0 <= bar["y"] and bar["y"] + bar["height"] <= 768 / 4, bar  # in view, and compact
        assert not overlap(bar, box), f"{control.get_attribute('name') or 'the button'} is under the summary"
        # Its top (where one types) is in view; a tall text area may run on below the window's edge.
        assert 0 <= box["y"] and box["y"] + min(box["height"], 40) <= 768, f"{control} is out of view"

    # Down through the form by keyboard to its buttons ...
    for index in range(count):
        if index:
            page.keyboard.press("Tab")
        expect(controls.nth(index)).to_be_focused()
        in_sight(controls.nth(index))
    # ... and back up, each time scrolled so that the field before lies where the summary is: focusing it brings
    # it out from under the summary.
    for index in reversed(range(count - 1)):
        page.evaluate(
            "el => window.scrollBy(0, el.getBoundingClientRect().top - 10)", controls.nth(index).element_handle()
        )
        page.keyboard.press("Shift+Tab")
        expect(controls.nth(index)).to_be_focused()
        in_sight(controls.nth(index))
    assert_accessible(page, "the editor with a form open at the bottom")


def test_at_phone_width_the_summary_stays_compact(login, live_server):
    page = login("kwartiermaker")
    open_editor(page, live_server, 390, 844)
    save_tariff(page, "4.495,50")
    summary = page.locator("#scenario-summary")
    expect(summary.locator(".result-bar__change")).to_contain_text("Cumulatief")
    box = summary.bounding_box()
    assert box["height"] <= 844 / 4, box
    assert summary.evaluate("el => el.scrollWidth <= el.clientWidth"), "the summary is wider than the screen"
    page.mouse.wheel(0, 3000)
    expect(summary).to_be_in_viewport()
    assert abs(summary.bounding_box()["y"]) < 1  # stuck to the top of the screen


def test_the_projection_shows_what_its_assumptions_do_while_typing_and_after_saving(login, live_server):
    page = login("kwartiermaker")
    page.set_viewport_size({"width": 1366, "height": 768})
    count_htmx_swaps(page)
    page.goto(f"{live_server.url}/d/twenterand/financien/projectie/")
    baseline = PopulationBaseline.objects.get(dossier__slug="twenterand")
    saved = totals(baseline)
    summary = page.locator("#projection-summary")
    expect(summary).to_contain_text(format_money(saved.cumulative))

    field = page.get_by_role("textbox", name="Aandeel in beschut werk (%)")
    field.fill("")
    with htmx_swap(page):
        field.press_sequentially("18,5")
    baseline.share_beschut = Decimal("0.185")
    preview = totals(baseline)
    horizon = f"Cumulatief {saved.first}–{saved.last}"
    expect(summary).to_contain_text("Voorbeeld, niet opgeslagen")
    assert f"{horizon}: {moved(to_cents(saved.cumulative), to_cents(preview.cumulative))}" in shown(summary)
    expect(field).to_be_focused()  # the preview does not take the field away from the typist
    expect(page.locator("#live")).to_contain_text("Voorbeeld herberekend.")
    assert_accessible(page, "the projection's preview")

    page.get_by_role("button", name="Opslaan").click()
    expect(page.locator(".messages")).to_contain_text("De aannames zijn opgeslagen.")
    assert f"Laatste wijziging: {horizon}: {moved(to_cents(saved.cumulative), to_cents(preview.cumulative))}" in (
        shown(page.locator("#projection-summary"))
    )
    expect(page.locator("#live")).to_contain_text(
        f"Herberekend. {horizon}: {spoken(to_cents(saved.cumulative), to_cents(preview.cumulative))}"
    )
    assert_accessible(page, "the projection after saving")
