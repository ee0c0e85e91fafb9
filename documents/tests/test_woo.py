"""The Woo publication: the sitemap with DiWoo metadata of what is published, public without logging in, and
nothing else reachable; `manage.py woo_sitemap`. Decisions are recorded and published through the services."""

import hashlib
import xml.etree.ElementTree as ET
from datetime import datetime, time

import pytest
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from documents import archive, services, woo
from documents.catalogue import DOCUMENTS, decided_copy
from documents.models import ArchiveCategory, VersionDocument
from documents.tests.test_archive import freeze, twenterand_category
from dossier import transfer
from dossier.models import Role
from dossier.tests.factories import DossierFactory, MembershipFactory
from dossier.tests.transfer_helpers import _export

NS = {"s": woo.SITEMAP, "d": woo.DIWOO}


def decide(version, *, publish=True, openbaar=True):
    """The bestuurssecretariaat records the college's decision conform on `version` and publishes it."""
    secretariaat = MembershipFactory(dossier=version.dossier, role=Role.BESTUURSSECRETARIAAT)
    decision = services.decision_record(
        membership=secretariaat,
        version=version,
        meeting_date=timezone.localdate(),
        outcome="conform",
        besluitenlijst="Conform.",
    )
    if publish:
        decision = services.decision_publish(membership=secretariaat, decision=decision)
    return decision


def make_ready(decision):
    """The decided copies as the worker stores them (a stand-in PDF with its checksum and size)."""
    for key in ("collegevoorstel", "raadsinformatiebrief"):
        content = b"%PDF decided " + key.encode()
        VersionDocument.objects.filter(version=decision.version, document=decided_copy(key, decision.number)).update(
            state="ready",
            content=content,
            sha256=hashlib.sha256(content).hexdigest(),
            size=len(content),
            pdf_variant="pdf/a-2a",
        )


@pytest.fixture
def twenterand(db):
    return DossierFactory(slug="twenterand", gemeente="Twenterand", title="Beschut werk")


@pytest.fixture
def published(twenterand):
    """Version 2 of two decided, its decided copies made, and published; version 1 is not decided."""
    freeze(twenterand)
    decision = decide(freeze(twenterand, category=ArchiveCategory.objects.create(**twenterand_category())))
    make_ready(decision)
    return decision


def parse(body: bytes) -> ET.Element:
    assert body.startswith(b"<?xml version='1.0' encoding='utf-8'?>")
    return ET.fromstring(body)


def locs(body: bytes) -> list[str]:
    return [u.findtext("s:loc", namespaces=NS) for u in parse(body).findall("s:url", NS)]


def test_tooi_names_the_gemeente_by_its_identifier():
    twenterand = ("https://identifier.overheid.nl/tooi/id/gemeente/gm1700", "gemeente Twenterand")
    assert woo.publisher("Twenterand") == twenterand
    assert woo.publisher("twenterand ") == twenterand
    assert woo.publisher("Atlantis") is None


def test_nothing_published_is_an_empty_well_formed_sitemap(twenterand):
    root = parse(woo.sitemap(twenterand))
    assert root.tag == f"{{{woo.SITEMAP}}}urlset" and list(root) == []
    assert list(parse(woo.sitemap(None))) == []


def test_a_decision_not_yet_published_or_not_public_is_not_told(twenterand):
    decide(freeze(twenterand), publish=False)
    assert locs(woo.sitemap(twenterand)) == []
    other = DossierFactory(gemeente="Twenterand")
    decision = decide(freeze(other, openbaar=False), publish=False)
    assert not decision.openbaar and locs(woo.sitemap(other)) == []


def test_the_decided_copies_and_the_bijlagen_are_told_with_diwoo_metadata(published, twenterand):
    number = published.version.number
    root = parse(woo.sitemap(twenterand, "https://besluiten.twenterand.nl/"))
    urls = root.findall("s:url", NS)
    names = [u.findtext("s:loc", namespaces=NS).rsplit("/", 1)[1] for u in urls]
    expected = [
        decided_copy(k, published.number) if k in ("collegevoorstel", "raadsinformatiebrief") else k for k in DOCUMENTS
    ]
    assert names == [f"{k}.pdf" for k in expected]  # the decided copies instead of the originals
    first = urls[0]
    site = "https://besluiten.twenterand.nl/woo/twenterand"
    assert first.findtext("s:loc", namespaces=NS) == f"{site}/{number}/{expected[0]}.pdf"
    assert first.findtext("s:lastmod", namespaces=NS) == timezone.localdate(published.published_at).isoformat()
    diwoo = first.find("d:Document/d:DiWoo", NS)
    publisher = diwoo.find("d:publisher", NS)
    assert publisher.get("resource").endswith("/gemeente/gm1700") and publisher.text == "gemeente Twenterand"
    identifier = diwoo.findtext("d:identifiers/d:identifier", namespaces=NS)
    assert identifier == f"beslisdossier/twenterand/v{number}/{expected[0]}"
    assert diwoo.findtext("d:titelcollectie/d:officieleTitel", namespaces=NS) == (
        "Collegevoorstel, besloten exemplaar: Beschut werk"
    )
    category = diwoo.find("d:classificatiecollectie/d:informatiecategorieen/d:informatiecategorie", NS)
    assert category.get("resource") == "https://identifier.overheid.nl/tooi/def/thes/kern/c_3a248e3a"
    assert category.text == "agenda’s en besluitenlijsten bestuurscolleges"
    meeting = published.meeting_date.isoformat()
    assert diwoo.findtext("d:creatiedatum", namespaces=NS) == meeting
    assert diwoo.find("d:format", NS).get("resource").endswith("/file-type/PDF")
    handling = diwoo.find("d:documenthandelingen/d:documenthandeling", NS)
    assert handling.find("d:soortHandeling", NS).get("resource").endswith("/c_641ecd76")
    midnight = timezone.make_aware(datetime.combine(published.meeting_date, time()))  # Amsterdam's offset that day
    assert (
        handling.findtext("d:atTime", namespaces=NS) == midnight.isoformat() and "T00:00:00+0" in midnight.isoformat()
    )


def test_a_document_still_being_made_is_not_told_until_it_is_ready(twenterand):
    decision = decide(freeze(twenterand, ready=False))
    told = locs(woo.sitemap(twenterand))
    assert not any(loc.endswith(("/bronnen.pdf", f"-besluit-{decision.number}.pdf")) for loc in told)
    assert len(told) == len(DOCUMENTS) - 3
    make_ready(decision)
    assert len(locs(woo.sitemap(twenterand))) == len(DOCUMENTS) - 1


def test_a_gemeente_outside_the_tooi_list_cannot_publish(db):
    dossier = DossierFactory(gemeente="Atlantis")
    make_ready(decide(freeze(dossier)))
    with pytest.raises(woo.WooError, match="Atlantis"):
        woo.sitemap(dossier)
    assert list(parse(Client().get(f"/woo/{dossier.slug}/sitemap.xml").content)) == []


def test_without_logging_in_only_the_published_documents_are_reachable(published, twenterand, client):
    number, pk = published.version.number, published.number
    sitemap = client.get("/woo/twenterand/sitemap.xml")
    assert sitemap.status_code == 200 and sitemap["Content-Type"].startswith("application/xml")
    assert len(locs(sitemap.content)) == len(DOCUMENTS)
    pdf = client.get(f"/woo/twenterand/{number}/collegevoorstel-besluit-{pk}.pdf")
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    assert pdf.content == b"%PDF decided collegevoorstel" and pdf["X-Content-SHA256"]
    assert client.get(f"/woo/twenterand/{number}/beslisdocument.pdf").status_code == 200
    for path in (
        f"/woo/twenterand/{number}/collegevoorstel.pdf",  # the original, without the besluit: the decided copy is
        f"/woo/twenterand/{number - 1}/collegevoorstel.pdf",  # frozen, not decided
        f"/woo/twenterand/{number + 1}/collegevoorstel.pdf",  # no such version
        f"/woo/twenterand/{number}/onbekend.pdf",
        f"/woo/elders/{number}/beslisdocument.pdf",
    ):
        assert client.get(path).status_code == 404, path
    assert client.get(f"/d/twenterand/versies/{number}/beslisdocument/pdf/").status_code == 302  # behind the login
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


def test_a_decided_dossier_moved_to_another_installation_keeps_its_decided_copies(published, twenterand):
    """The decided copies are named by the decision's number on its version, which an import keeps (the database
    id does not): the imported dossier publishes and archives them as the original does."""
    copy = transfer.dossier_import(data=transfer.loads(_export(twenterand)), slug="twenterand-kopie")
    names = [loc.rsplit("/", 1)[1] for loc in locs(woo.sitemap(copy))]
    assert names == [loc.rsplit("/", 1)[1] for loc in locs(woo.sitemap(twenterand))]
    assert f"collegevoorstel-besluit-{published.number}.pdf" in names
    moved = copy.versions.get(number=published.version.number)
    assert moved.decisions.get().number == published.number and moved.decisions.get().pk != published.pk
    assert archive.archive_package(version=moved)  # the decided copies are found, so the package is made
