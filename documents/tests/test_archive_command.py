"""`manage.py dossier_archive`: the Twenterand dossier from freezing to a valid package, and every refusal as one
Dutch line with a non-zero exit and no file written."""

import io
import zipfile

import pytest
import xmlschema
from django.core.management import call_command
from django.utils import translation

from documents import mdto, render, services
from documents.models import ArchiveCategory, DossierVersion
from dossier.models import Role
from dossier.tests.factories import DossierFactory, MembershipFactory

from .test_archive import freeze, twenterand_category

STUB = b"%PDF-1.7 stand-in for a rendered document"


def run(**options):
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command("dossier_archive", stdout=out, stderr=err, **options)
    except SystemExit as exc:
        return exc.code, err.getvalue()
    return 0, err.getvalue()


def nl(msgid: str, **values) -> str:
    with translation.override("nl"):
        return translation.gettext(msgid) % values


@pytest.fixture
def small(db):
    return DossierFactory(slug="klein", gemeente="Twenterand")


def test_the_twenterand_dossier_is_archived_from_its_definitive_version(
    twenterand, monkeypatch, tmp_path, django_capture_on_commit_callbacks
):
    """End to end: the fixture's proposal names its category, the worker makes the documents (a stand-in for
    WeasyPrint), the command writes the package, and every MDTO file in it is valid."""
    monkeypatch.setattr(render, "pdf_bytes", lambda html_text, **kwargs: STUB)
    kwartiermaker = MembershipFactory(dossier=twenterand, role=Role.KWARTIERMAKER)
    with django_capture_on_commit_callbacks(execute=True):  # the worker renders each document
        version = services.version_publish(membership=kwartiermaker, status="definitief")
    assert version.status == DossierVersion.Status.DEFINITIEF
    # The version names the category itself (its key), valid in any database the dossier is imported into.
    proposal = version.snapshot["content"]["documents.proposal"][0]
    assert proposal["archive_category_id"] == "selectielijst-gemeenten-2020-3-1"

    out = tmp_path / "twenterand.zip"
    code, err = run(dossier="twenterand", version=version.number, out=str(out))
    assert code == 0, err
    schema = xmlschema.XMLSchema(str(mdto.SCHEMA))
    with zipfile.ZipFile(out) as package:
        names = package.namelist()
        assert "collegevoorstel.pdf" in names and "momentopname.json" in names
        for name in names:
            if name.endswith(".mdto.xml"):
                schema.validate(io.BytesIO(package.read(name)))
        assert b"Selectielijst gemeenten en intergemeentelijke organen 2020" in package.read("dossier.mdto.xml")


def test_without_a_version_it_refuses_as_no_besluit_is_recorded(small, tmp_path):
    out = tmp_path / "pakket.zip"
    code, err = run(dossier="klein", out=str(out))
    assert code != 0
    assert err.strip() == "dossier_archive: Er is nog geen besluit vastgelegd; kies een versie met --version N."
    assert not out.exists()


def test_an_unknown_dossier_or_version_is_refused(small, tmp_path):
    out = tmp_path / "pakket.zip"
    assert run(dossier="nergens", version=1, out=str(out)) == (2, "dossier_archive: dossier 'nergens' bestaat niet\n")
    missing = "dossier_archive: dossier 'klein' heeft geen versie 7\n"
    assert run(dossier="klein", version=7, out=str(out)) == (2, missing)
    assert not out.exists()


def test_a_version_whose_pdfs_are_not_all_ready_is_refused(small, tmp_path):
    version = freeze(small, category=ArchiveCategory.objects.create(**twenterand_category()), ready=False)
    out = tmp_path / "pakket.zip"
    code, err = run(dossier="klein", version=version.number, out=str(out))
    assert code == 1
    expected = nl(
        "Not every document of version %(n)s is ready: %(documents)s.", n=version.number, documents="Bronnenregister"
    )
    assert err == f"dossier_archive: {expected}\n"
    assert len(err.strip().splitlines()) == 1
    assert not out.exists()


def test_an_unwritable_out_is_refused_before_anything_is_made(small, tmp_path):
    version = freeze(small, category=None)
    out = tmp_path / "geen-map" / "pakket.zip"
    code, err = run(dossier="klein", version=version.number, out=str(out))
    assert code == 2
    assert err.startswith(f"dossier_archive: kan {out} niet schrijven") and len(err.strip().splitlines()) == 1
    assert not out.parent.exists()


def test_a_refused_package_leaves_an_existing_file_as_it_was(small, tmp_path):
    """The package is made before anything is written: a refusal leaves the old file and no temporary one."""
    version = freeze(small, category=None)
    out = tmp_path / "pakket.zip"
    out.write_bytes(b"old")
    code, err = run(dossier="klein", version=version.number, out=str(out))  # refused: no category
    assert code == 1 and err.count("\n") == 1
    assert out.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["pakket.zip"]
