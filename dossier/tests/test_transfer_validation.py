"""dossier_import validates every row as a form would before anything is written (issue 20, F1, F2 and F4): each
attack of the red-team pass, made by changing a real export, is refused with one Dutch line naming the row and the
field, exit 1 and nothing written."""

import io
import json
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.test import override_settings

from documents import services as documents_services
from documents.models import VersionDocument
from dossier import transfer
from dossier.models import Dossier, Membership, Risk, Role
from scenarios.models import Provider, ProviderTariff, StaffLine
from scenarios.tests.factories import ASSUMED, ProviderFactory, ProviderTariffFactory

from .factories import DossierFactory, RiskFactory
from .transfer_helpers import User, _member

pytestmark = pytest.mark.django_db


@pytest.fixture
def export(db):
    """A real export of a small dossier with a risk, a member, a provider's tariff, an eigen voorziening's staff and
    a version with a document; the dossier renamed so that the file imports as it is."""
    call_command("load_finance_reference", stdout=io.StringIO())  # a version's snapshot computes the scenarios
    dossier = DossierFactory(slug="klein", gemeente="Klein")
    member = _member(dossier, "klaas", Role.KWARTIERMAKER)
    RiskFactory(dossier=dossier)
    ProviderTariffFactory(dossier=dossier)
    facility = ProviderFactory(dossier=dossier, own_facility=True)
    StaffLine.objects.create(
        dossier=dossier,
        provider=facility,
        role="Begeleider",
        fte=Decimal("2.50"),
        cost_per_fte=60_000,
        reason="Voor de test",
        **ASSUMED,
    )
    version = documents_services.version_publish(membership=member, status="concept", note="Eerste concept")
    VersionDocument.objects.create(version=version, document="bronnen", state=VersionDocument.State.WAITING)
    data = transfer.dossier_export(dossier=dossier)
    data["dossier"]["slug"] = "nieuw"
    return data


def _state():
    return (
        Dossier.objects.count(),
        User.objects.count(),
        Membership.objects.count(),
        Risk.objects.count(),
        Risk.history.count(),
        Provider.objects.count(),
        ProviderTariff.objects.count(),
        StaffLine.objects.count(),
        VersionDocument.objects.count(),
    )


def _import(text: str, tmp_path) -> tuple[int, str, str]:
    path = tmp_path / "export.json"
    path.write_text(text, encoding="utf-8")
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command("dossier_import", str(path), stdout=out, stderr=err)
    except SystemExit as exc:
        return exc.code, out.getvalue(), err.getvalue()
    return 0, out.getvalue(), err.getvalue()


def _row(data, label, index=0) -> dict:
    return data["objects"][label][index]


def _raw(data, label, field, literal: str) -> str:
    """The file with `literal` written as the JSON text of the field's value (what json.dumps cannot write)."""
    _row(data, label)[field] = "@@RAW@@"
    return json.dumps(data).replace('"@@RAW@@"', literal)


ATTACKS = {
    "a tariff amount of 1e400 (text)": (
        lambda d: json.dumps(_row(d, "scenarios.providertariff").update(amount="1e400") or d),
        "scenarios.providertariff 1, amount: ",
    ),
    "a tariff amount of 1e400 (number)": (
        lambda d: _raw(d, "scenarios.providertariff", "amount", "1e400"),
        "scenarios.providertariff 1, amount: verwacht een bedrag of getal als tekst, niet een getal",
    ),
    "an fte of 5,000 nines": (
        lambda d: json.dumps(_row(d, "scenarios.staffline").update(fte="9" * 5000) or d),
        "scenarios.staffline 1, fte: ",
    ),
    "a text longer than its field": (
        lambda d: json.dumps(_row(d, "dossier.risk").update(description="x" * 1_000_000) or d),
        "dossier.risk 1, description: ",
    ),
    "a list where a text is expected": (
        lambda d: json.dumps(_row(d, "dossier.risk").update(description=["list"]) or d),
        "dossier.risk 1, description: verwacht een tekst, niet een lijst",
    ),
    "a NUL character in a text": (
        lambda d: json.dumps(_row(d, "dossier.risk").update(mitigation="a\x00b") or d),
        "dossier.risk 1, mitigation: ",
    ),
    "a text longer than a text field's max_length": (
        lambda d: json.dumps(d["objects"]["documents.dossierversion"][0].update(note="x" * 2001) or d),
        "documents.dossierversion 1, note: ",
    ),
    "a membership role superadmin": (
        lambda d: json.dumps(_row(d, "dossier.membership").update(role="superadmin") or d),
        "dossier.membership 1, role: ",
    ),
    "a path as a version document's name": (
        lambda d: json.dumps(_row(d, "documents.versiondocument").update(document="../../../../tmp/pwned") or d),
        "documents.versiondocument 1, document: ",
    ),
    "a likelihood of 10**30": (
        lambda d: json.dumps(_row(d, "dossier.risk").update(likelihood=10**30) or d),
        "dossier.risk 1, likelihood: ",
    ),
    "a likelihood of true": (
        lambda d: json.dumps(_row(d, "dossier.risk").update(likelihood=True) or d),
        "dossier.risk 1, likelihood: verwacht een geheel getal, niet ja/nee",
    ),
    "200,000 nested lists": (
        lambda d: _raw(d, "dossier.risk", "mitigation", "[" * 200_000 + "]" * 200_000),
        "geen geldige JSON: de gegevens zijn te diep genest",
    ),
    "an integer of 5,000 digits": (
        lambda d: _raw(d, "dossier.risk", "likelihood", "9" * 5000),
        "geen geldige JSON: een getal heeft te veel cijfers",
    ),
    "NaN": (lambda d: _raw(d, "dossier.risk", "likelihood", "NaN"), "geen geldige JSON: NaN is geen getal"),
    "Infinity": (
        lambda d: _raw(d, "scenarios.staffline", "fte", "-Infinity"),
        "geen geldige JSON: -Infinity is geen getal",
    ),
    "a bad user name": (
        lambda d: json.dumps(d["users"].append({"username": "bea beheer!", "email": ""}) or d),
        "users[1] (bea beheer!), username: ",
    ),
    "two tariffs for one task": (
        lambda d: json.dumps(
            d["objects"]["scenarios.providertariff"].append({**_row(d, "scenarios.providertariff"), "ref": 2}) or d
        ),
        "scenarios.providertariff 1 en 2, provider, task: dezelfde waarde komt twee keer voor",
    ),
    "a history row with an unknown kind of change": (
        lambda d: json.dumps(d["history"]["dossier.risk"][0].update(history_type="X") or d),
        "history.dossier.risk 1, history_type: ",
    ),
    "an eigen voorziening sized for no one (the model's own rule)": (
        lambda d: json.dumps(
            next(r for r in d["objects"]["scenarios.provider"] if r["kind"] == Provider.Kind.EIGEN_VOORZIENING).update(
                reference_fte="0"
            )
            or d
        ),
        "scenarios.provider 2, reference_fte: ",
    ),
}


@pytest.mark.parametrize("attack", ATTACKS)
def test_an_attack_is_refused_with_one_line_naming_the_row_and_nothing_is_written(export, attack, tmp_path):
    make, message = ATTACKS[attack]
    before = _state()

    code, out, err = _import(make(export), tmp_path)

    assert (code, out) == (1, "")
    assert err.startswith("dossier_import: ") and err.endswith("er is niets geïmporteerd\n")
    assert message in err, err[:500]
    assert err.count("\n") == 1 and "Traceback" not in err
    assert len(err) < 1_000  # the refused value is not repeated
    assert _state() == before


def test_the_unchanged_export_imports(export, tmp_path):
    """The attacks' file as exported is good: each test above refuses only what it changed."""
    code, out, err = _import(json.dumps(export), tmp_path)
    assert (code, err) == (0, "")
    assert Dossier.objects.filter(slug="nieuw").exists()
    assert VersionDocument.objects.filter(version__dossier__slug="nieuw", document="bronnen").exists()


@override_settings(IMPORT_MAX_BYTES=1_000)
def test_a_file_larger_than_the_limit_is_refused_before_it_is_read(export, tmp_path):
    before = _state()
    code, out, err = _import(json.dumps(export), tmp_path)
    assert (code, out) == (1, "")
    assert "is groter dan 1000 bytes (IMPORT_MAX_BYTES); er is niets geïmporteerd" in err
    assert _state() == before
