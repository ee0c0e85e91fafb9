"""The documents of a frozen version: HTML with the Dutch headings and beslispunten, an archival tagged PDF that
qpdf accepts and whose text can be extracted, a fetcher that never leaves the project, storage once per version,
who may do what, and the proposal_pdf command."""

import io
import re
import shutil
import subprocess
import threading

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils.html import escape

from documents import render, services, viewmodel
from documents.models import Beslispunt, ProposalHeading, VersionDocument
from documents.viewmodel import DOCUMENTS
from dossier.models import Role
from dossier.tests.factories import MembershipFactory

pytestmark = pytest.mark.django_db
TOOLS = all(shutil.which(t) for t in ("qpdf", "pdfinfo", "pdftotext"))
needs_tools = pytest.mark.skipif(not TOOLS, reason="poppler-utils and qpdf are not installed (apt-get install them)")
# Whole euros with Dutch thousands dots; in the HTML a no-break space follows the €, in pdftotext's output a space.
DUTCH_MONEY = re.compile(r"€\s-?\d{1,3}(\.\d{3})+(?![\d,])")


@pytest.fixture
def version(kwartiermaker):
    return services.version_publish(membership=kwartiermaker, status="definitief")


def member(dossier, role):
    return MembershipFactory(dossier=dossier, role=Role(role)).user


HEADINGS = {
    "collegevoorstel": ["Beslispunten", "Aanleiding", "Argumenten", "Financiële consequenties", "Juridische aspecten"],
    "beslisdocument": ["Financiën per scenario", "Gevoeligheid", "Break-even"],
    "lokaal-plan": ["Lokaal plan sociale infrastructuur"],
    "reactie": ["Conclusie", "Aanbeveling"],  # without any response written, that is said once at the top
    "bronnen": ["Bronnenregister"],
    "wijzigingen": ["Dit is de eerste versie"],
    "raadsinformatiebrief": ["Geachte leden van de raad", "Besluit van het college", "Vervolg", "Hoogachtend"],
}


@pytest.mark.parametrize("document", list(DOCUMENTS))
def test_every_document_has_its_dutch_headings(version, document):
    page = render.html(version, document)
    assert '<html lang="nl">' in page
    for heading in HEADINGS[document]:
        assert heading in page, heading
    assert version.short_hash in page and "1309531" in page  # running header: zaaknummer and version


def test_the_collegevoorstel_holds_the_beslispunten_and_the_comparison(version, twenterand):
    page = render.html(version, "collegevoorstel")
    punten = viewmodel.collegevoorstel(version).beslispunten  # placeholders filled in from the version
    assert len(punten) == Beslispunt.objects.filter(dossier=twenterand).count()
    for punt in punten:
        assert "{" not in punt["text"] and escape(punt["text"]) in page, punt["text"]
    assert DUTCH_MONEY.search(page)
    assert "<svg" in page  # the chart, inline
    assert "Rekenmodule Beslisdossier, versie 1" in page  # every figure carries its source
    assert re.search(r"\(rang 1\) kost in totaal €\s[\d.]+, €\s[\d.]+ (meer|minder) dan", page)


def test_the_collegevoorstels_chart_names_each_scenario_beside_its_bar_in_whole_euros(version, twenterand):
    from scenarios.models import Scenario

    page = render.html(version, "collegevoorstel")
    chart = re.search(r"<svg.*?</svg>", page, re.S).group(0)
    labels = " ".join(re.findall(r"<text[^>]*>([^<]*)</text>", chart))  # a long name is wrapped over lines
    for scenario in Scenario.objects.filter(dossier=twenterand):
        assert " ".join(scenario.name.split()) in " ".join(labels.split()), scenario.name
    amounts = re.findall(r"€[^<]*", chart)
    assert amounts and all(re.fullmatch(r"€\u00a0-?\d{1,3}(\.\d{3})*", amount) for amount in amounts), amounts


def test_documents_come_from_the_version_not_from_live_data(version, twenterand):
    Beslispunt.objects.filter(dossier=twenterand, number=1).update(text="Later gewijzigd, na het vastleggen")
    assert "Later gewijzigd" not in render.html(version, "collegevoorstel")


def test_headings_are_the_gemeentes_own(kwartiermaker, twenterand):
    ProposalHeading.objects.filter(dossier=twenterand, section="aanleiding").update(heading="Waarom dit voorstel")
    ProposalHeading.objects.filter(dossier=twenterand, section="communicatie").update(shown=False)
    page = render.html(services.version_publish(membership=kwartiermaker, status="concept"), "collegevoorstel")
    assert "Waarom dit voorstel" in page
    assert "Communicatie en participatie" not in page


@needs_tools
def test_the_pdf_is_archival_tagged_and_readable(version, tmp_path):
    stored = render.stored_pdf(version, "collegevoorstel")
    path = tmp_path / "voorstel.pdf"
    path.write_bytes(bytes(stored.content))
    assert subprocess.run(["qpdf", "--check", str(path)], capture_output=True).returncode == 0
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True).stdout
    assert "Tagged:          yes" in info
    assert "Page size:       595.276 x 841.89 pts (A4)" in info
    pages = int(re.search(r"Pages:\s+(\d+)", info).group(1))
    assert 3 <= pages <= 12
    meta = subprocess.run(["pdfinfo", "-meta", str(path)], capture_output=True, text=True).stdout
    assert 'pdfaid:part="2"' in meta and 'pdfaid:conformance="A"' in meta
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True).stdout
    assert "Beslispunten" in text and "Het lokaal plan sociale infrastructuur vast te stellen" in text
    assert DUTCH_MONEY.search(text)
    assert f"Pagina 1 van {pages}" in text
    fonts = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True).stdout
    assert "DejaVu-Sans" in fonts  # the documents' stylesheet (applied by render, not linked) with its own fonts


def test_the_stylesheet_is_parsed_once_per_thread_and_used_for_every_pdf():
    page = '<html lang="nl"><head><title>t</title></head><body class="document"><h1>Kop</h1></body></html>'
    render.pdf_bytes(page)
    first = render._document_styles()
    render.pdf_bytes(page)
    assert render._document_styles() is first
    seen = []
    thread = threading.Thread(target=lambda: seen.append(render._document_styles()))
    thread.start()
    thread.join()
    assert seen[0] is not first  # WeasyPrint's font configuration is not shared between threads


def test_a_pdf_is_made_once_and_served_again(version):
    first = render.stored_pdf(version, "reactie")
    again = render.stored_pdf(version, "reactie")
    assert first.pk == again.pk and bytes(first.content) == bytes(again.content)
    assert VersionDocument.objects.filter(version=version, document="reactie").count() == 1


SSRF = [
    '<img src="file:///etc/passwd" alt="x">',
    '<img src="http://169.254.169.254/latest/meta-data/" alt="x">',
    '<link rel="attachment" href="file:///etc/passwd">',
    '<link rel="stylesheet" href="https://example.org/evil.css">',
    "<style>@import url(http://169.254.169.254/x.css);</style>",
    '<style>body { background: url("file:///etc/shadow"); }</style>',
    '<img src="https://beslisdossier.invalid/static/../../../etc/passwd" alt="x">',
]


@pytest.mark.parametrize("payload", SSRF)
def test_the_pdf_fetches_nothing_outside_the_project(payload, monkeypatch):
    from urllib import request

    def no_network(*args, **kwargs):
        raise AssertionError("a URL was opened")

    monkeypatch.setattr(request.OpenerDirector, "open", no_network)
    fetcher = render.restricted_fetcher()
    html = f'<html lang="nl"><head><title>t</title></head><body><h1>Test</h1>{payload}<p>tekst</p></body></html>'
    pdf = render.pdf_bytes(html, fetcher=fetcher)
    assert pdf.startswith(b"%PDF")
    assert fetcher.refused, "the resource was refused, not fetched"


def test_user_text_with_resources_is_only_text_in_the_documents(kwartiermaker, twenterand, monkeypatch):
    Beslispunt.objects.filter(dossier=twenterand, number=1).update(
        text='<img src="file:///etc/passwd"> http://169.254.169.254/ <link rel=attachment href="/etc/passwd">'
    )
    version = services.version_publish(membership=kwartiermaker, status="concept")
    page = render.html(version, "collegevoorstel", for_pdf=True)
    assert "&lt;img src=&quot;file:///etc/passwd&quot;&gt;" in page
    fetcher = render.restricted_fetcher()
    render.pdf_bytes(page, fetcher=fetcher)
    assert fetcher.refused == []  # only the stylesheet and the fonts were read, from disk


def test_who_may_do_what(version, twenterand, client):
    pdf = reverse("dossier:document-pdf", args=["twenterand", version.number, "collegevoorstel"])
    preview = reverse("dossier:document-preview", args=["twenterand", version.number, "beslisdocument"])
    render.stored_pdf(version, "collegevoorstel")  # as the worker makes it (documents/tests/test_tasks.py)
    client.force_login(member(twenterand, "college"))
    response = client.get(pdf)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert client.get(reverse("dossier:documents", args=["twenterand"])).status_code == 200
    client.force_login(member(twenterand, "werkgroep"))
    assert client.get(preview).status_code == 200
    assert client.post(reverse("dossier:versions", args=["twenterand"]), {"status": "concept"}).status_code == 403
    create = reverse("dossier:create", args=["twenterand", "beslispunt"])
    assert client.post(create, {"number": 9, "text": "Nee"}).status_code == 403
    assert not Beslispunt.objects.filter(number=9).exists()
    outsider = MembershipFactory(role=Role.KWARTIERMAKER).user
    client.force_login(outsider)
    assert client.get(pdf).status_code == 404
    assert (
        client.get(reverse("dossier:document-preview", args=["twenterand", version.number, "nope"])).status_code == 404
    )


def test_the_download_page_lists_the_definitive_collegevoorstel_first_with_size_and_hash(version, twenterand, client):
    stored = render.stored_pdf(version, "collegevoorstel")
    client.force_login(member(twenterand, "college"))
    page = client.get(reverse("dossier:documents", args=["twenterand"])).content.decode()
    assert page.index("Collegevoorstel") < page.index("Bijlage 1")
    assert stored.sha256[:14] in page


@needs_tools
def test_the_command_writes_the_pdf_and_freezes_first_without_a_version(kwartiermaker, tmp_path):
    out = tmp_path / "voorstel.pdf"
    call_command("proposal_pdf", "--dossier", "twenterand", "--out", str(out), stderr=io.StringIO())
    assert out.read_bytes().startswith(b"%PDF")
    text = subprocess.run(["pdftotext", str(out), "-"], capture_output=True, text=True).stdout
    assert "Het college besluit" in text
    assert kwartiermaker.dossier.versions.get().status == "concept"


@pytest.mark.parametrize(
    "args",
    [
        ["--dossier", "nope", "--out", "x.pdf"],
        ["--dossier", "twenterand", "--out", "x.pdf", "--version", "99"],
        ["--dossier", "twenterand", "--out", "x.pdf", "--document", "foo"],
        ["--dossier", "twenterand", "--out", "x.pdf", "--version", "abc"],
        ["--out", "x.pdf"],
    ],
)
def test_bad_arguments_exit_2_with_a_message(twenterand, args, capsys):
    with pytest.raises(SystemExit) as exit_info:
        call_command("proposal_pdf", *args)
    assert exit_info.value.code == 2
    assert "proposal_pdf:" in capsys.readouterr().err


def test_several_pdfs_are_made_at_once_each_complete():
    pages = {
        key: f'<html lang="nl"><head><title>{key}</title></head><body><h1>{key}</h1><p>tekst</p></body></html>'
        for key in ("een", "twee", "drie")
    }
    made = render.pdfs_in_parallel(pages)
    assert list(made) == ["een", "twee", "drie"]
    assert all(pdf.startswith(b"%PDF") and pdf.rstrip().endswith(b"%%EOF") for pdf in made.values())
