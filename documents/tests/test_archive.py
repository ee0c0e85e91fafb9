"""The archive package of a frozen version: every MDTO file valid against the vendored MDTO-XML 1.0.2 schema, the
begrippen as the Nationaal Archief's lists spell them, each bestand describing the exact bytes of its ZIP member, the
proposal's openbaarheid and the selectielijst category in the metadata, and the refusals."""

import hashlib
import io
import json
import xml.etree.ElementTree as ET
import zipfile
from datetime import datetime
from pathlib import Path

import pytest
import xmlschema
from django.conf import settings
from django.utils import translation

from documents import archive, mdto, versioning
from documents.catalogue import DOCUMENTS
from documents.models import ArchiveCategory, DossierVersion, VersionDocument
from dossier.tests.factories import DossierFactory, UserFactory

NS = {"m": mdto.NAMESPACE}
PDF = b"%PDF-1.7 stand-in for a PDF/A-2a document"


@pytest.fixture(scope="module")
def schema():
    return xmlschema.XMLSchema(str(mdto.SCHEMA))


FIXTURE = Path(settings.BASE_DIR) / "fixtures" / "twenterand" / "voorstel.json"


def twenterand_category() -> dict:
    """Twenterand's category for the college's policy decisions, as its fixture holds it."""
    return json.loads(FIXTURE.read_text(encoding="utf-8"))["proposal"]["archive_category"]


@pytest.fixture
def policy(db):
    return ArchiveCategory.objects.create(**twenterand_category())


def freeze(dossier, *, category=None, openbaar=True, ground=None, status="definitief", ready=True):
    """A frozen version as `version_freeze` stores one, with a stored stand-in PDF of every document."""
    proposal = {"openbaar": openbaar, "woo_ground_id": ground, "archive_category_id": category.pk if category else None}
    snapshot = {
        "schema": versioning.SCHEMA,
        "dossier": {"gemeente": dossier.gemeente, "title": dossier.title},
        "content": {"documents.proposal": [proposal]},
    }
    number = DossierVersion.objects.filter(dossier=dossier).count() + 1
    version = DossierVersion.objects.create(
        dossier=dossier,
        number=number,
        status=status,
        frozen_by=UserFactory(),
        snapshot=snapshot,
        sha256=versioning.digest(snapshot),
    )
    for key in DOCUMENTS:
        content = PDF + key.encode()
        VersionDocument.objects.create(
            version=version,
            document=key,
            state="ready" if ready or key != "bronnen" else "waiting",
            content=content if ready or key != "bronnen" else b"",
            sha256=hashlib.sha256(content).hexdigest(),
            size=len(content),
            pdf_variant="pdf/a-2a",
        )
    return version


def members(version) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(archive.archive_package(version=version))) as package:
        return {name: package.read(name) for name in package.namelist()}


def text(element, path: str) -> str:
    found = element.find(path, NS)
    assert found is not None, path
    return found.text


def begrip(element, path: str) -> tuple:
    found = element.find(path, NS)
    assert found is not None, path
    return (
        text(found, "m:begripLabel"),
        found.findtext("m:begripCode", None, NS),
        text(found, "m:begripBegrippenlijst/m:verwijzingNaam"),
    )


def objects(files: dict[str, bytes]) -> dict[str, ET.Element]:
    return {name: ET.fromstring(content)[0] for name, content in files.items() if name.endswith(".mdto.xml")}


@pytest.fixture
def dossier(db):
    return DossierFactory(slug="twenterand", gemeente="Twenterand", title="Toekomst sociale werkvoorziening")


def test_every_mdto_file_is_valid_and_every_bestand_describes_its_zip_member(dossier, policy, schema):
    files = members(freeze(dossier, category=policy))
    metadata = objects(files)
    for name, content in files.items():
        if name.endswith(".mdto.xml"):
            schema.validate(io.BytesIO(content))
    data = [name for name in files if not name.endswith(".mdto.xml")]
    assert sorted(data) == sorted([f"{key}.pdf" for key in DOCUMENTS] + ["momentopname.json", "besluit.json"])
    for name in data:
        bestand = metadata[f"{name}.bestand.mdto.xml"]
        assert bestand.tag == f"{{{mdto.NAMESPACE}}}bestand"
        assert text(bestand, "m:naam") == name
        assert int(text(bestand, "m:omvang")) == len(files[name])
        assert text(bestand, "m:checksum/m:checksumWaarde") == hashlib.sha256(files[name]).hexdigest()
        assert datetime.fromisoformat(text(bestand, "m:checksum/m:checksumDatum")).tzinfo is not None
        # The bestand represents the archiefstuk whose representation it is, both ways.
        stem = name.rsplit(".", 1)[0]
        stuk = metadata[f"{stem}.mdto.xml"]
        kenmerk = text(bestand, "m:identificatie/m:identificatieKenmerk")
        assert text(stuk, "m:heeftRepresentatie/m:verwijzingIdentificatie/m:identificatieKenmerk") == kenmerk
        assert text(bestand, "m:isRepresentatieVan/m:verwijzingIdentificatie/m:identificatieKenmerk") == text(
            stuk, "m:identificatie/m:identificatieKenmerk"
        )


def test_the_begrippen_are_the_national_archives_labels_and_lists(dossier, policy):
    version = freeze(dossier, category=policy)
    files = members(version)
    metadata = objects(files)
    folder = metadata["dossier.mdto.xml"]
    assert begrip(folder, "m:aggregatieniveau") == ("Dossier", None, "Begrippenlijst Aggregatieniveaus MDTO")
    assert begrip(folder, "m:waardering") == ("Blijvend te bewaren", "B", "Begrippenlijst Waarderingen MDTO")
    assert folder.find("m:bewaartermijn", NS) is None  # B: kept permanently
    category = ("Beleid en regelgeving opstellen: vastgesteld", "3.1", policy.selectielijst)
    assert policy.selectielijst == "Selectielijst gemeenten en intergemeentelijke organen 2020"
    assert begrip(folder, "m:informatiecategorie") == category
    assert begrip(folder, "m:event/m:eventType") == ("Bevriezing", None, "Begrippenlijst EventTypeLijst MDTO")
    assert text(folder, "m:archiefvormer/m:verwijzingNaam") == "Gemeente Twenterand"
    with translation.override("nl"):
        status = DossierVersion.Status.DEFINITIEF.label.lower()
    assert f"versie 1, {status}" in text(folder, "m:naam")
    assert version.sha256 in text(folder, "m:omschrijving")
    parts = [p.text for p in folder.findall("m:bevatOnderdeel/m:verwijzingIdentificatie/m:identificatieKenmerk", NS)]
    assert parts == [f"beslisdossier/twenterand/v1/{key}" for key in [*DOCUMENTS, "momentopname", "besluit"]]

    stuk = metadata["collegevoorstel.mdto.xml"]
    assert begrip(stuk, "m:aggregatieniveau") == ("Archiefstuk", None, "Begrippenlijst Aggregatieniveaus MDTO")
    assert begrip(stuk, "m:informatiecategorie") == category
    part_of = "m:isOnderdeelVan/m:verwijzingIdentificatie/m:identificatieKenmerk"
    assert text(stuk, part_of) == "beslisdossier/twenterand/v1"
    pdf = metadata["collegevoorstel.pdf.bestand.mdto.xml"]
    assert begrip(pdf, "m:bestandsformaat") == (
        "Acrobat PDF/A - Portable Document Format 2a",
        "fmt/476",
        "PRONOM-register",
    )
    assert begrip(pdf, "m:checksum/m:checksumAlgoritme") == ("SHA-256", None, "Begrippenlijst ChecksumAlgoritme MDTO")
    snapshot = metadata["momentopname.json.bestand.mdto.xml"]
    assert begrip(snapshot, "m:bestandsformaat") == ("JSON Data Interchange Format", "fmt/817", "PRONOM-register")
    # The snapshot is stored as it was hashed: its checksum is the version's.
    assert text(snapshot, "m:checksum/m:checksumWaarde") == version.sha256
    assert files["collegevoorstel.pdf"] == PDF + b"collegevoorstel"
    assert b'"besluit": null' in files["besluit.json"]


def test_a_category_kept_for_a_period_gives_its_bewaartermijn(dossier, schema):
    temporary = ArchiveCategory.objects.create(
        key="tijdelijk", selectielijst="Testlijst", code="1.2", label="Tijdelijk", waardering="V",
        bewaartermijn_years=10, source="Test",
    )  # fmt: skip
    files = members(freeze(dossier, category=temporary))
    folder = objects(files)["dossier.mdto.xml"]
    schema.validate(io.BytesIO(files["dossier.mdto.xml"]))
    assert begrip(folder, "m:waardering") == ("Tijdelijk te bewaren", "V", "Begrippenlijst Waarderingen MDTO")
    assert text(folder, "m:bewaartermijn/m:termijnLooptijd") == "P10Y"


@pytest.mark.parametrize(
    ("openbaar", "ground", "label", "described"),
    [
        (True, None, "Geen beperking", None),
        (False, "5.1 lid 2 sub i", "Overig", "art. 5.1 lid 2 sub i Woo (het goed functioneren van de Staat"),
    ],
)
def test_the_restriction_follows_the_proposals_openbaarheid(dossier, policy, openbaar, ground, label, described):
    files = members(freeze(dossier, category=policy, openbaar=openbaar, ground=ground))
    for name, element in objects(files).items():
        if element.tag.endswith("informatieobject"):
            restriction = element.find("m:beperkingGebruik", NS)
            assert begrip(restriction, "m:beperkingGebruikType") == (
                label,
                None,
                "Begrippenlijst BeperkingGebruikTypeLijst MDTO",
            ), name
            description = restriction.findtext("m:beperkingGebruikNadereBeschrijving", None, NS)
            assert (described is None and description is None) or described in description


def test_a_version_whose_documents_are_not_all_ready_is_refused(dossier, policy):
    version = freeze(dossier, category=policy, ready=False)
    with pytest.raises(archive.ArchiveError):
        archive.archive_package(version=version)


def test_a_stored_pdf_that_no_longer_matches_its_checksum_is_refused(dossier, policy):
    version = freeze(dossier, category=policy)
    VersionDocument.objects.filter(version=version, document="reactie").update(content=b"%PDF changed")
    with pytest.raises(archive.ArchiveError):
        archive.archive_package(version=version)


def test_a_dossier_without_a_category_is_refused(dossier):
    with pytest.raises(archive.ArchiveError):
        archive.archive_package(version=freeze(dossier))


def test_hostile_text_of_beheer_stays_text_in_valid_mdto(dossier, schema):
    """The category's texts reach no page, only the MDTO XML: markup and formulas in them are escaped text there."""
    hostile = '=HYPERLINK("http://x.invalid")<script>alert(1)</script>]]>&amp;'
    category = ArchiveCategory.objects.create(
        key="vijandig", selectielijst=hostile, code="<b>1</b>", label=hostile, waardering="B", source=hostile
    )
    files = members(freeze(dossier, category=category))
    schema.validate(io.BytesIO(files["dossier.mdto.xml"]))
    assert b"<script>" not in files["dossier.mdto.xml"]
    folder = objects(files)["dossier.mdto.xml"]
    assert begrip(folder, "m:informatiecategorie") == (hostile, "<b>1</b>", hostile)
