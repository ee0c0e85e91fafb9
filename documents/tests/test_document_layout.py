"""The documents of a definitive Twenterand version as the college reads them, checked on the PDF itself (pdftotext
-bbox): nothing leaves the page, no text is cut mid-word with "…", every year of the horizon is there, amounts are in
whole euros and the collegevoorstel stays within 2–6 pages. The whole set is rendered once for the module."""

import re
import shutil
import subprocess
from dataclasses import dataclass
from html import unescape

import pytest
from django.db import transaction
from django.utils.html import escape

from documents import render, services, viewmodel
from documents.viewmodel import DOCUMENTS, TOP_RISKS
from dossier.models import Risk, Role
from dossier.tests.factories import MembershipFactory
from dossier.tests.twenterand import load_twenterand

pytestmark = [
    pytest.mark.layout,
    pytest.mark.skipif(
        not shutil.which("pdftotext"), reason="SKIPPED: pdftotext missing (apt-get install poppler-utils)"
    ),
]
MM = 72 / 25.4  # PDF points per millimetre
# The page margins of static/css/documents.css (@page): left 25 mm, right 20 mm. The running header and the page
# number sit inside them too, so every word on a page lies between the two.
LEFT, RIGHT = 25 * MM, 20 * MM
SLACK = 0.5  # points: rounding of the glyph boxes
WORD = re.compile(r'<word xMin="([\d.-]+)" yMin="([\d.-]+)" xMax="([\d.-]+)" yMax="([\d.-]+)">(.*?)</word>')
RISKS: list[str] = []  # the open risks' descriptions, largest first (filled by the fixture)
PAGE = re.compile(r'<page width="([\d.]+)" height="([\d.]+)">(.*?)</page>', re.S)


@dataclass
class Rendered:
    pages: list  # per page: (width, height, [(x_min, y_min, x_max, y_max, word)])
    text: str  # the words in reading order, one space between them
    html: str


def _read(pdf: bytes, path) -> Rendered:
    path.write_bytes(pdf)
    bbox = subprocess.run(["pdftotext", "-bbox", str(path), "-"], capture_output=True, text=True, check=True).stdout
    pages = [
        (
            float(width),
            float(height),
            [(float(a), float(b), float(c), float(d), unescape(w)) for a, b, c, d, w in WORD.findall(body)],
        )
        for width, height, body in PAGE.findall(bbox)
    ]
    text = " ".join(word for _w, _h, words in pages for *_box, word in words)
    return Rendered(pages, text, "")


@pytest.fixture(scope="module")
def documents(django_db_setup, django_db_blocker, tmp_path_factory):
    """Twenterand frozen as a concept, one risk reworded, then frozen as definitive (so the wijzigingen have
    something to show); every document of that version as PDF, laid out on both cores."""
    folder = tmp_path_factory.mktemp("layout")
    with django_db_blocker.unblock(), transaction.atomic():
        twenterand = load_twenterand()
        kwartiermaker = MembershipFactory(dossier=twenterand, role=Role.KWARTIERMAKER)
        services.version_publish(membership=kwartiermaker, status="concept")
        risk = Risk.objects.filter(dossier=twenterand).order_by("pk").first()
        risk.description = f"{risk.description} Aangevuld na de eerste versie."
        risk.save()
        version = services.version_publish(membership=kwartiermaker, status="definitief")
        pages = {document: render.html(version, document, for_pdf=True) for document in DOCUMENTS}
        from finance.selectors import parameter

        RISKS[:] = [r["description"] for r in viewmodel.common.largest_risks(version.snapshot["content"])]
        years = range(int(parameter("horizon_start").value), int(parameter("horizon_end").value) + 1)
        transaction.set_rollback(True)
    pdfs = render.pdfs_in_parallel(pages)
    rendered = {document: _read(pdf, folder / f"{document}.pdf") for document, pdf in pdfs.items()}
    for document, page in pages.items():
        rendered[document].html = page
    return rendered, list(years)


@pytest.mark.parametrize("document", list(DOCUMENTS))
def test_no_word_leaves_the_page_or_its_side_margins(documents, document):
    rendered, _years = documents
    outside = [
        f"page {n}: {word!r} at x {x_min:.0f}–{x_max:.0f}, y {y_min:.0f}–{y_max:.0f} of {width:.0f} × {height:.0f}"
        for n, (width, height, words) in enumerate(rendered[document].pages, start=1)
        for x_min, y_min, x_max, y_max, word in words
        if x_min < LEFT - SLACK or x_max > width - RIGHT + SLACK or y_min < -SLACK or y_max > height + SLACK
    ]
    assert rendered[document].pages and not outside, outside


@pytest.mark.parametrize("document", list(DOCUMENTS))
def test_no_text_is_cut_mid_word(documents, document):
    rendered, _years = documents
    cut = re.findall(r"\S*[^\W\d_]…", rendered[document].text)
    assert not cut, cut


@pytest.mark.parametrize("document", ["collegevoorstel", "beslisdocument"])
def test_every_year_of_the_horizon_is_shown(documents, document):
    rendered, years = documents
    assert len(years) >= 5
    missing = [year for year in years if not re.search(rf"(?<!\d){year}(?!\d)", rendered[document].text)]
    assert not missing


@pytest.mark.parametrize("document", list(DOCUMENTS))
def test_amounts_are_in_whole_euros(documents, document):
    rendered, _years = documents
    # "€ -1,39 miljoen" (a findings text quoting Berenschot) is an amount in millions, not in cents.
    cents = re.findall(r"€\s?[-−]?\d[\d.]*,\d{2}(?!\d|\s*(?:miljoen|mln|miljard))", rendered[document].text)
    assert not cents, cents


@pytest.mark.parametrize("document", ["collegevoorstel", "beslisdocument"])
def test_a_figure_keeps_its_euro_sign_on_its_line(documents, document):
    """A calculated amount is written with a no-break space after the €, in tables, sentences and the chart."""
    rendered, _years = documents
    figures = re.findall(r'<td class="num">([^<]*€[^<]*)</td>', rendered[document].html)
    assert figures and all("€\u00a0" in figure for figure in figures), figures[:5]
    assert "€ " not in " ".join(re.findall(r"<svg.*?</svg>", rendered[document].html, re.S))


@pytest.mark.parametrize("document", list(DOCUMENTS))
def test_no_column_heading_is_broken_inside_a_word(documents, document):
    """A column too narrow for its heading breaks the word ("Houdbaa" over "r"): each word of a text column's
    heading is a whole word on the page."""
    rendered, _years = documents
    headings = re.findall(r'<th scope="col"(?: class="(?![^"]*\bnum\b)[^"]*")?>([^<]+)</th>', rendered[document].html)
    words = {word for _w, _h, page in rendered[document].pages for *_box, word in page}
    broken = {w for heading in headings for w in unescape(heading).split() if w.isalpha() and w not in words}
    assert not broken, broken


def test_the_raadsinformatiebrief_has_one_or_two_pages(documents):
    rendered, _years = documents
    assert 1 <= len(rendered["raadsinformatiebrief"].pages) <= 2


@pytest.mark.parametrize("document", list(DOCUMENTS))
def test_no_page_starts_with_a_source_line_left_behind_by_its_table(documents, document):
    rendered, _years = documents
    orphans = []
    for n, (_width, _height, words) in enumerate(rendered[document].pages, start=1):
        lines = sorted({round(y_min) for _x, y_min, _x2, _y2, _word in words})
        if len(lines) < 2:
            continue
        # The first line is the running header; the next one must not be a source line whose table is on the page
        # before.
        second = sorted((x, word) for x, y_min, _x2, _y2, word in words if round(y_min) == lines[1])
        if second and second[0][1] == "Bron:":
            orphans.append(n)
    assert not orphans, orphans


def test_the_collegevoorstel_has_two_to_six_pages(documents):
    rendered, _years = documents
    assert 2 <= len(rendered["collegevoorstel"].pages) <= 6


def test_the_collegevoorstel_quotes_its_largest_risks_whole_and_the_beslisdocument_all_of_them(documents):
    rendered, _years = documents
    # A text keeps its € with its amount (a no-break space); otherwise it is quoted as written.
    register = rendered["beslisdocument"].html.replace("€\u00a0", "€ ")
    quoted = [risk for risk in RISKS if escape(risk) in rendered["collegevoorstel"].html.replace("€\u00a0", "€ ")]
    assert len(quoted) == TOP_RISKS
    assert all(escape(risk) in register for risk in RISKS)


@pytest.mark.parametrize("document", ["beslisdocument", "lokaal-plan", "wijzigingen"])
def test_every_table_and_chart_has_its_source_line(documents, document):
    """A source line follows every table and chart, before anything else starts."""
    rendered, _years = documents
    page = rendered[document].html
    after_each = re.split(r"</table>(?:</div>)?", page)[1:]
    without = [n for n, after in enumerate(after_each, start=1) if not after.lstrip().startswith('<p class="source">')]
    assert not without, without
    figures = re.findall(r"<figure.*?</figure>", page, re.S)
    assert all('<figcaption class="source">' in figure for figure in figures)


@pytest.mark.parametrize(
    ("count", "sizes"), [(0, []), (1, [1]), (4, [4]), (5, [3, 2]), (6, [3, 3]), (8, [4, 4]), (9, [3, 3, 3])]
)
def test_scenarios_are_split_over_tables_of_at_most_four_as_evenly_as_possible(count, sizes):
    groups = viewmodel.common.column_groups([{"id": n} for n in range(count)])
    assert [len(g) for g in groups] == sizes
    assert [s["id"] for g in groups for s in g] == list(range(count))


@pytest.mark.django_db
@pytest.mark.parametrize("document", ["collegevoorstel", "beslisdocument"])
def test_more_scenarios_than_fit_side_by_side_make_several_tables_with_every_year(kwartiermaker, document, monkeypatch):
    monkeypatch.setattr(viewmodel.common, "SCENARIOS_PER_TABLE", 2)
    version = services.version_publish(membership=kwartiermaker, status="concept")
    page = render.html(version, document)
    tables = re.findall(r'<div class="figures">(.*?)</div>', page, re.S)
    assert len(tables) == 2
    names = [s["name"] for s in version.snapshot["results"]["scenarios"]]
    for table in tables:
        assert len(re.findall(r'<th scope="col" class="num">', table)) == 2
        assert '<th scope="row">2026</th>' in table and '<th scope="row">2033</th>' in table
    assert all(sum(escape(name) in table for table in tables) == 1 for name in names)
