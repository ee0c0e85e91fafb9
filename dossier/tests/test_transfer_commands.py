"""The dossier_export and dossier_import commands: to standard output or a file and from standard input, bad
arguments refused with exit 2, and bad files (not JSON, another or a newer format, dangling references, unknown
users, missing reference data, bad values, a taken slug, not UTF-8) refused with a message and nothing written."""

import io
import json

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command

from dossier import services, transfer
from dossier.models import Citation, Dossier, Risk, Role

from .factories import DossierFactory, RiskFactory, SourceFactory
from .transfer_helpers import User, _export, _member

pytestmark = pytest.mark.django_db


@pytest.fixture
def small(db):
    """A small dossier (a member, a source, a risk citing it): enough for the commands and bad files."""
    dossier = DossierFactory(slug="klein", gemeente="Klein")
    member = _member(dossier, "klaas", Role.KWARTIERMAKER)
    source = SourceFactory(dossier=dossier)
    risk = RiskFactory(dossier=dossier)
    services.content_create(
        model=Citation,
        dossier=dossier,
        data={
            "source": source,
            "content_type": ContentType.objects.get_for_model(risk),
            "object_id": risk.pk,
            "locator": "p. 3",
        },
        user=member.user,
    )
    return dossier


def _state():
    """What an import writes, counted: a refused import leaves all of it as it was."""
    return (Dossier.objects.count(), User.objects.count(), Risk.objects.count(), Risk.history.count())


def _run(name, *args, **options):
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command(name, *args, stdout=out, stderr=err, **options)
    except SystemExit as exc:
        return exc.code, out.getvalue(), err.getvalue()
    return 0, out.getvalue(), err.getvalue()


def test_the_export_command_writes_to_standard_output_or_a_file(small, tmp_path):
    code, out, err = _run("dossier_export", dossier="klein")
    assert (code, out) == (0, _export(small))
    code, _, err = _run("dossier_export", dossier="klein", out=str(tmp_path / "klein.json"))
    assert code == 0 and "klein.json" in err
    assert (tmp_path / "klein.json").read_text(encoding="utf-8") == out


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"dossier": "bestaat-niet"}, "dossier 'bestaat-niet' bestaat niet"),
        ({"dossier": "klein", "out": "/bestaat/niet/klein.json"}, "map bestaat niet"),
    ],
)
def test_the_export_command_refuses_bad_arguments_with_exit_2(small, options, message, tmp_path):
    code, out, err = _run("dossier_export", **options)
    assert (code, out) == (2, "")
    assert message in err


def test_the_import_command_reads_standard_input(small, monkeypatch):
    text = _export(small)
    monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(text.encode("utf-8")), encoding="utf-8"))
    code, out, err = _run("dossier_import", "-", slug="klein-2")
    assert (code, err) == (0, "")
    assert "klein-2" in out
    copy = Dossier.objects.get(slug="klein-2")
    citation = Citation.objects.get(dossier=copy)
    assert citation.target.dossier == copy and citation.source.dossier == copy


def _break(change):
    def apply(data):
        change(data)
        return json.dumps(data)

    return apply


BAD_FILES = {
    "not JSON": (lambda data: "{niet af", 1, "geen geldige JSON"),
    "another format": (_break(lambda d: d.update(format="iets-anders")), 1, "geen dossierexport"),
    "a newer format": (_break(lambda d: d.update(format_version=4)), 1, "formaatversie 4"),
    "a dangling reference": (
        _break(lambda d: d["objects"]["dossier.citation"][0].update(source=99)),
        1,
        "verwijzing naar dossier.source 99 bestaat niet",
    ),
    "an unknown user": (
        _break(lambda d: d["history"]["dossier.risk"][0].update(history_user="onbekend")),
        1,
        "gebruiker “onbekend” staat niet in de lijst users",
    ),
    "missing reference data": (
        _break(lambda d: d.update(requires={"finance.tariffset": ["bestaat-niet"]})),
        1,
        "load_finance_reference",
    ),
    "an unknown kind": (_break(lambda d: d["objects"].update({"dossier.geheim": []})), 1, "dossier.geheim"),
    "a bad value": (_break(lambda d: d["objects"]["dossier.risk"][0].update(likelihood="veel")), 1, "likelihood"),
    "a broken constraint": (  # the validator of the field, before the database's check constraint
        _break(lambda d: d["objects"]["dossier.risk"][0].update(likelihood=9)),
        1,
        "dossier.risk 1, likelihood: ",
    ),
    "the slug is taken": (_break(lambda d: None), 2, "er bestaat al een dossier “klein”"),
}


@pytest.mark.parametrize("case", BAD_FILES)
def test_a_bad_file_is_refused_with_a_message_and_nothing_is_written(small, case, tmp_path):
    make, expected_code, message = BAD_FILES[case]
    data = transfer.dossier_export(dossier=small)
    data["dossier"]["slug"] = "klein" if case == "the slug is taken" else "nieuw"
    data["users"].append({"username": "nieuwe-collega", "first_name": "", "last_name": "", "email": ""})
    path = tmp_path / "klein.json"
    path.write_text(make(data), encoding="utf-8")
    before = _state()

    code, out, err = _run("dossier_import", str(path))

    assert (code, out) == (expected_code, "")
    assert message in err and err.startswith("dossier_import: ")
    assert _state() == before
    assert not User.objects.filter(username="nieuwe-collega").exists()


@pytest.mark.parametrize(
    ("args", "options", "message"),
    [
        (["/bestaat/niet.json"], {}, "bestand niet gevonden"),
        (["PATH"], {"slug": "geen slug!"}, "geen geldige slug"),
    ],
)
def test_the_import_command_refuses_bad_arguments_with_exit_2(small, args, options, message, tmp_path):
    path = tmp_path / "klein.json"
    path.write_text(_export(small), encoding="utf-8")
    before = _state()
    code, out, err = _run("dossier_import", *[str(path) if a == "PATH" else a for a in args], **options)
    assert (code, out) == (2, "")
    assert message in err
    assert _state() == before


def test_a_file_that_is_not_utf8_is_refused(small, tmp_path):
    path = tmp_path / "klein.json"
    path.write_bytes(b"\xff\xfe{}")
    assert _run("dossier_import", str(path))[0] == 1
