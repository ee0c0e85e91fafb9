"""The Woo publication: the sitemap with DiWoo metadata of what is published, public without logging in, and
nothing else reachable; `manage.py woo_sitemap`. The decisions are the seam's (selectors.published_decisions):
here stand-ins for published decisions on frozen versions."""

import xml.etree.ElementTree as ET
from datetime import date, datetime
from types import SimpleNamespace
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command
from django.test import Client

from documents import woo
from documents.catalogue import DOCUMENTS
from documents.tests.test_archive import freeze
from dossier.tests.factories import DossierFactory

NS = {"s": woo.SITEMAP, "d": woo.DIWOO}
AMSTERDAM = ZoneInfo("Europe/Amsterdam")


def decided(version, *, meeting=date(2026, 12, 1), published=datetime(2026, 12, 3, 9, 30, tzinfo=AMSTERDAM)):
    return SimpleNamespace(version=version, meeting_date=meeting, published_at=published)


@pytest.fixture
def twenterand(db):
    return DossierFactory(slug="twenterand", gemeente="Twenterand", title="Beschut werk")


@pytest.fixture
def published(monkeypatch, twenterand):
    """Version 2 of two decided and published; version 1 is not."""
    freeze(twenterand)
    version = freeze(twenterand)
    decisions = {twenterand.pk: [decided(version)]}
    monkeypatch.setattr(woo, "published_decisions", lambda dossier: decisions.get(dossier.pk, []))
    return version


def parse(body: bytes) -> ET.Element:
    assert body.startswith(b"<?xml version='1.0' encoding='utf-8'?>")
    return ET.fromstring(body)


def test_tooi_names_the_gemeente_by_its_identifier():
    assert woo.publisher("Twenterand") == (
        "https://identifier.overheid.nl/tooi/id/gemeente/gm1700",
        "gemeente Twenterand",
    )
    assert woo.publisher("twenterand ") == woo.publisher("Twenterand")
    assert woo.publisher("Atlantis") is None


def test_nothing_published_is_an_empty_well_formed_sitemap(twenterand):
    root = parse(woo.sitemap(twenterand))
    assert root.tag == f"{{{woo.SITEMAP}}}urlset" and list(root) == []
    assert list(parse(woo.sitemap(None))) == []


def test_each_ready_document_of_a_published_decision_is_told_with_diwoo_metadata(published, twenterand):
    root = parse(woo.sitemap(twenterand, "https://besluiten.twenterand.nl/"))
    urls = root.findall("s:url", NS)
    assert len(urls) == len(DOCUMENTS)
    first = urls[0]
    assert (
        first.findtext("s:loc", namespaces=NS) == "https://besluiten.twenterand.nl/woo/twenterand/2/collegevoorstel.pdf"
    )
    assert first.findtext("s:lastmod", namespaces=NS) == "2026-12-03"
    diwoo = first.find("s:lastmod/../d:Document/d:DiWoo", NS)
    publisher = diwoo.find("d:publisher", NS)
    assert publisher.get("resource").endswith("/gemeente/gm1700") and publisher.text == "gemeente Twenterand"
    assert diwoo.findtext("d:identifiers/d:identifier", namespaces=NS) == "beslisdossier/twenterand/v2/collegevoorstel"
    assert diwoo.findtext("d:titelcollectie/d:officieleTitel", namespaces=NS) == "Collegevoorstel: Beschut werk"
    category = diwoo.find("d:classificatiecollectie/d:informatiecategorieen/d:informatiecategorie", NS)
    assert category.get("resource") == "https://identifier.overheid.nl/tooi/def/thes/kern/c_3a248e3a"
    assert category.text == "agenda’s en besluitenlijsten bestuurscolleges"
    assert diwoo.findtext("d:creatiedatum", namespaces=NS) == "2026-12-01"
    assert diwoo.find("d:format", NS).get("resource").endswith("/file-type/PDF")
    handling = diwoo.find("d:documenthandelingen/d:documenthandeling", NS)
    assert handling.find("d:soortHandeling", NS).get("resource").endswith("/c_641ecd76")
    assert handling.findtext("d:atTime", namespaces=NS) == "2026-12-01T00:00:00+01:00"


def test_a_document_still_being_made_is_not_told(monkeypatch, twenterand):
    version = freeze(twenterand, ready=False)
    monkeypatch.setattr(woo, "published_decisions", lambda dossier: [decided(version)])
    locs = [u.findtext("s:loc", namespaces=NS) for u in parse(woo.sitemap(twenterand)).findall("s:url", NS)]
    assert len(locs) == len(DOCUMENTS) - 1 and not any(loc.endswith("/bronnen.pdf") for loc in locs)


def test_a_gemeente_outside_the_tooi_list_cannot_publish(monkeypatch, db):
    dossier = DossierFactory(gemeente="Atlantis")
    version = freeze(dossier)
    monkeypatch.setattr(woo, "published_decisions", lambda d: [decided(version)])
    with pytest.raises(woo.WooError, match="Atlantis"):
        woo.sitemap(dossier)
    assert list(parse(Client().get(f"/woo/{dossier.slug}/sitemap.xml").content)) == []


def test_without_logging_in_only_the_published_documents_are_reachable(published, twenterand, client):
    sitemap = client.get("/woo/twenterand/sitemap.xml")
    assert sitemap.status_code == 200 and sitemap["Content-Type"].startswith("application/xml")
    assert len(parse(sitemap.content).findall("s:url", NS)) == len(DOCUMENTS)
    pdf = client.get("/woo/twenterand/2/collegevoorstel.pdf")
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    assert pdf.content.endswith(b"collegevoorstel") and pdf["X-Content-SHA256"]
    for path in (
        "/woo/twenterand/1/collegevoorstel.pdf",  # frozen, not decided
        "/woo/twenterand/3/collegevoorstel.pdf",  # no such version
        "/woo/twenterand/2/onbekend.pdf",
        "/woo/elders/2/collegevoorstel.pdf",
        "/d/twenterand/versies/2/collegevoorstel/pdf/",  # the dossier's own download stays behind the login
    ):
        assert client.get(path).status_code in (302, 404), path
    assert client.get("/d/twenterand/versies/2/collegevoorstel/pdf/").status_code == 302
    assert client.post("/woo/twenterand/sitemap.xml").status_code == 405


def test_a_dossier_without_publications_and_a_missing_one_look_the_same(twenterand, client):
    for slug in ("twenterand", "bestaat-niet"):
        response = client.get(f"/woo/{slug}/sitemap.xml")
        assert response.status_code == 200 and list(parse(response.content)) == []


def test_the_command_writes_to_standard_output_or_a_file(published, twenterand, tmp_path, capsys):
    call_command("woo_sitemap", "--dossier", "twenterand", "--site", "https://besluiten.twenterand.nl")
    printed = capsys.readouterr().out.encode()
    assert len(parse(printed).findall("s:url", NS)) == len(DOCUMENTS)
    out = tmp_path / "sitemap.xml"
    call_command("woo_sitemap", "--dossier", "twenterand", "--out", str(out))
    assert len(parse(out.read_bytes()).findall("s:url", NS)) == len(DOCUMENTS)


@pytest.mark.parametrize(
    "arguments, message",
    [
        (["--dossier", "bestaat-niet"], "woo_sitemap: dossier 'bestaat-niet' bestaat niet"),
        (["--dossier", "twenterand", "--out", "/geen/map/sitemap.xml"], "woo_sitemap: kan /geen/map/sitemap.xml niet"),
        (["--dossier", "twenterand", "--site", "ftp://x"], "woo_sitemap: --site moet een adres zijn"),
        ([], "woo_sitemap: the following arguments are required: --dossier"),
    ],
)
def test_a_bad_call_is_one_line_and_non_zero(twenterand, capsys, arguments, message):
    with pytest.raises(SystemExit) as exit_:
        call_command("woo_sitemap", *arguments)
    assert exit_.value.code == 2
    err = capsys.readouterr().err.strip()
    assert err.startswith(message) and "\n" not in err


def test_an_empty_dossier_prints_an_empty_sitemap(twenterand, capsys):
    call_command("woo_sitemap", "--dossier", "twenterand")
    assert list(parse(capsys.readouterr().out.encode())) == []
