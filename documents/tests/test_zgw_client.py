"""The ZGW client (`documents.zgw`) against a fake zaaksysteem that checks every request body it receives and every
answer it gives against the official OpenAPI documents (Besluiten API 1.0.2, Documenten API 1.5.0): what it sends,
its JWT, and how it reports each refusal in Dutch, with what had been made before."""

import base64
import hashlib
import hmac
import json
from datetime import date
from itertools import count

import pytest
from django.utils import translation

from documents import zgw

from .zgw_fake import (
    BESLUITEN_API,
    BESLUITTYPE,
    DOCUMENTEN_API,
    INFORMATIEOBJECTTYPE,
    MISSING_RELATION,
    ZAAK,
    ZAAKTYPE_MISMATCH,
    FakeZaaksysteem,
    fout,
)

SECRET = "geheim-van-de-client-4f9a"
CONNECTION = zgw.Connection(
    documenten_url=DOCUMENTEN_API,
    besluiten_url=BESLUITEN_API,
    client_id="beslisdossier-twenterand",
    secret=SECRET,
    rsin="001234567",
    informatieobjecttype=INFORMATIEOBJECTTYPE,
    auteur="Gemeente Twenterand",
    bestuursorgaan="college van B&W",
)
DECISION = zgw.Decision(date(2025, 11, 4), "Conform besloten.", BESLUITTYPE, ZAAK)
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCUMENTS = [
    zgw.Document("Collegevoorstel", "collegevoorstel.pdf", b"%PDF-1.7 voorstel", "application/pdf", date(2025, 11, 3)),
    zgw.Document("Vergelijking", "vergelijking.xlsx", b"PK\x03\x04 xlsx", XLSX, date(2025, 11, 3), "vertrouwelijk"),
]


def run(fake, documents=DOCUMENTS):
    with translation.override("nl"):
        return zgw.hand_off(CONNECTION, DECISION, documents, transport=fake, clock=count(1_764_840_000).__next__)


def test_the_besluit_then_each_document_and_its_link_all_as_the_documents_describe_them():
    fake = FakeZaaksysteem()
    done = run(fake)
    assert fake.resources() == [
        "besluiten",
        "enkelvoudiginformatieobjecten",
        "besluitinformatieobjecten",
        "enkelvoudiginformatieobjecten",
        "besluitinformatieobjecten",
    ]
    _resource, _headers, besluit = fake.requests[0]
    assert besluit == {
        "verantwoordelijkeOrganisatie": "001234567",
        "besluittype": BESLUITTYPE,
        "zaak": ZAAK,
        "datum": "2025-11-04",
        "ingangsdatum": "2025-11-04",
        "toelichting": "Conform besloten.",
        "bestuursorgaan": "college van B&W",
    }
    for (_r, _h, body), document in zip(fake.requests[1::2], DOCUMENTS, strict=True):
        assert base64.b64decode(body["inhoud"]) == document.content
        assert body["bestandsomvang"] == len(document.content)
        assert body["integriteit"] == {
            "algoritme": "sha_256",
            "waarde": hashlib.sha256(document.content).hexdigest(),
            "datum": "2025-11-03",
        }
        assert (body["bestandsnaam"], body["formaat"], body["taal"]) == (document.filename, document.format, "nld")
        assert body["vertrouwelijkheidaanduiding"] == document.vertrouwelijkheid
        assert (body["status"], body["indicatieGebruiksrecht"]) == ("definitief", False)
    made = [answer for status, answer in fake.answers]
    assert done.besluit == made[0]["url"]
    for (_r, _h, link), informatieobject in zip(fake.requests[2::2], made[1::2], strict=True):
        assert link == {"informatieobject": informatieobject["url"], "besluit": done.besluit}
    assert [(d.title, d.informatieobject, d.link) for d in done.documents] == [
        ("Collegevoorstel", made[1]["url"], made[2]["url"]),
        ("Vergelijking", made[3]["url"], made[4]["url"]),
    ]


def _decode(part: str) -> dict:
    return json.loads(base64.urlsafe_b64decode(part + "=" * (-len(part) % 4)))


def test_each_request_carries_a_fresh_hs256_jwt_signed_with_the_secret():
    fake = FakeZaaksysteem()
    run(fake)
    issued = []
    for _resource, headers, _body in fake.requests:
        scheme, token = headers["Authorization"].split(" ")
        assert scheme == "Bearer"
        header, claims, signature = token.split(".")
        assert _decode(header) == {"alg": "HS256", "typ": "JWT"}
        expected = hmac.new(SECRET.encode(), f"{header}.{claims}".encode(), hashlib.sha256).digest()
        assert base64.urlsafe_b64decode(signature + "=" * (-len(signature) % 4)) == expected
        payload = _decode(claims)
        assert payload["iss"] == payload["client_id"] == "beslisdossier-twenterand"
        assert (payload["user_id"], payload["user_representation"]) == ("beslisdossier", "Beslisdossier")
        issued.append(payload["iat"])
        assert headers["Content-Type"] == "application/json"
    assert issued == sorted(set(issued))  # a fresh token per request


def test_a_besluittype_not_linked_to_the_zaaktype_stops_before_anything_is_made():
    fake = FakeZaaksysteem(refuse={("besluiten", 1): ZAAKTYPE_MISMATCH})
    with pytest.raises(zgw.HandoffError) as refused:
        run(fake)
    assert fake.resources() == ["besluiten"]
    assert refused.value.done == zgw.Handoff()
    message = refused.value.message
    assert "besluittype hoort niet bij het zaaktype van de zaak" in message
    assert "Er is niets aangemaakt in het zaaksysteem." in message


def test_a_refusal_halfway_reports_what_was_made_and_stops():
    fake = FakeZaaksysteem(refuse={("enkelvoudiginformatieobjecten", 2): fout(500, "error", "Interne serverfout.")})
    with pytest.raises(zgw.HandoffError) as refused:
        run(fake)
    assert fake.resources()[-1] == "enkelvoudiginformatieobjecten" and len(fake.requests) == 4
    done = refused.value.done
    made = [answer for _status, answer in fake.answers]
    assert done.besluit == made[0]["url"]
    assert [(d.informatieobject, d.link) for d in done.documents] == [(made[1]["url"], made[2]["url"])]
    message = refused.value.message
    assert "500" in message and made[0]["url"] in message and made[1]["url"] in message
    assert "Collegevoorstel" in message


def test_a_document_whose_type_the_besluittype_lacks_is_made_but_reported_unlinked():
    fake = FakeZaaksysteem(refuse={("besluitinformatieobjecten", 1): MISSING_RELATION})
    with pytest.raises(zgw.HandoffError) as refused:
        run(fake)
    [filed] = refused.value.done.documents
    assert filed.informatieobject and not filed.link
    assert "informatieobjecttype" in refused.value.message
    assert "niet gekoppeld" in refused.value.message


@pytest.mark.parametrize("status", [401, 403])
def test_a_refused_login_is_reported_without_the_secret(status):
    fake = FakeZaaksysteem(refuse={("besluiten", 1): fout(status, "not_authenticated", "Niet geauthenticeerd.")})
    with pytest.raises(zgw.HandoffError) as refused:
        run(fake)
    assert f"({status})" in refused.value.message and "client-id" in refused.value.message
    assert SECRET not in refused.value.message
    assert SECRET not in repr(CONNECTION)


def test_an_unreachable_zaaksysteem_is_reported():
    def unreachable(method, url, headers, body):
        raise ConnectionRefusedError(111, "Connection refused")

    with pytest.raises(zgw.HandoffError) as refused:
        run(unreachable)
    assert "niet bereikbaar" in refused.value.message and BESLUITEN_API in refused.value.message


def test_a_real_answer_is_read_leniently_where_the_document_is_strict():
    """Open Zaak may send an empty detail, which the document forbids: the client still reads its reasons."""
    body = {"code": "invalid", "title": "Invalid input.", "status": 400, "detail": "", "instance": "urn:uuid:x",
            "invalidParams": [{"name": "datum", "code": "future", "reason": "Datum ligt in de toekomst."}]}  # fmt: skip

    def answers(method, url, headers, body_bytes):
        return zgw.Response(400, json.dumps(body).encode(), "application/problem+json")

    with pytest.raises(zgw.HandoffError) as refused:
        run(answers)
    assert "datum: Datum ligt in de toekomst." in refused.value.message
