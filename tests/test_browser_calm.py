"""Calm, readable pages in a real Chromium set to Dutch (nl-NL): an element's "More" menu by keyboard, a delete
confirmed in place and undone, the risks overview sorted and filtered (with and without JavaScript), no page or
table that needs sideways scrolling at 1366 px, axe without violations at 390 and 1366 px on every page of the
navigation, and a title of its own on every page."""

import re

import pytest
from playwright.sync_api import expect

from dossier.models import Membership, Risk
from dossier.navigation import NAVIGATION

from .browser_helpers import assert_accessible, axe_violations, count_htmx_swaps, htmx_swap, tab_to
from .conftest import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

BASE = "/d/twenterand/"


@pytest.fixture
def browser_context_args(browser_context_args):
    return {**browser_context_args, "locale": "nl-NL", "timezone_id": "Europe/Amsterdam"}


@pytest.fixture
def advice_round(twenterand):
    """An advice round in which Juridisch has advised "positive with caveats" and the others not yet, so the advice
    matrix shows both."""
    from werkgroep.services import advice_give, advice_round_request

    kwartiermaker = Membership.objects.get(dossier=twenterand, user__username="kwartiermaker")
    jurist = Membership.objects.get(dossier=twenterand, user__username="werkgroep-juridisch")
    advice_round = advice_round_request(membership=kwartiermaker, note="Graag uw advies.")
    advice_give(membership=jurist, advice_round=advice_round, verdict="kanttekeningen", text="Let op de route.")
    return advice_round


def nav_paths(page, live_server):
    page.goto(f"{live_server.url}{BASE}")
    paths = page.locator("nav.dossier-nav a").evaluate_all("links => links.map(a => a.getAttribute('href'))")
    assert len(paths) == sum(len(g.entries) for g in NAVIGATION)
    return paths


def test_the_more_menu_opens_and_closes_with_the_keyboard(login, live_server):
    page = login("kwartiermaker")
    page.goto(f"{live_server.url}{BASE}kaders/")
    card = page.locator("#kader-list article").nth(1)
    more = card.locator("details.menu > summary")  # a disclosure button: the browser exposes its expanded state
    expect(more).to_have_accessible_name(re.compile(r"^Meer acties voor 2\. "))
    expect(card.get_by_role("link", name=re.compile("^Verwijderen"))).to_be_hidden()
    tab_to(page, more)
    page.keyboard.press("Enter")
    delete = card.get_by_role("link", name=re.compile("^Verwijderen"))
    expect(delete).to_be_visible()
    expect(card.get_by_role("link", name=re.compile("^Geschiedenis"))).to_be_visible()
    expect(card.get_by_role("link", name=re.compile("^Bron vermelden"))).to_be_visible()
    assert_accessible(page, "kaders with a menu open")
    page.keyboard.press("Tab")
    expect(delete).to_be_focused()
    page.keyboard.press("Escape")
    expect(delete).to_be_hidden()
    expect(more).to_be_focused()  # back on the button that opened it
    page.keyboard.press("Space")
    expect(delete).to_be_visible()
    page.keyboard.press("Shift+Tab")  # focus leaves the menu: it closes
    expect(delete).to_be_hidden()


def test_a_delete_is_confirmed_in_place_and_undone_back_on_the_same_filtered_page(login, live_server):
    page = login("kwartiermaker")
    count_htmx_swaps(page)
    url = f"{live_server.url}{BASE}risicos/?status=open&volgorde=score-hoog"
    page.goto(url)
    first = page.locator("#risico-list > article").first
    headline = first.locator("h3").evaluate("h => h.firstChild.textContent.trim()")
    risk_id = int(first.get_attribute("id").split("-")[1])
    overview = page.locator("#risk-overview table")
    expect(overview).to_contain_text(headline)

    # Asked in place; Cancel takes the question away and focus back to the menu button.
    more = first.locator("details.menu > summary")
    more.click()
    with htmx_swap(page):
        first.get_by_role("link", name=re.compile("^Verwijderen")).click()
    question = first.get_by_text("Verwijderen? U kunt dit daarna ongedaan maken.")
    expect(question).to_be_visible()
    expect(question).to_be_focused()
    assert_accessible(page, "the delete question")
    first.get_by_role("link", name="Annuleren").click()
    expect(question).to_have_count(0)
    expect(more).to_be_focused()
    assert Risk.objects.filter(pk=risk_id).exists()

    # Confirmed: the element's place says so and offers Undo; the overview no longer lists it.
    more.click()
    with htmx_swap(page):
        first.get_by_role("link", name=re.compile("^Verwijderen")).click()
    with htmx_swap(page):
        first.get_by_role("button", name=re.compile("^Verwijderen")).click()
    expect(first).to_contain_text("is verwijderd")
    undo = first.get_by_role("button", name=re.compile("^Ongedaan maken"))
    expect(undo).to_be_focused()
    expect(overview).not_to_contain_text(headline)
    expect(page.locator("#live")).to_contain_text("is verwijderd")
    assert not Risk.objects.filter(pk=risk_id).exists()
    assert_accessible(page, "after a delete")

    # Undone in place: the risk is back where it was, on the same filtered page, and so is its row in the overview.
    with htmx_swap(page):
        undo.click()
    expect(page).to_have_url(url)
    expect(page.locator(f"#risico-{risk_id}")).to_contain_text("Ongedaan gemaakt.")
    expect(page.locator(f"#risico-{risk_id}")).to_contain_text(headline)
    expect(page.locator("#risk-overview table")).to_contain_text(headline)
    assert Risk.objects.filter(pk=risk_id).exists()
    assert_accessible(page, "after the undo")


def overview_scores(page):
    return [int(s) for s in page.locator("#risk-overview tbody td.num .badge").all_inner_texts()]


def test_the_risks_overview_sorts_and_filters_in_place(login, live_server):
    page = login("college")
    count_htmx_swaps(page)
    page.goto(f"{live_server.url}{BASE}risicos/")
    scores = overview_scores(page)
    assert len(scores) == 15 and scores == sorted(scores, reverse=True)
    table_top = page.locator("#risk-overview").bounding_box()["y"]
    assert table_top < 768, "the overview starts on the first screen at 1366 × 768"

    owner = page.get_by_label("Eigenaar")
    owner.focus()
    with htmx_swap(page):
        owner.select_option("Ambtelijke werkgroep – HR")
    expect(page.locator("#risk-count")).to_have_text("2 van 15 risico's")
    expect(page.locator("#risk-overview tbody tr")).to_have_count(2)
    expect(page.locator("#risico-list > article")).to_have_count(2)
    expect(owner).to_be_focused()  # the filter keeps focus where the user is
    assert "eigenaar=Ambtelijke%20werkgroep%20%E2%80%93%20HR" in page.url  # a link to the filtered page

    page.get_by_label("Eigenaar").select_option("")
    expect(page.locator("#risk-overview tbody tr")).to_have_count(15)
    page.get_by_role("link", name=re.compile("^Score")).click()
    expect(page.locator("#risk-overview th[aria-sort]")).to_have_attribute("aria-sort", "ascending")
    scores = overview_scores(page)
    assert scores == sorted(scores)
    assert_accessible(page, "the risks sorted lowest first")

    # A row's link leads to its details.
    row = page.locator("#risk-overview tbody th a").first
    target = row.get_attribute("href")
    row.click()
    expect(page.locator(target)).to_be_in_viewport()


def test_the_risks_overview_filters_without_javascript(browser, live_server, twenterand):
    context = browser.new_context(java_script_enabled=False, locale="nl-NL")
    page = context.new_page()
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Gebruikersnaam").fill("werkgroep-juridisch")
    page.get_by_label("Wachtwoord").fill(PASSWORD)
    page.get_by_role("button", name="Inloggen").click()
    page.goto(f"{live_server.url}{BASE}risicos/")
    page.get_by_label("Score", exact=True).select_option("hoog")
    page.get_by_role("button", name="Tonen").click()
    expect(page).to_have_url(re.compile(r"niveau=hoog"))
    scores = overview_scores(page)
    assert scores and all(s >= 15 for s in scores)
    expect(page.locator("#risk-count")).to_have_text(f"{len(scores)} van 15 risico's")
    context.close()


PAGE_WIDTH = """() => ({
  page: document.documentElement.scrollWidth, viewport: innerWidth,
  tables: [...document.querySelectorAll("main table")]
    .filter(t => t.scrollWidth > t.parentElement.clientWidth + 1)
    .map(t => `${t.closest("[id]") ? t.closest("[id]").id : ""}: ${t.scrollWidth} > ${t.parentElement.clientWidth}`),
})"""


def test_no_page_of_the_navigation_needs_sideways_scrolling_at_1366(login, live_server, advice_round):
    page = login("kwartiermaker")
    page.set_viewport_size({"width": 1366, "height": 768})
    problems = []
    paths = nav_paths(page, live_server)
    page.goto(f"{live_server.url}{BASE}scenarios/")
    paths += [page.locator("main article h2 a").first.get_attribute("href"), f"{BASE}functies/1/"]
    for path in paths:
        page.goto(f"{live_server.url}{path}")
        width = page.evaluate(PAGE_WIDTH)
        if width["page"] > width["viewport"] or width["tables"]:
            problems.append(f"{path}: page {width['page']} px, tables wider than their box: {width['tables']}")
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("username", ["kwartiermaker", "college"])
def test_axe_finds_nothing_on_any_page_of_the_navigation_at_390_and_1366(login, live_server, advice_round, username):
    page = login(username)
    paths = nav_paths(page, live_server)
    problems = []
    for width in (390, 1366):
        page.set_viewport_size({"width": width, "height": 800})
        for path in paths:
            page.goto(f"{live_server.url}{path}")
            count, report = axe_violations(page)
            if count:
                problems.append(f"{width} px {path}: {report}")
            overflow = page.evaluate("document.documentElement.scrollWidth - innerWidth")
            if overflow > 0:
                problems.append(f"{width} px {path}: the page is {overflow} px wider than the screen")
    assert not problems, "\n".join(problems)


def test_the_advice_matrix_tells_its_verdicts_apart_not_by_colour_alone(login, live_server, advice_round):
    page = login("college")
    page.goto(f"{live_server.url}{BASE}advies/")
    caveats = page.locator(".badge--kanttekeningen").first
    missing = page.locator(".badge--missing").first
    expect(caveats).to_have_text("Positief met kanttekeningen")
    expect(missing).to_have_text("Nog niet geadviseerd")
    style = "el => { const s = getComputedStyle(el); return [s.backgroundColor, s.borderStyle, s.color]; }"
    assert caveats.evaluate(style) != missing.evaluate(style)
    signs = "el => getComputedStyle(el, '::before').content"
    assert caveats.evaluate(signs) != missing.evaluate(signs)
    expect(page.get_by_text(re.compile(r"1 van de \d+ disciplines heeft geadviseerd\."))).to_be_visible()


def test_every_page_of_the_navigation_has_a_title_of_its_own(login, live_server):
    page = login("kwartiermaker")
    titles = {}
    for path in nav_paths(page, live_server):
        page.goto(f"{live_server.url}{path}")
        title = page.title()
        assert re.fullmatch(r"\S.* – Twenterand – Beslisdossier", title), (path, title)
        assert title not in titles, f"{path} and {titles.get(title)} share the title {title!r}"
        titles[title] = path
    assert titles["Risico's – Twenterand – Beslisdossier"] == f"{BASE}risicos/"
    expect(page.locator("nav.dossier-nav [aria-current=page]")).to_have_text("Geschiedenis")


MENU_OUT_OF_SCREEN = """() => Array.from(document.querySelectorAll("details.menu"))
  .filter(menu => menu.getClientRects().length)
  .map(menu => {
    menu.open = true;
    const box = menu.querySelector(".menu-items").getBoundingClientRect();
    menu.open = false;
    return box.left < 0 || box.right > innerWidth ? `${menu.closest("[id]").id}: ${box.left}–${box.right}` : "";
  })
  .filter(Boolean)"""


def test_at_phone_width_a_scenario_fits_the_screen_and_an_opened_more_menu_stays_on_it(login, live_server):
    page = login("kwartiermaker")
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{live_server.url}{BASE}scenarios/")
    scenario = page.locator("main article h2 a").first.get_attribute("href")
    for path in (scenario, f"{BASE}risicos/", f"{BASE}planning/"):
        page.goto(f"{live_server.url}{path}")
        # The purchases table of a scenario made its page 511 px wide; a menu stuck out left in a row, right on a card.
        assert page.evaluate("document.documentElement.scrollWidth") <= 390, path
        assert page.evaluate(MENU_OUT_OF_SCREEN) == [], path
    page.goto(f"{live_server.url}{scenario}")
    menu = page.locator("details.menu").first
    menu.locator("summary").click()
    expect(menu.locator(".menu-items")).to_be_in_viewport(ratio=1)
    page.keyboard.press("Escape")
    assert_accessible(page, "a scenario at 390 px")
