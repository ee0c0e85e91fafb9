"""The archive package and the college's decision: the decided version is the package's default (the command's too),
the besluit file holds the decision that counts with the ones it corrected, and the decided copies are in the
package, each with valid MDTO metadata."""

import hashlib
import io
import json
import zipfile

import pytest
import xmlschema
from django.utils import timezone

from documents import archive, mdto, services
from documents.catalogue import decided_copy
from documents.models import VersionDocument
from dossier.models import Role
from dossier.tests.factories import MembershipFactory

from .test_archive import PDF, freeze, members
from .test_archive import policy as policy  # noqa: F401 - fixtures
from .test_archive import schema as schema  # noqa: F401
from .test_archive_command import run


@pytest.fixture
def secretariaat(dossier):
    return MembershipFactory(dossier=dossier, role=Role.BESTUURSSECRETARIAAT)


def decide(membership, version, **values):
    data = {"meeting_date": timezone.localdate(), "outcome": "conform", "besluitenlijst": "Conform besloten."}
    return services.decision_record(membership=membership, version=version, **(data | values))


def make_decided_copies(version):
    """The worker's part: the decided copies stored as ready PDFs (stand-ins)."""
    for row in VersionDocument.objects.filter(version=version, document__contains="-besluit-"):
        content = PDF + row.document.encode()
        VersionDocument.objects.filter(pk=row.pk).update(
            state="ready", content=content, sha256=hashlib.sha256(content).hexdigest(), size=len(content),
            pdf_variant="pdf/a-2a",
        )  # fmt: skip


def test_the_decided_version_is_that_of_the_closing_decision_that_counts(dossier, secretariaat, policy):
    first = freeze(dossier, category=policy)
    assert archive.decided_version(dossier) is None and archive.besluit_of(first) is None
    held = decide(secretariaat, first, outcome="aangehouden", reason="Eerst Financiën.")
    assert archive.decided_version(dossier) is None  # aangehouden: nothing decided yet
    assert archive.besluit_of(first)["besluit"] == "aangehouden"
    second = freeze(dossier, category=policy)
    decide(secretariaat, second)
    assert archive.decided_version(dossier) == second
    assert archive.besluit_of(first)["id"] == held.pk


def test_the_besluit_file_holds_the_decision_and_what_it_corrected(dossier, secretariaat, policy, schema):
    version = freeze(dossier, category=policy)
    wrong = decide(secretariaat, version, besluitenlijst="Verkeerd genoteerd.")
    right = services.decision_correct(
        membership=secretariaat, decision=wrong, correction_note="Gewijzigd, niet conform.",
        meeting_date=timezone.localdate(), outcome="gewijzigd", amended_beslispunten="1. Eén jaar verlengen.",
        besluitenlijst="Gewijzigd besloten.",
    )  # fmt: skip
    make_decided_copies(version)
    files = members(version)
    besluit = json.loads(files["besluit.json"])
    assert besluit["besluit"] == "gewijzigd" and besluit["id"] == right.pk
    assert besluit["gewijzigde_beslispunten"] == "1. Eén jaar verlengen."
    assert besluit["datum_collegevergadering"] == timezone.localdate().isoformat()
    assert besluit["corrigeert"] == wrong.pk and besluit["correctie_toelichting"] == "Gewijzigd, niet conform."
    assert [c["id"] for c in besluit["correcties"]] == [wrong.pk]
    # The decided copies of the decision that counts are in the package, described like every document.
    for document in ("collegevoorstel", "raadsinformatiebrief"):
        name = f"{decided_copy(document, right.number)}.pdf"
        assert files[name] == PDF + decided_copy(document, right.number).encode()
        schema.validate(io.BytesIO(files[f"{name}.bestand.mdto.xml"]))
        schema.validate(io.BytesIO(files[f"{decided_copy(document, right.number)}.mdto.xml"]))
    assert not any(
        name.split("-besluit-")[-1].split(".")[0] == str(wrong.number) for name in files if "-besluit-" in name
    )


def test_a_package_waits_for_the_decided_copies(dossier, secretariaat, policy):
    version = freeze(dossier, category=policy)
    decide(secretariaat, version)
    with pytest.raises(archive.ArchiveError, match="besloten exemplaar"):
        archive.archive_package(version=version)


def test_the_command_archives_the_decided_version_by_default(dossier, secretariaat, policy, tmp_path):
    freeze(dossier, category=policy)
    decided = freeze(dossier, category=policy)
    decide(secretariaat, decided)
    make_decided_copies(decided)
    freeze(dossier, category=policy, status="concept")  # a later version is not the default
    out = tmp_path / "pakket.zip"
    code, err = run(dossier="twenterand", out=str(out))
    assert code == 0, err
    assert "versie 2" in err
    with zipfile.ZipFile(out) as package:
        assert json.loads(package.read("besluit.json"))["besluit"] == "conform"
        schema = xmlschema.XMLSchema(str(mdto.SCHEMA))
        for name in package.namelist():
            if name.endswith(".mdto.xml"):
                schema.validate(io.BytesIO(package.read(name)))
