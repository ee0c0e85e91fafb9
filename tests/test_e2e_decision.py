"""From voorstel to besluit to archief, end to end in a real browser with a real task worker (issue 19):

1. the kwartiermaker plans the advice and paraaf route from Twenterand's template and names who acts as each role,
   submits version 1 ter advisering and requests advice;
2. the daily sweep reminds Financiën three days before its deadline (inbox and e-mail); Financiën advises;
3. the kwartiermaker changes a text and submits version 2: the advice goes verouderd and Financiën confirms it;
   the kwartiermaker skips Juridisch's step with a reason; the afdelingshoofd and the gemeentesecretaris initial,
   the controller advises and the portefeuillehouder approves; the kwartiermaker offers version 2 to the college
   and freezes the definitive version 3, whose PDFs the worker makes;
4. the bestuurssecretariaat records the decision *gewijzigd* with the amended beslispunten: the dossier closes; the
   worker makes the decided copies; the decision is published;
5. the kwartiermaker downloads the archive package: every MDTO file is valid against the MDTO-XML 1.0.2 schema;
6. without logging in the Woo sitemap tells the published documents, they download, and nothing else is reachable.

On PostgreSQL in CI (`make test REQUIRE_POSTGRES=1`), on SQLite locally; axe runs on the new pages."""

import io
import json
import re
import zipfile
from datetime import timedelta
from urllib.parse import urlsplit

import pytest
import xmlschema
from django.core import mail
from django.core.management import call_command
from django.utils import timezone
from playwright.sync_api import expect

from documents import mdto
from documents.models import Decision, DossierVersion, VersionDocument
from dossier.models import ResearchArea
from werkgroep.models import RouteStep

from .browser_helpers import assert_accessible, log_in, log_out
from .test_worker import database_tasks, wait_for, worker  # noqa: F401  (fixtures)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

BASE = "/d/twenterand/"
TIMEOUT = 20_000


class Chain:
    def __init__(self, page, live_server, tmp_path):
        self.page, self.url, self.tmp = page, live_server.url, tmp_path
        page.set_default_timeout(TIMEOUT)

    def as_user(self, username: str):
        if self.page.get_by_role("button", name="Uitloggen").count():
            log_out(self.page)
        log_in(self.page, f"{self.url}/", username)

    def open(self, path: str, heading: str | None = None):
        self.page.goto(f"{self.url}{path}")
        if heading:
            expect(self.page.get_by_role("heading", level=1)).to_contain_text(heading)

    def step(self, position: int):
        return self.page.locator(f"#stap-{position}")

    def freeze(self, status: str, label: str, note: str):
        self.open(f"{BASE}versies/", "Versies")
        self.page.get_by_label("Vastleggen als").select_option(status)
        self.page.get_by_role("textbox", name="Toelichting").fill(note)
        self.page.get_by_role("button", name="Nieuwe versie vastleggen").click()
        expect(self.page.get_by_role("heading", level=1)).to_contain_text(label)


def test_from_voorstel_to_besluit_to_archief(page, live_server, twenterand, worker, tmp_path):  # noqa: F811
    worker()
    chain = Chain(page, live_server, tmp_path)

    # 1. The route, planned and its roles named; version 1 submitted ter advisering; advice requested.
    chain.as_user("kwartiermaker")
    chain.open(f"{BASE}route/", "Advies- en paraafroute")
    page.get_by_role("button", name="Route inrichten").click()
    expect(page.locator("table.route tbody tr")).to_have_count(9)
    for member, roles in (
        ("Joris Jurist", ("Afdelingshoofd", "Gemeentesecretaris")),
        ("Fatima Financier", ("Controller",)),
        ("Willem Wethouder", ("Portefeuillehouder",)),
    ):
        row = page.locator("tr", has_text=member)
        for role in roles:
            row.get_by_label(role).check()
        row.get_by_role("button", name="Opslaan").click()
        expect(page.locator("ul.messages")).to_contain_text("opgeslagen")
    assert_accessible(page, "the planned route with its roles")
    chain.freeze("ter_advisering", "Versie 1", "Ter advisering aan de werkgroep")
    chain.open(f"{BASE}advies/", "Advies van de werkgroep")
    page.get_by_role("textbox", name="Waar de werkgroep naar moet kijken").fill("Graag uw advies over versie 1.")
    page.get_by_role("button", name="Advies vragen").click()
    expect(page.locator("table.matrix")).to_contain_text("Nog niet geadviseerd")

    # 2. Three days before Financiën's deadline the daily sweep reminds its adviser, in the inbox and by e-mail.
    first = RouteStep.objects.get(route__version__number=1, position=1)
    mail.outbox.clear()
    call_command("route_reminders", "--datum", (first.deadline - timedelta(days=3)).isoformat(), stdout=io.StringIO())
    assert any("fatima" in " ".join(m.to).lower() or "financ" in " ".join(m.to).lower() for m in mail.outbox), [
        m.to for m in mail.outbox
    ]
    chain.as_user("werkgroep-financien")
    chain.open("/meldingen/", "Meldingen")
    expect(page.get_by_role("main")).to_contain_text(re.compile("Herinnering.*versie 1"))
    chain.open(f"{BASE}advies/", "Advies van de werkgroep")
    page.get_by_role("radio", name="Positief", exact=True).check()
    page.get_by_role("textbox", name="Verklaring").fill("Financieel verantwoord; dekking in de meerjarenraming.")
    page.get_by_role("button", name="Advies geven").click()
    expect(page.locator("#advies-financien")).to_contain_text("Positief")
    first.refresh_from_db()
    assert first.status == RouteStep.Status.DONE

    # 3. A text changes; version 2 goes ter advisering and Financiën's advice is verouderd until confirmed.
    chain.as_user("kwartiermaker")
    area = ResearchArea.objects.filter(dossier=twenterand).order_by("number")[1]
    chain.open(f"{BASE}onderzoeksgebieden/{area.number}/", area.title)
    section = page.locator("#" + page.locator("section[id$='-open_questions']").get_attribute("id"))
    section.get_by_role("link", name="Bewerken Open vragen").click()
    page.get_by_role("textbox", name="Open vragen").fill("- Welke locatie in Vriezenveen is geschikt?")
    section.get_by_role("button", name="Opslaan").click()
    expect(section.get_by_text("Welke locatie in Vriezenveen is geschikt?")).to_be_visible()
    chain.freeze("ter_advisering", "Versie 2", "Open vragen aangevuld")

    chain.as_user("werkgroep-financien")
    chain.open(f"{BASE}advies/", "Advies van de werkgroep")
    expect(page.locator("#advies-financien")).to_contain_text("Verouderd")
    assert_accessible(page, "outdated advice")
    page.get_by_role("button", name="Bevestigen: het advies blijft staan").click()
    expect(page.locator("#advies-financien")).to_contain_text("Bevestigd voor versie 2")

    chain.as_user("kwartiermaker")
    chain.open(f"{BASE}route/versie/2/", "Route van versie 2")
    chain.step(2).locator("summary", has_text="Deze stap overslaan").click()
    chain.step(2).get_by_label("Reden om over te slaan").fill("Juridisch adviseerde mondeling in het MT van maandag.")
    chain.step(2).get_by_role("button", name="Overslaan met deze reden").click()
    expect(chain.step(2)).to_contain_text("Overgeslagen")

    for username, position, button in (
        ("werkgroep-juridisch", 6, "Paraferen"),  # afdelingshoofd
        ("werkgroep-financien", 7, "Advies geven"),  # controller
        ("werkgroep-juridisch", 8, "Paraferen"),  # gemeentesecretaris
        ("college", 9, "Accorderen"),  # portefeuillehouder
    ):
        chain.as_user(username)
        chain.open(f"{BASE}route/versie/2/", "Route van versie 2")
        chain.step(position).get_by_role("button", name=button).click()
        expect(chain.step(position)).to_contain_text("Afgerond")

    chain.as_user("kwartiermaker")
    chain.open(f"{BASE}route/versie/2/", "Route van versie 2")
    assert_accessible(page, "a route ready for the college")
    page.get_by_role("button", name="Aanbieden aan het college").click()
    expect(page.get_by_role("main")).to_contain_text("Aangeboden aan het college")
    chain.freeze("definitief", "Versie 3", "Definitief voor het college")
    wait_for(
        lambda: VersionDocument.objects.filter(version__number=3, state="ready").count() == 7,
        "the worker made the seven documents of version 3",
    )

    # 4. The bestuurssecretariaat records the decision gewijzigd; the dossier closes; the decision is published.
    chain.as_user("bestuurssecretariaat")
    chain.open(f"{BASE}versies/3/", "Versie 3")
    form = page.locator("form", has=page.get_by_role("button", name="Besluit vastleggen"))
    form.get_by_label("Datum van de collegevergadering").fill(timezone.localdate().isoformat())
    form.get_by_role("radio", name="Gewijzigd").check()
    amended = form.get_by_label("Gewijzigde beslispunten (alleen bij “gewijzigd”)")
    amended.fill(amended.input_value() + "\n5. De raad wordt elk kwartaal geïnformeerd over de voortgang.")
    form.get_by_label("Tekst in de besluitenlijst").fill("Besloten conform voorstel, met een vijfde beslispunt.")
    form.get_by_role("button", name="Besluit vastleggen").click()
    expect(page.locator("#besluit")).to_contain_text("Gewijzigd")
    assert_accessible(page, "the recorded decision")
    decision = Decision.objects.get()
    assert decision.outcome == "gewijzigd" and "vijfde" not in decision.amended_beslispunten
    assert "elk kwartaal" in decision.amended_beslispunten
    wait_for(
        lambda: (
            VersionDocument.objects.filter(version__number=3, document__contains="-besluit-", state="ready").count()
            == 2
        ),
        "the worker made the decided copies",
    )
    page.reload()
    page.get_by_role("button", name="Publiceren (Woo)").click()
    expect(page.locator("#besluit")).to_contain_text("gepubliceerd op")

    chain.as_user("kwartiermaker")
    chain.open(BASE)
    expect(page.locator(".closed-banner")).to_contain_text("gesloten voor bewerking")
    chain.open(f"{BASE}onderzoeksgebieden/{area.number}/", area.title)
    expect(page.get_by_role("link", name=re.compile("^Bewerken"))).to_have_count(0)

    # 5. The archive package, downloaded by the kwartiermaker: every MDTO file valid.
    chain.open(f"{BASE}versies/3/", "Versie 3")
    with page.expect_download() as download:
        page.get_by_role("link", name="Archiefpakket downloaden (ZIP)").click()
    path = tmp_path / "archief.zip"
    download.value.save_as(path)
    schema = xmlschema.XMLSchema(str(mdto.SCHEMA))
    with zipfile.ZipFile(path) as package:
        names = package.namelist()
        metadata = [n for n in names if n.endswith(".mdto.xml")]
        assert len(metadata) >= 1 + 7 + 2, names  # the dossier, its documents and the decided copies
        for name in metadata:
            schema.validate(package.read(name))
        besluit = json.loads(next(package.read(n) for n in names if n.endswith("besluit.json")))
    assert "gewijzigd" in json.dumps(besluit)
    assert DossierVersion.objects.get(number=3).status == "definitief"

    # 6. Without logging in: the Woo sitemap and the published documents, nothing else.
    page.context.clear_cookies()
    sitemap = page.request.get(f"{chain.url}/woo/twenterand/sitemap.xml")
    assert sitemap.status == 200
    locs = re.findall(r"<loc>([^<]+)</loc>", sitemap.text())
    assert len(locs) == 7 and all("/woo/twenterand/3/" in loc for loc in locs), locs
    published = page.request.get(chain.url + urlsplit(locs[0]).path)  # the links start with SITE_URL
    assert published.status == 200 and published.body().startswith(b"%PDF")
    for path in ("/woo/twenterand/1/collegevoorstel.pdf", "/woo/twenterand/3/collegevoorstel.pdf"):
        assert page.request.get(f"{chain.url}{path}").status == 404, path
    assert page.request.get(f"{chain.url}{BASE}versies/3/", max_redirects=0).status == 302
