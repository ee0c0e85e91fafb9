"""`manage.py zgw_handoff`: off by default, refused cleanly (one Dutch line, non-zero, nothing sent) when off,
misconfigured or undecided, and otherwise the decided version's besluit and files in the (fake) zaaksysteem, every
request and answer checked against the official OpenAPI documents."""

import base64
import io
import json
from datetime import date

import pytest
from django.core.management import call_command
from django.utils import timezone

from documents import handoff, services
from documents.catalogue import DOCUMENTS
from documents.management.commands import zgw_handoff
from documents.models import ArchiveCategory
from dossier.models import Role
from dossier.tests.factories import MembershipFactory

from .test_archive import freeze, twenterand_category
from .zgw_fake import (
    BESLUITEN_API,
    BESLUITTYPE,
    CATALOGUS,
    DOCUMENTEN_API,
    INFORMATIEOBJECTTYPE,
    ZAAK,
    ZAAKTYPE_MISMATCH,
    FakeZaaksysteem,
)

SECRET = "zeer-geheim-7d1e"


def config(**changes) -> dict:
    twenterand = {
        "enabled": True, "documenten_api": DOCUMENTEN_API, "besluiten_api": BESLUITEN_API,
        "client_id": "beslisdossier", "secret": SECRET, "rsin": "001234567", "catalogus": CATALOGUS,
        "informatieobjecttype": INFORMATIEOBJECTTYPE, "besluittype": BESLUITTYPE,
        "bestuursorgaan": "college van B&W", "zaken": {"twenterand": ZAAK},
    }  # fmt: skip
    return {"Twenterand": {**twenterand, **changes}}


@pytest.fixture
def version(dossier):
    return freeze(dossier, category=ArchiveCategory.objects.create(**twenterand_category()), openbaar=False,
                  ground="5.1 lid 2 sub i")  # fmt: skip


@pytest.fixture
def configured(settings, tmp_path):
    def write(content: dict | str):
        path = tmp_path / "zgw.json"
        path.write_text(content if isinstance(content, str) else json.dumps(content), encoding="utf-8")
        settings.ZGW_HANDOFF_FILE = str(path)

    return write


@pytest.fixture
def fake(monkeypatch):
    fake = FakeZaaksysteem()
    monkeypatch.setattr(zgw_handoff.Command, "transport", lambda self: fake)
    return fake


@pytest.fixture
def decided(monkeypatch):
    decision = handoff.RecordedDecision(date(2025, 11, 4), "Conform het voorstel besloten.")
    monkeypatch.setattr(handoff, "recorded_decision", lambda version: decision)


def run(**options):
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command("zgw_handoff", stdout=out, stderr=err, **options)
    except SystemExit as exc:
        return exc.code, out.getvalue(), err.getvalue()
    return 0, out.getvalue(), err.getvalue()


def test_the_decided_version_goes_to_the_zaaksysteem(version, configured, fake, decided):
    configured(config())
    code, out, err = run(dossier="twenterand", version=1)
    assert code == 0, err
    assert fake.resources()[0] == "besluiten"
    assert fake.resources().count("enkelvoudiginformatieobjecten") == len(DOCUMENTS)
    assert fake.resources().count("besluitinformatieobjecten") == len(DOCUMENTS)
    _r, _h, besluit = fake.requests[0]
    assert (besluit["zaak"], besluit["besluittype"], besluit["datum"]) == (ZAAK, BESLUITTYPE, "2025-11-04")
    sent = {body["bestandsnaam"]: body for resource, _h, body in fake.requests if "bestandsnaam" in body}
    assert set(sent) == {f"{key}.pdf" for key in DOCUMENTS}
    assert base64.b64decode(sent["collegevoorstel.pdf"]["inhoud"]).startswith(b"%PDF")
    # The version is not public (its proposal names a Woo ground): its documents are not sent as public.
    assert {body["vertrouwelijkheidaanduiding"] for body in sent.values()} == {"vertrouwelijk"}
    assert out.splitlines()[0] == f"besluit {fake.answers[0][1]['url']}"
    assert SECRET not in out + err


@pytest.mark.parametrize(
    ("setup", "expected"),
    [
        (None, "staat uit"),
        ({"Twenterand": {**config()["Twenterand"], "enabled": False}}, "staat uit voor gemeente Twenterand"),
        ({"Almelo": config()["Twenterand"]}, "staat uit voor gemeente Twenterand"),
        ("{geen json", "zijn niet te lezen"),
        (config(rsin="12345", secret=""), "rsin"),
        (config(besluittype="besluittype-1"), "besluittype"),
        (config(zaken={}), "zaken.twenterand"),
        (config(catalogus="catalogus"), "catalogus"),
    ],
)
def test_off_or_misconfigured_refuses_in_one_dutch_line_and_sends_nothing(
    version, configured, fake, decided, settings, setup, expected
):
    if setup is None:
        settings.ZGW_HANDOFF_FILE = ""
    else:
        configured(setup)
    code, out, err = run(dossier="twenterand", version=1)
    assert code == 1
    assert err.startswith("zgw_handoff: ") and expected in err and err.count("\n") <= 1
    assert fake.requests == [] and out == ""


def test_a_refusal_never_repeats_the_secret(version, configured, fake, decided):
    configured(config(rsin="x", secret=SECRET))
    code, _out, err = run(dossier="twenterand", version=1)
    assert code == 1 and "secret" not in err and SECRET not in err


def test_an_undecided_version_is_refused(version, configured, fake):
    configured(config())
    code, _out, err = run(dossier="twenterand", version=1)
    assert code == 1 and "Er is nog geen besluit van het college vastgelegd op versie 1." in err
    assert fake.requests == []


def test_a_besluittype_not_linked_to_the_zaaktype_is_reported_in_dutch(version, configured, fake, decided):
    configured(config())
    fake.refuse[("besluiten", 1)] = ZAAKTYPE_MISMATCH
    code, _out, err = run(dossier="twenterand", version=1)
    assert code == 1
    assert "besluittype hoort niet bij het zaaktype van de zaak" in err
    assert "Er is niets aangemaakt in het zaaksysteem." in err
    assert fake.resources() == ["besluiten"]


@pytest.mark.parametrize(
    ("options", "expected"),
    [
        ({"dossier": "bestaat-niet", "version": 1}, "bestaat niet"),
        ({"dossier": "twenterand", "version": 9}, "versie 9"),
    ],
)
def test_an_unknown_dossier_or_version_is_refused(version, options, expected):
    code, _out, err = run(**options)
    assert code == 2 and expected in err


def test_a_version_whose_documents_are_not_ready_is_refused(dossier, configured, fake, decided):
    freeze(dossier, category=ArchiveCategory.objects.create(**twenterand_category()), ready=False)
    configured(config())
    code, _out, err = run(dossier="twenterand", version=1)
    assert code == 1 and "bronnen" in err.lower()
    assert fake.requests == []


def test_the_recorded_decision_is_the_one_that_counts_on_that_version(dossier):
    """The hand-off files the college's decision that counts, on its own version, only when the college decided."""
    secretariaat = MembershipFactory(dossier=dossier, role=Role.BESTUURSSECRETARIAAT)
    held, decided_on = freeze(dossier), freeze(dossier)
    record = {"meeting_date": timezone.localdate(), "besluitenlijst": "Aangehouden."}
    services.decision_record(membership=secretariaat, version=held, outcome="aangehouden", reason="Eerst de raad.",
                             **record)  # fmt: skip
    assert handoff.recorded_decision(held) is None  # aangehouden: no besluit to file
    record["besluitenlijst"] = "Conform besloten."
    services.decision_record(membership=secretariaat, version=decided_on, outcome="conform", **record)
    assert handoff.recorded_decision(decided_on) == handoff.RecordedDecision(timezone.localdate(), "Conform besloten.")
    assert handoff.recorded_decision(held) is None
