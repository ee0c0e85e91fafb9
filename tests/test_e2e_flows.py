"""The three user flows end to end in a real browser, in order on one live server, through the real UI only (the
login form, links, buttons, typing; no deep links but the start page):

1. the kwartiermaker edits a research area, changes a Larcom tariff and sees the comparison change, freezes a
   version and requests advice;
2. the werkgroep member (Juridisch) sees the request, comments with a mention on a scenario's procurement route
   and gives the advice;
3. the kwartiermaker settles the thread and freezes the definitive version; the college downloads the
   collegevoorstel, whose text holds the beslispunten.

axe (WCAG 2.0/2.1 A and AA, 2.2 AA) runs on every page and after every htmx swap. Once with the mouse, once with
the keyboard only (Tab, Shift+Tab, Enter, Space, arrows in radio groups and the mention list, typing)."""

import os
import re
import shutil
import subprocess

import pytest
from playwright.sync_api import expect

from documents import viewmodel
from documents.models import DossierVersion
from dossier.models import ResearchArea
from scenarios.models import Scenario

from .browser_helpers import (
    assert_accessible,
    assert_focus_after_swap,
    count_htmx_swaps,
    htmx_swap,
    log_in,
    log_out,
    page_load,
    tab_to,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TIMEOUT = 10_000  # ms for each step; a definitive version renders its PDFs first and gets longer


class Flows:
    """The three flows, driven either by the mouse (`click`, `fill`) or by the keyboard only."""

    def __init__(self, page, live_server, tmp_path, *, keyboard: bool):
        self.page, self.start, self.tmp, self.keyboard = page, f"{live_server.url}/", tmp_path, keyboard
        self.area = ResearchArea.objects.filter(dossier__slug="twenterand").order_by("number")[1]
        self.larcom = Scenario.objects.get(dossier__slug="twenterand", kind="andere_aanbieder")
        self.presses, self.furthest = [], (0, "")
        count_htmx_swaps(page)
        page.set_default_timeout(TIMEOUT)

    # ------------------------------------------------------------------------------------------ actions

    def focus(self, locator):
        """Tab to a control, counting the presses (the keyboard variant only)."""
        presses = tab_to(self.page, locator)
        self.presses.append(presses)
        self.furthest = max(self.furthest, (presses, str(locator)))

    def activate(self, locator, key: str = "Enter"):
        """Follow a link or press a button: a click, or Tab to it and Enter (Space for a checkbox)."""
        if self.keyboard:
            self.focus(locator)
            self.page.keyboard.press(key)
        else:
            locator.click()

    def type_into(self, field, text: str):
        if self.keyboard:
            self.focus(field)
            self.page.keyboard.press("Control+A")
            self.page.keyboard.type(text)
        else:
            field.fill(text)

    def choose(self, select, label: str, value: str):
        """Pick an option of a select: with the keyboard by typing its label on the focused (closed) select."""
        if self.keyboard:
            self.focus(select)
            self.page.keyboard.type(label)
        else:
            select.select_option(value)
        expect(select).to_have_value(value)

    def go(self, link, heading, timeout: float = TIMEOUT):
        """Follow a link (or submit a form) to a new page; check its heading and run axe."""
        self.page.set_default_timeout(timeout)
        try:
            with page_load(self.page):
                self.activate(link)
        finally:
            self.page.set_default_timeout(TIMEOUT)
        expect(self.page.get_by_role("heading", level=1)).to_contain_text(heading)
        assert_accessible(self.page, f"page {self.page.url}")

    def nav(self, name: str, heading):
        self.go(self.page.get_by_role("navigation", name="Dossier").get_by_role("link", name=name, exact=True), heading)

    def swap(self, action, region, where: str):
        """Run an action that swaps part of the page with htmx; wait for it, check focus and run axe."""
        with htmx_swap(self.page):
            action()
        assert_focus_after_swap(self.page, region)
        assert_accessible(self.page, f"after the swap: {where}")

    def log_in(self, username: str):
        log_in(self.page, self.start, username, keyboard=self.keyboard)

    def open_dossier(self):
        self.go(self.page.get_by_role("link", name=re.compile("^Twenterand")), "")

    # ------------------------------------------------------------------------------------------ flow 1

    def kwartiermaker_prepares(self):
        page = self.page
        self.log_in("kwartiermaker")
        self.open_dossier()

        # A research area, edited in place.
        self.nav("Onderzoeksgebieden", "Onderzoeksgebieden")
        self.go(page.get_by_role("link", name=self.area.title, exact=True), self.area.title)
        section = page.locator("#" + page.locator("section[id$='-open_questions']").get_attribute("id"))
        self.swap(lambda: self.activate(section.get_by_role("link", name="Bewerken Open vragen")), section, "edit form")
        field = page.get_by_role("textbox", name="Open vragen")
        expect(field).to_be_focused()
        self.type_into(field, "- Welke locatie in Vriezenveen is geschikt?")
        self.swap(lambda: self.activate(section.get_by_role("button", name="Opslaan")), section, "section saved")
        expect(section.get_by_text("Welke locatie in Vriezenveen is geschikt?")).to_be_visible()
        expect(section.get_by_role("button", name="Ongedaan maken")).to_be_visible()

        # A Larcom tariff in a scenario: the comparison changes.
        self.nav("Vergelijking scenario's", "Vergelijking van de scenario's")
        row = page.locator("main table").first.get_by_role("row").filter(has_text=self.larcom.name).first
        before = row.inner_text()
        self.go(page.get_by_role("link", name=self.larcom.name, exact=True), self.larcom.name)
        edit = page.get_by_role("link", name="Bewerken Larcom: Begeleiding beschut werk")
        tariff = page.locator(edit.get_attribute("hx-target"))
        self.swap(lambda: self.activate(edit), page.locator("form.edit"), "tariff form")
        amount = page.get_by_role("textbox", name="Bedrag", exact=True)
        self.type_into(amount, "9.500")  # as a Dutch civil servant writes nine and a half thousand
        total = page.locator("#scenario-total").inner_text()
        self.swap(lambda: self.activate(page.get_by_role("button", name="Opslaan")), tariff, "tariff saved")
        expect(tariff).to_contain_text("€ 9.500")
        expect(page.locator("#live")).to_contain_text("Herberekend")
        expect(page.locator("#scenario-total")).not_to_have_text(total)
        total = page.locator("#scenario-total").inner_text()
        self.nav("Vergelijking scenario's", "Vergelijking van de scenario's")
        expect(row).not_to_have_text(before)
        expect(row).to_contain_text(total)  # the comparison shows the scenario's new cumulative contribution

        # A version, frozen; advice requested about it.
        self.nav("Versies", "Versies")
        self.type_into(page.get_by_role("textbox", name="Toelichting"), "Concept voor de werkgroep")
        self.go(page.get_by_role("button", name="Nieuwe versie vastleggen"), "Versie 1")
        self.nav("Advies", "Advies van de werkgroep")
        self.type_into(
            page.get_by_role("textbox", name="Waar de werkgroep naar moet kijken"),
            "Graag uw advies over versie 1, vooral de aanbestedingsroute.",
        )
        self.go(page.get_by_role("button", name="Advies vragen"), "Advies van de werkgroep")
        expect(page.locator("table.matrix")).to_contain_text("Nog niet geadviseerd")
        log_out(page, keyboard=self.keyboard)

    # ------------------------------------------------------------------------------------------ flow 2

    def werkgroep_advises(self):
        page = self.page
        self.log_in("werkgroep-juridisch")
        inbox = page.locator("a.inbox-link")
        expect(inbox.locator(".count")).to_have_text("1")
        self.go(inbox, "Meldingen")
        self.go(
            page.get_by_role("link", name=re.compile("^Sanne Kwartier vraagt uw advies")), "Advies van de werkgroep"
        )
        expect(page.get_by_text("vooral de aanbestedingsroute")).to_be_visible()

        # A comment on the procurement route of the Larcom scenario, mentioning the kwartiermaker.
        self.nav("Scenario's", "Scenario's")
        self.go(page.get_by_role("link", name=self.larcom.name, exact=True), self.larcom.name)
        route = page.locator("section[id$='-route']")
        panel = route.locator(".thread-panel")
        self.swap(lambda: self.activate(route.locator("a.comment-link")), panel, "comments panel")
        expect(panel.get_by_role("heading", level=2)).to_be_focused()
        field = panel.get_by_role("textbox", name="Uw reactie")
        text = "Is de aanbestedingsroute houdbaar als Larcom ook detachering doet? @kwart"
        if self.keyboard:
            self.focus(field)
            page.keyboard.type(text)
        else:
            field.fill(text)
            field.press("End")
        page.keyboard.type("i")  # the list of members opens while typing
        option = page.get_by_role("option", name=re.compile("Sanne Kwartier"))
        expect(option).to_be_visible()
        expect(option).to_have_attribute("aria-selected", "true")
        expect(field).to_have_attribute("aria-activedescendant", option.get_attribute("id"))
        assert_accessible(page, "the list of members under the comment")
        page.keyboard.press("Enter")
        expect(field).to_have_value(re.compile(r"@kwartiermaker $"))
        page.keyboard.type("Graag toetsen.")
        self.swap(lambda: self.activate(panel.get_by_role("button", name="Reactie plaatsen")), panel, "comment placed")
        thread = panel.locator("article.thread")
        expect(thread).to_have_count(1)
        expect(thread.locator(".mention")).to_have_text("@kwartiermaker")

        # The advice of Juridisch, referring to the thread.
        self.nav("Advies", "Advies van de werkgroep")
        verdict = page.get_by_role("radio", name="Positief met kanttekeningen")
        if self.keyboard:  # Tab enters the radio group on its first option; an arrow moves the choice
            self.focus(page.get_by_role("radio", name="Positief", exact=True))
            page.keyboard.press("ArrowDown")
        else:
            verdict.check()
        expect(verdict).to_be_checked()
        self.type_into(
            page.get_by_role("textbox", name="Verklaring"),
            "Aanbesteden past, mits de detachering apart wordt gegund.",
        )
        self.activate(page.get_by_role("checkbox", name=re.compile("Aanbestedingsroute")), "Space")
        expect(page.get_by_role("checkbox", name=re.compile("Aanbestedingsroute"))).to_be_checked()
        self.go(page.get_by_role("button", name="Advies geven"), "Advies van de werkgroep")
        row = page.locator("#advies-juridisch")
        expect(row).to_contain_text("Positief met kanttekeningen")
        expect(row).to_contain_text("Joris Jurist")
        log_out(page, keyboard=self.keyboard)

    # ------------------------------------------------------------------------------------------ flow 3

    def kwartiermaker_settles_and_college_downloads(self):
        page = self.page
        self.log_in("kwartiermaker")
        self.go(page.locator("a.inbox-link"), "Meldingen")
        self.go(page.get_by_role("link", name=re.compile("^Joris Jurist heeft u genoemd")), "Aanbestedingsroute")
        thread = page.locator("article.thread")
        self.activate(thread.locator("details.status-change summary"))
        expect(thread.locator("details.status-change")).to_have_attribute("open", "")
        assert_accessible(page, "the thread with its status form open")
        self.choose(thread.get_by_label("Nieuwe status"), "Verwerkt", "verwerkt")
        self.type_into(thread.get_by_role("textbox", name="Opmerking"), "Route aangevuld met gunning in percelen.")
        self.swap(
            lambda: self.activate(thread.get_by_role("button", name="Status instellen")), thread, "thread settled"
        )
        expect(thread.locator(".badge").first).to_have_text("Verwerkt")
        expect(thread.locator(".status-note")).to_contain_text("gunning in percelen")

        self.nav("Versies", "Versies")
        self.choose(page.get_by_label("Vastleggen als"), "Definitief", "definitief")
        self.type_into(page.get_by_role("textbox", name="Toelichting"), "Definitief voor het college")
        # A definitive version renders its PDFs before the page answers: slow on a busy machine.
        self.go(page.get_by_role("button", name="Nieuwe versie vastleggen"), "Versie 2", timeout=180_000)
        expect(page.locator("h1 .badge")).to_have_text("Definitief")
        log_out(page, keyboard=self.keyboard)

        self.log_in("college")
        self.open_dossier()
        self.nav("Documenten", "Documenten")
        expect(page.get_by_role("main")).to_contain_text("versie 2 (definitief")
        link = page.get_by_role("link", name="PDF downloaden Collegevoorstel")
        with page.expect_download() as info:
            self.activate(link)
        path = self.tmp / f"collegevoorstel-{'keyboard' if self.keyboard else 'mouse'}.pdf"
        info.value.save_as(path)
        assert path.read_bytes().startswith(b"%PDF")
        text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout
        text = " ".join(text.split())  # lines wrap anywhere in the PDF
        version = DossierVersion.objects.get(dossier__slug="twenterand", number=2)
        beslispunten = [b["text"] for b in viewmodel.collegevoorstel(version).beslispunten]  # as filled in
        assert len(beslispunten) == 4, "the four beslispunten of fixtures/twenterand/voorstel.json"
        assert "Beslispunten" in text
        for punt in beslispunten:
            assert "{" not in punt and " ".join(punt.split()) in text, punt
        log_out(page, keyboard=self.keyboard)


@pytest.fixture
def pdftotext():
    if not shutil.which("pdftotext"):
        message = "pdftotext is missing (apt-get install poppler-utils)"
        if os.environ.get("REQUIRE_BROWSER") == "1":
            pytest.fail(message)
        pytest.skip(f"SKIPPED: {message}")


@pytest.mark.parametrize("keyboard", [False, True], ids=["mouse", "keyboard"])
def test_the_three_flows(page, live_server, twenterand, tmp_path, pdftotext, keyboard):
    flows = Flows(page, live_server, tmp_path, keyboard=keyboard)
    flows.kwartiermaker_prepares()
    flows.werkgroep_advises()
    flows.kwartiermaker_settles_and_college_downloads()
    if keyboard:
        print(
            f"\nkeyboard: {len(flows.presses)} controls reached with {sum(flows.presses)} presses of Tab/Shift+Tab;"
            f" at most {flows.furthest[0]} to {flows.furthest[1]}"
        )
