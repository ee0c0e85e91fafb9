"""A fake zaaksysteem for the hand-off's tests (no network): it validates every request the client sends against the
vendored OpenAPI documents, answers as Open Zaak does, and validates every answer it gives before giving it."""

import json
from dataclasses import dataclass, field

from documents.zgw import Response

from .openapi import BESLUITEN, DOCUMENTEN, OpenAPI

ROOT = "https://zaken.example.nl"
DOCUMENTEN_API = f"{ROOT}/documenten/api/v1"
BESLUITEN_API = f"{ROOT}/besluiten/api/v1"
ZAAK = f"{ROOT}/zaken/api/v1/zaken/0c4a0a5e-9f4e-4a36-9d55-3f7bd0e1c2a1"
BESLUITTYPE = f"{ROOT}/catalogi/api/v1/besluittypen/5c8f4b36-8b4c-4b4b-9a3e-8a0d6c3e7b11"
INFORMATIEOBJECTTYPE = f"{ROOT}/catalogi/api/v1/informatieobjecttypen/9a1f2e3d-4c5b-4a69-8d7e-6f5a4b3c2d1e"
CATALOGUS = f"{ROOT}/catalogi/api/v1/catalogussen/1b2c3d4e-5f60-4718-9a0b-c1d2e3f4a5b6"
PROBLEM = "application/problem+json"


def validation_error(code: str, reason: str, name: str = "nonFieldErrors") -> Response:
    """A 400 as Open Zaak answers it (ValidatieFout; every text non-empty, as the document requires)."""
    body = {
        "type": f"{ROOT}/ref/fouten/ValidationError/",
        "code": "invalid",
        "title": "Invalid input.",
        "status": 400,
        "detail": "Ongeldige invoer.",
        "instance": "urn:uuid:6f1c1f0e-6d0a-4f55-8f5e-2b8a1f3e9c70",
        "invalidParams": [{"name": name, "code": code, "reason": reason}],
    }
    return Response(400, json.dumps(body).encode(), PROBLEM)


# Open Zaak's answer to a besluit whose besluittype the zaak's zaaktype does not list (test_no_zaaktype_besluittype_
# relation, CorrectZaaktypeValidator).
ZAAKTYPE_MISMATCH = validation_error("zaaktype-mismatch", "De referentie hoort niet bij het zaaktype van de zaak.")
MISSING_RELATION = validation_error(
    "missing-besluittype-informatieobjecttype-relation",
    "Het informatieobjecttype hoort niet bij het besluittype van het besluit.",
)


def fout(status: int, code: str, title: str) -> Response:
    body = {
        "type": f"{ROOT}/ref/fouten/{code}/",
        "code": code,
        "title": title,
        "status": status,
        "detail": title,
        "instance": "urn:uuid:0e7c2d4a-1b3f-4e5d-9c8b-7a6f5e4d3c2b",
    }
    return Response(status, json.dumps(body).encode(), PROBLEM)


@dataclass
class FakeZaaksysteem:
    """Call it as the client's transport. `refuse` maps (resource, n) — the n-th request to that resource, from 1 —
    to the answer given instead of 201."""

    refuse: dict[tuple[str, int], Response] = field(default_factory=dict)
    requests: list[tuple[str, dict, dict]] = field(default_factory=list)  # (resource, headers, body)
    answers: list[tuple[int, dict]] = field(default_factory=list)
    besluiten: OpenAPI = field(default_factory=lambda: OpenAPI(BESLUITEN))
    documenten: OpenAPI = field(default_factory=lambda: OpenAPI(DOCUMENTEN))

    def __call__(self, method: str, url: str, headers: dict[str, str], body: bytes) -> Response:
        api = self.documenten if url.startswith(DOCUMENTEN_API) else self.besluiten
        data = api.validate_request(method, url, headers, body)
        resource = url.rsplit("/", 1)[1]
        self.requests.append((resource, headers, data))
        n = sum(1 for r, _h, _d in self.requests if r == resource)
        answer = self.refuse.get((resource, n)) or self.created(resource, n, data, url)
        self.answers.append((answer.status, api.validate_response(method, url, answer)))
        return answer

    def resources(self) -> list[str]:
        return [resource for resource, _h, _d in self.requests]

    @staticmethod
    def created(resource: str, n: int, data: dict, url: str) -> Response:
        made = f"{url}/00000000-0000-4000-8000-{n:012d}"
        if resource == "besluiten":
            body = {**data, "url": made, "identificatie": f"BESLUIT-2025-{n:04d}"}
        elif resource == "enkelvoudiginformatieobjecten":
            body = {
                **data,
                "url": made,
                "identificatie": f"DOCUMENT-2025-{n:010d}",
                "inhoud": f"{made}/download?versie=1",
                "versie": 1,
                "beginRegistratie": "2025-11-04T10:20:00Z",
                "locked": False,
                "bestandsdelen": [],
            }
        else:
            body = {**data, "url": made}
        return Response(201, json.dumps(body).encode(), "application/json")
