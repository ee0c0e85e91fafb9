"""The xlsx bijlagen of the archive package: made from the version's frozen snapshot (not the live dossier), a file
of their own (PRONOM fmt/214) with their archiefstuk and bestand in MDTO, valid against the vendored schema."""

import hashlib
import io
import zipfile

import pytest
import xmlschema
from openpyxl import load_workbook

from documents import archive, mdto, versioning
from documents.models import ArchiveCategory, DossierVersion
from dossier.tests.factories import DossierFactory
from scenarios.models import Scenario

from .test_archive import begrip, freeze, objects, text, twenterand_category

RESULTS = {
    "scenarios": [
        {
            "id": 7, "name": "Samenwerken met Larcom", "yearly": {"2026": "-120000.00", "2027": "35000.50"},
            "cumulative": "-84999.50", "npv": "-90000.00", "one_off": "150000.00", "average_per_fte": "1200.00",
            "score": "3.250", "rank": 1,
        },
        {
            "id": 3, "name": "DVO voortzetten", "yearly": {"2026": "0.00", "2027": "0.00"}, "cumulative": "0.00",
            "npv": "0.00", "one_off": "0.00", "average_per_fte": None, "score": "2.000", "rank": 2,
        },
    ],
    "sensitivity": [
        {
            "key": "tornado", "title": "Gevoeligheid", "columns": [["Hefboom", "text"], ["Effect", "money"]],
            "rows": [["Tarief −10%", "-4500.25"]], "sources": ["Financiële motor, bevroren"], "note": "Een noot.",
        }
    ],
}  # fmt: skip


@pytest.fixture
def dossier(db):
    return DossierFactory(slug="twenterand", gemeente="Twenterand", title="Toekomst sociale werkvoorziening")


@pytest.fixture
def policy(db):
    return ArchiveCategory.objects.create(**twenterand_category())


def with_results(version, results=RESULTS):
    """The stand-in version with scenario results in its snapshot (a frozen version is never saved again: the row is
    rewritten as `version_freeze` would have stored it)."""
    snapshot = {**version.snapshot, "results": results}
    DossierVersion.objects.filter(pk=version.pk).update(snapshot=snapshot, sha256=versioning.digest(snapshot))
    return DossierVersion.objects.get(pk=version.pk)


def sheets(content: bytes) -> dict[str, list[tuple]]:
    workbook = load_workbook(io.BytesIO(content))
    return {sheet.title: list(sheet.iter_rows(values_only=True)) for sheet in workbook.worksheets}


def test_the_comparison_workbook_holds_the_frozen_figures(dossier, policy):
    version = with_results(freeze(dossier, category=policy))
    [part] = archive.spreadsheets(version)
    assert (part.key, part.filename, part.format.puid) == ("vergelijking", "vergelijking.xlsx", "fmt/214")
    book = sheets(part.content)
    results, per_year, tornado = (book[name] for name in list(book)[:3])
    assert [row[:3] for row in results[1:]] == [(1, "Samenwerken met Larcom", -84999.5), (2, "DVO voortzetten", 0)]
    assert per_year[0][:3] == ("Scenario", "2026", "2027")
    assert per_year[1][:3] == ("Samenwerken met Larcom", -120000, 35000.5)
    assert tornado[1] == ("Tarief −10%", -4500.25, "Financiële motor, bevroren")
    assert tornado[-1][0] == "Een noot."
    assert version.short_hash in results[1][-1]  # every row names its source: the version's frozen figures


def test_a_version_without_frozen_results_has_no_workbook(dossier, policy):
    assert archive.spreadsheets(freeze(dossier, category=policy)) == []


def test_the_workbook_is_a_file_of_its_own_in_the_package_with_valid_mdto(dossier, policy):
    version = with_results(freeze(dossier, category=policy))
    with zipfile.ZipFile(io.BytesIO(archive.archive_package(version=version))) as package:
        files = {name: package.read(name) for name in package.namelist()}
    schema = xmlschema.XMLSchema(str(mdto.SCHEMA))
    for name in ("vergelijking.mdto.xml", "vergelijking.xlsx.bestand.mdto.xml", "dossier.mdto.xml"):
        schema.validate(io.BytesIO(files[name]))
    metadata = objects(files)
    bestand = metadata["vergelijking.xlsx.bestand.mdto.xml"]
    assert begrip(bestand, "m:bestandsformaat") == (
        "Microsoft Excel for Windows 2007 onwards",
        "fmt/214",
        "PRONOM-register",
    )
    assert text(bestand, "m:naam") == "vergelijking.xlsx"
    assert int(text(bestand, "m:omvang")) == len(files["vergelijking.xlsx"])
    assert text(bestand, "m:checksum/m:checksumWaarde") == hashlib.sha256(files["vergelijking.xlsx"]).hexdigest()
    parts = "m:bevatOnderdeel/m:verwijzingIdentificatie/m:identificatieKenmerk"
    assert "beslisdossier/twenterand/v1/vergelijking" in [p.text for p in metadata["dossier.mdto.xml"].findall(
        parts, {"m": mdto.NAMESPACE}
    )]  # fmt: skip
    assert not any(name.endswith(".pdf") and b"xl/workbook.xml" in content for name, content in files.items())


def test_the_workbook_shows_the_version_not_the_dossier_as_it_is_now(twenterand, kwartiermaker):
    version = versioning.version_freeze(membership=kwartiermaker, status="concept")
    frozen = {r["name"] for r in version.snapshot["results"]["scenarios"]}
    assert frozen
    for scenario in Scenario.objects.filter(dossier=twenterand):
        Scenario.objects.filter(pk=scenario.pk).update(name=f"Later hernoemd {scenario.pk}")
    [part] = archive.spreadsheets(version)
    names = {row[1] for row in list(sheets(part.content).values())[0][1:]}
    assert names == frozen


def test_user_text_in_the_frozen_figures_never_becomes_a_formula(dossier, policy):
    hostile = '=HYPERLINK("https://example.org/x","klik")'
    scenarios = [{**RESULTS["scenarios"][0], "name": hostile}]
    sensitivity = [{**RESULTS["sensitivity"][0], "rows": [["@SUM(A1)", "-4500.25"]], "note": "+1+1"}]
    version = with_results(freeze(dossier, category=policy), {"scenarios": scenarios, "sensitivity": sensitivity})
    [part] = archive.spreadsheets(version)
    results, _per_year, tornado = list(sheets(part.content).values())[:3]
    assert results[1][1] == f"'{hostile}"
    assert tornado[1][0] == "'@SUM(A1)" and tornado[-1][0] == "'+1+1"
