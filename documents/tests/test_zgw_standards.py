"""The vendored ZGW OpenAPI documents are the official ones (their hashes), and the tests' validator
(`documents/tests/openapi.py`) bites: each negative control below is a body the documents reject."""

import hashlib
import json

import pytest

from documents.zgw import Response

from .openapi import BESLUITEN, DOCUMENTEN, STANDARDS, Invalid, OpenAPI
from .zgw_fake import BESLUITEN_API, BESLUITTYPE, DOCUMENTEN_API, INFORMATIEOBJECTTYPE, ZAAKTYPE_MISMATCH

HEADERS = {"Authorization": "Bearer x.y.z", "Content-Type": "application/json"}
BESLUIT = {"verantwoordelijkeOrganisatie": "001234567", "besluittype": BESLUITTYPE, "datum": "2025-11-04",
           "ingangsdatum": "2025-11-04"}  # fmt: skip
DOCUMENT = {"bronorganisatie": "001234567", "creatiedatum": "2025-11-03", "titel": "Collegevoorstel",
            "auteur": "Gemeente Twenterand", "taal": "nld", "informatieobjecttype": INFORMATIEOBJECTTYPE,
            "inhoud": "JVBERi0=", "vertrouwelijkheidaanduiding": "openbaar"}  # fmt: skip


@pytest.mark.parametrize(("name", "version"), [(BESLUITEN, "1.0.2"), (DOCUMENTEN, "1.5.0")])
def test_the_json_is_extracted_from_the_vendored_yaml_whose_hash_the_readme_records(name, version):
    extracted = json.loads((STANDARDS / f"{name}.post.json").read_text(encoding="utf-8"))
    source = extracted["x-extracted-from"]
    digest = hashlib.sha256((STANDARDS / source["file"]).read_bytes()).hexdigest()
    assert source["sha256"] == digest
    assert f"SHA-256 of the copy: {digest}." in (STANDARDS / "README.md").read_text(encoding="utf-8")
    assert extracted["info"]["version"] == version
    assert f"version: {version}" in (STANDARDS / source["file"]).read_text(encoding="utf-8")


def besluit(body: dict):
    OpenAPI(BESLUITEN).validate_request("POST", f"{BESLUITEN_API}/besluiten", HEADERS, json.dumps(body).encode())


def document(body: dict):
    url = f"{DOCUMENTEN_API}/enkelvoudiginformatieobjecten"
    OpenAPI(DOCUMENTEN).validate_request("POST", url, HEADERS, json.dumps(body).encode())


def test_valid_bodies_pass():
    besluit(BESLUIT)
    document(DOCUMENT)


@pytest.mark.parametrize(
    ("check", "body", "error"),
    [
        (besluit, {k: v for k, v in BESLUIT.items() if k != "datum"}, "'datum' is required"),
        (besluit, {**BESLUIT, "verantwoordelijkeOrganisatie": "0012345678"}, "more than 9"),
        (besluit, {**BESLUIT, "datum": "4-11-2025"}, "not a valid date"),
        (besluit, {**BESLUIT, "besluittype": "besluittype-1"}, "not a valid uri"),
        (besluit, {**BESLUIT, "url": "https://zaken.example.nl/b/1"}, "read-only"),
        (besluit, {**BESLUIT, "besluit_type": BESLUITTYPE}, "not a property"),
        (besluit, {**BESLUIT, "vervalreden": "vergeten"}, "not in"),
        (document, {**DOCUMENT, "taal": "nl"}, "shorter than 3"),
        (document, {**DOCUMENT, "inhoud": "geen base64!"}, "not a valid byte"),
        (document, {**DOCUMENT, "vertrouwelijkheidaanduiding": "geheimpje"}, "oneOf"),
        (document, {**DOCUMENT, "bestandsomvang": -1}, "minimum"),
        (
            document,
            {**DOCUMENT, "integriteit": {"algoritme": "sha256", "waarde": "a", "datum": "2025-11-03"}},
            "not in",
        ),
    ],
)
def test_the_validator_refuses_what_the_documents_refuse(check, body, error):
    with pytest.raises(Invalid, match=error):
        check(body)


def test_a_request_without_a_bearer_token_or_as_form_data_is_refused():
    api = OpenAPI(BESLUITEN)
    body = json.dumps(BESLUIT).encode()
    with pytest.raises(Invalid, match="bearer"):
        api.validate_request("POST", f"{BESLUITEN_API}/besluiten", {"Content-Type": "application/json"}, body)
    with pytest.raises(Invalid, match="content type"):
        api.validate_request("POST", f"{BESLUITEN_API}/besluiten", {**HEADERS, "Content-Type": "text/plain"}, body)


def test_open_zaaks_zaaktype_mismatch_is_a_valid_validatiefout_and_an_empty_detail_is_not():
    api = OpenAPI(BESLUITEN)
    url = f"{BESLUITEN_API}/besluiten"
    assert api.validate_response("POST", url, ZAAKTYPE_MISMATCH)["invalidParams"][0]["code"] == "zaaktype-mismatch"
    empty = {**json.loads(ZAAKTYPE_MISMATCH.body), "detail": ""}
    with pytest.raises(Invalid, match="shorter than 1"):
        api.validate_response("POST", url, Response(400, json.dumps(empty).encode(), "application/problem+json"))
    with pytest.raises(Invalid, match="content type"):
        api.validate_response("POST", url, Response(400, ZAAKTYPE_MISMATCH.body, "application/json"))
    with pytest.raises(Invalid, match="status 418"):
        api.validate_response("POST", url, Response(418, b"{}", "application/json"))
