"""Issue 20, F3: a forged archive is no longer accepted as intact. Exports are signed with a key of this installation;
an import of anything but its own unmodified export marks the versions "geïmporteerd, niet geverifieerd" (version
page, versions list, archive metadata, the command's output), every import is recorded with who imported it when
(the history shows imported rows as such) and as a security event."""

import base64
import gzip
import hashlib
import io
import json
import zipfile
from pathlib import Path

import pytest
from django.core.management import call_command
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from accounts.models import AuditEvent
from documents import archive, versioning
from documents.models import ArchiveCategory, DossierVersion
from documents.tests.test_archive import freeze, twenterand_category
from dossier import transfer
from dossier.models import Dossier, DossierImport, ImportedHistory, Role

from .factories import DossierFactory
from .transfer_helpers import User, _export, _member

pytestmark = pytest.mark.django_db

FORGED_PDF = b"%PDF-1.7 a collegevoorstel that the college never saw"
EXPORT_V2 = Path(__file__).parent / "data" / "export-v2.json.gz"


@pytest.fixture
def decided(policy):
    """A dossier with a kwartiermaker and a definitive version whose documents are stored (stand-in PDFs)."""
    dossier = DossierFactory(slug="archief", gemeente="Archief")
    _member(dossier, "sanne", Role.KWARTIERMAKER)
    freeze(dossier, category=policy)
    return dossier


@pytest.fixture
def policy(db):
    return ArchiveCategory.objects.create(**twenterand_category())


def _run(name, *args, **options):
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command(name, *args, stdout=out, stderr=err, **options)
    except SystemExit as exc:
        return exc.code, out.getvalue(), err.getvalue()
    return 0, out.getvalue(), err.getvalue()


def _exported(dossier, tmp_path) -> dict:
    path = tmp_path / "export.json"
    assert _run("dossier_export", dossier=dossier.slug, out=str(path))[0] == 0
    return json.loads(path.read_text(encoding="utf-8"))


def _write(tmp_path, data: dict, name="bestand.json") -> str:
    path = tmp_path / name
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return str(path)


def _forge_pdf(data: dict, document="collegevoorstel") -> None:
    """The reproduction of F3: replace the definitive PDF and recompute its size and SHA-256."""
    row = next(r for r in data["objects"]["documents.versiondocument"] if r["document"] == document)
    row.update(
        content=base64.b64encode(FORGED_PDF).decode(),
        sha256=hashlib.sha256(FORGED_PDF).hexdigest(),
        size=len(FORGED_PDF),
    )


def _page(client, name, slug, **kwargs) -> str:
    response = client.get(reverse(f"dossier:{name}", kwargs={"slug": slug, **kwargs}))
    assert response.status_code == 200, name
    return response.content.decode()


# ---------------------------------------------------------------------------------------------- the signature


def test_an_export_is_signed_and_only_its_own_unmodified_export_verifies(decided, tmp_path):
    data = _exported(decided, tmp_path)
    assert data["signature"]["alg"] == "HMAC-SHA256" and data["signature"]["installation"] == transfer.installation_id()
    assert transfer.signature_state(data) == transfer.Signature.OWN
    assert transfer.signature_state(transfer.loads(_export(decided))) == transfer.Signature.OWN

    altered = json.loads(json.dumps(data))
    altered["dossier"]["title"] = "Anders"
    assert transfer.signature_state(altered) == transfer.Signature.ALTERED
    unsigned = {k: v for k, v in data.items() if k != "signature"}
    assert transfer.signature_state(unsigned) == transfer.Signature.UNSIGNED
    assert transfer.signature_state({**data, "signature": "ja"}) == transfer.Signature.UNSIGNED
    with override_settings(SECRET_KEY="another installation's key, at least fifty characters long!!"):
        foreign = transfer.sign(unsigned)
    assert transfer.signature_state(foreign) == transfer.Signature.FOREIGN
    # A rotated key stays valid while it is among the fallbacks.
    with override_settings(
        SECRET_KEY="the new key of this installation, fifty characters long!!",
        SECRET_KEY_FALLBACKS=["ci-only-insecure-key"],
    ):
        assert transfer.signature_state(data) == transfer.Signature.OWN
        assert transfer.signature_state(altered) == transfer.Signature.ALTERED


def test_its_own_unmodified_export_imports_as_verified(decided, tmp_path, client):
    path = _write(tmp_path, _exported(decided, tmp_path))
    code, out, err = _run("dossier_import", path, slug="kopie", door="sanne")

    assert code == 0, err
    sanne = User.objects.get(username="sanne")
    name = sanne.get_full_name()
    assert f"Handtekening: ondertekend door deze installatie en ongewijzigd; geïmporteerd door {name}." in out
    assert "niet geverifieerd" not in out
    copy = Dossier.objects.get(slug="kopie")
    version = DossierVersion.objects.get(dossier=copy)
    assert (version.provenance, version.imported_at, version.unverified) == ("frozen_here", None, False)
    record = DossierImport.objects.get(dossier=copy)
    assert record.imported_by_name == name
    assert (record.signature, record.imported_by, record.unverified_versions) == ("own", sanne, 0)
    assert record.file_sha256 == hashlib.sha256(Path(path).read_bytes()).hexdigest()
    event = AuditEvent.objects.get(action="dossier imported")
    assert (event.actor, event.details["signature"], event.details["unverified_versions"]) == (sanne, "own", 0)
    assert event.details["dossier"] == "kopie" and event.details["file_sha256"] == record.file_sha256

    client.force_login(sanne)
    page = _page(client, "version", "kopie", number=1)
    assert "ongewijzigd" in page and "niet geverifieerd" not in page


# ---------------------------------------------------------------------------------------------- the reproduction


def test_a_replaced_definitive_pdf_is_imported_as_not_verified_and_said_so(decided, tmp_path, client):
    """F3's reproduction: the definitive collegevoorstel replaced in the export, its size and SHA-256 recomputed. It
    used to import and be shown as "ongewijzigd"; now the version is "geïmporteerd, niet geverifieerd" everywhere it
    is shown, and the output and the audit log say the file was altered."""
    data = _exported(decided, tmp_path)
    _forge_pdf(data)
    before = timezone.now()
    code, out, err = _run("dossier_import", _write(tmp_path, data), slug="vervalst", door="sanne")

    assert code == 0, err
    name = User.objects.get(username="sanne").get_full_name()
    assert (
        "1 versie geïmporteerd, niet geverifieerd (de handtekening van deze installatie klopt niet: het bestand is na "
        f"de export gewijzigd); geïmporteerd door {name}." in out
    )
    version = DossierVersion.objects.get(dossier__slug="vervalst")
    assert version.unverified and version.imported_by_name == name and version.imported_at >= before
    assert versioning.verify(version)  # the hash alone is no proof: the forger recomputed what it covers
    record = DossierImport.objects.get(dossier=version.dossier)
    assert (record.signature, record.unverified_versions) == ("altered", 1)
    event = AuditEvent.objects.get(action="dossier imported")
    assert (event.details["signature"], event.details["unverified_versions"]) == ("altered", 1)

    client.force_login(User.objects.get(username="sanne"))
    page = _page(client, "version", "vervalst", number=1)
    assert "geïmporteerd, niet geverifieerd" in page and "ongewijzigd" not in page
    at = date_format(timezone.localtime(version.imported_at), "j F Y H:i")
    assert f"Geïmporteerd op {at} door {name} uit een bestand dat deze installatie niet zo heeft ondertekend" in page
    listing = _page(client, "versions", "vervalst")
    assert "geïmporteerd, niet geverifieerd" in listing and "ongewijzigd" not in listing
    documents = _page(client, "documents", "vervalst")
    assert "geïmporteerd, niet geverifieerd" in documents and "kan deze installatie niet instaan" in documents

    with zipfile.ZipFile(io.BytesIO(archive.archive_package(version=version))) as package:
        metadata = package.read(archive.DOSSIER_METADATA).decode()
    assert "niet geverifieerd: het bestand is niet ondertekend door deze installatie" in metadata
    assert "ongewijzigd" not in metadata


def test_the_forgery_without_its_signature_and_a_foreign_export_are_not_verified(decided, tmp_path):
    data = _exported(decided, tmp_path)
    _forge_pdf(data)
    del data["signature"]
    code, out, _err = _run("dossier_import", _write(tmp_path, data), slug="zonder")
    assert code == 0
    assert "1 versie geïmporteerd, niet geverifieerd (bestand niet ondertekend door deze installatie)" in out
    assert DossierVersion.objects.get(dossier__slug="zonder").unverified

    with override_settings(SECRET_KEY="another installation's key, at least fifty characters long!!"):
        foreign = _exported(decided, tmp_path)
    code, out, _err = _run("dossier_import", _write(tmp_path, foreign, "vreemd.json"), slug="vreemd")
    assert code == 0
    assert "1 versie geïmporteerd, niet geverifieerd (bestand ondertekend door een andere installatie)" in out
    assert DossierVersion.objects.get(dossier__slug="vreemd").unverified
    assert DossierImport.objects.get(dossier__slug="vreemd").signature == "foreign"


def test_an_unsigned_dossier_without_versions_names_the_signature_and_no_versions(tmp_path):
    data = _exported(DossierFactory(slug="leeg"), tmp_path)
    del data["signature"]
    code, out, _err = _run("dossier_import", _write(tmp_path, data), slug="leeg-kopie")
    assert code == 0 and "Handtekening: bestand niet ondertekend door deze installatie; geïmporteerd door" in out
    assert "versie" not in out.splitlines()[-1]


def test_a_version_once_imported_unverified_stays_so_through_its_own_signed_export(decided, tmp_path):
    data = _exported(decided, tmp_path)
    del data["signature"]
    transfer.dossier_import(data=data, slug="eerst", imported_by_name="beheer")
    first = DossierVersion.objects.get(dossier__slug="eerst")
    assert first.unverified and first.imported_by_name == "beheer"

    again = transfer.loads(_export(Dossier.objects.get(slug="eerst")))
    assert again["objects"]["documents.dossierversion"][0]["provenance"] == "imported_unverified"
    copy = transfer.dossier_import(data=again, slug="daarna")
    version = DossierVersion.objects.get(dossier=copy)
    assert version.unverified and (version.imported_at, version.imported_by_name) == (
        first.imported_at,
        first.imported_by_name,
    )
    assert DossierImport.objects.get(dossier=copy).unverified_versions == 1


def test_a_file_cannot_claim_its_versions_were_frozen_here(decided, tmp_path):
    data = _exported(decided, tmp_path)
    data["objects"]["documents.dossierversion"][0]["provenance"] = "frozen_here"
    _forge_pdf(data)
    transfer.dossier_import(data=data, slug="bewering")
    assert DossierVersion.objects.get(dossier__slug="bewering").unverified


# ---------------------------------------------------------------------------------------------- history and importer


def test_forged_history_rows_are_shown_as_imported_with_importer_and_time(decided, tmp_path, client):
    data = _exported(decided, tmp_path)
    data["users"].append({"username": "bea", "first_name": "Bea", "last_name": "Beheer", "email": ""})
    forged = {**data["history"]["dossier.dossier"][-1], "history_type": "~", "history_user": "bea"}
    forged.update(history_date="1999-01-01T10:00:00+00:00", history_change_reason="Vastgesteld")
    data["history"]["dossier.dossier"].append(forged)
    code, out, err = _run("dossier_import", _write(tmp_path, data), slug="geschiedenis", door="sanne")
    assert code == 0, err

    copy = Dossier.objects.get(slug="geschiedenis")
    record = DossierImport.objects.get(dossier=copy)
    assert ImportedHistory.objects.filter(dossier_import=record).count() == sum(
        len(rows) for rows in data["history"].values()
    )
    client.force_login(User.objects.get(username="sanne"))
    page = _page(client, "history", "geschiedenis")
    at = date_format(timezone.localtime(record.imported_at), "j F Y, H:i")
    assert "1 januari 1999, 11:00 · Bea Beheer" in page
    name = User.objects.get(username="sanne").get_full_name()
    assert f"geïmporteerd op {at} door {name}" in page
    assert f"Dit dossier is geïmporteerd op {at} door {name}." in page
    assert "ze zijn niet geverifieerd" in page

    native = DossierFactory(slug="eigen")
    _member(native, "sanne", Role.KWARTIERMAKER)
    assert "geïmporteerd op" not in _page(client, "history", "eigen")


def test_the_importer_is_an_active_user_or_the_operating_systems_account(decided, tmp_path, monkeypatch):
    path = _write(tmp_path, _exported(decided, tmp_path))
    count = Dossier.objects.count()
    User.objects.create(username="weg", is_active=False)
    for door in ("niemand", "weg"):
        code, out, err = _run("dossier_import", path, slug="kopie", door=door)
        assert code == 2 and f"er is geen actieve gebruiker “{door}”" in err and not out
    assert Dossier.objects.count() == count and not DossierImport.objects.exists()

    monkeypatch.setenv("USER", "operator")
    monkeypatch.setenv("LOGNAME", "operator")
    code, out, _err = _run("dossier_import", path, slug="kopie")
    assert code == 0 and "geïmporteerd door operator." in out
    record = DossierImport.objects.get()
    assert (record.imported_by, record.imported_by_name) == (None, "operator")
    assert AuditEvent.objects.get(action="dossier imported").actor_name == "operator"


def test_an_old_format_export_still_imports_with_its_versions_not_verified(twenterand):
    data = json.loads(gzip.decompress(EXPORT_V2.read_bytes()))
    assert "signature" not in data
    copy = transfer.dossier_import(data=data, slug="oud", imported_by_name="beheer")
    version = DossierVersion.objects.get(dossier=copy)
    assert versioning.verify(version) and version.unverified
    record = DossierImport.objects.get(dossier=copy)
    assert (record.signature, record.unverified_versions, record.imported_by_name) == ("unsigned", 1, "beheer")


def test_the_import_records_are_not_exported_as_part_of_the_dossier(decided, tmp_path):
    transfer.dossier_import(data=transfer.loads(_export(decided)), slug="kopie")
    data = transfer.dossier_export(dossier=Dossier.objects.get(slug="kopie"))
    assert not {"dossier.dossierimport", "dossier.importedhistory"} & set(data["objects"])
    assert {"dossier.DossierImport", "dossier.ImportedHistory"} <= set(transfer.NOT_OWNED)
