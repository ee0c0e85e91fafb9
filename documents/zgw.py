"""The hand-off of a decided version to a zaaksysteem through the ZGW APIs (VNG Realisatie; OpenAPI documents in
`standards/zgw/`): a Besluit in the Besluiten API, then per document an EnkelvoudigInformatieObject in the Documenten
API (its content inline, base64) and a BesluitInformatieObject that links it to the besluit.

Pure: plain values in (`Connection`, `Decision`, `Document`), requests out through a transport (a callable; the
default one uses urllib), so the caller may feed it from whatever records the decision. Authentication is the ZGW
JWT (HS256 with the client's secret, a fresh token per request, as Open Zaak checks its age). The secret is never
shown: not in a repr, not in a message, not in a log.

The besluit is made first: it is the request a zaaksysteem most often refuses (a besluittype that is not linked to
the zaak's zaaktype), and then nothing has been made. When a later request fails, the error says in Dutch what was
made already (`HandoffError.done`), so nothing half-done goes unreported."""

import base64
import hashlib
import hmac
import json
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

from django.utils.translation import gettext as _

from dossier.errors import DomainError

# Open Zaak's code for a besluittype that the zaak's zaaktype does not list (CorrectZaaktypeValidator).
ZAAKTYPE_MISMATCH = "zaaktype-mismatch"
# ... and for an informatieobjecttype the besluittype does not list.
MISSING_RELATION = "missing-besluittype-informatieobjecttype-relation"
TIMEOUT_SECONDS = 30


@dataclass(frozen=True)
class Connection:
    """A gemeente's zaaksysteem: where its APIs are, who we are there, and the catalogue's types we file under."""

    documenten_url: str  # the Documenten API's root, e.g. https://zaken.example.nl/documenten/api/v1
    besluiten_url: str  # the Besluiten API's root
    client_id: str
    secret: str = field(repr=False)
    rsin: str  # the gemeente's RSIN: bronorganisatie of a document, verantwoordelijke organisatie of a besluit
    informatieobjecttype: str  # the URL of the catalogue's informatieobjecttype for the documents
    auteur: str  # who made the documents, as an organisation (e.g. "Gemeente Twenterand")
    bestuursorgaan: str = ""  # e.g. "college van B&W"
    user_id: str = "beslisdossier"
    user_representation: str = "Beslisdossier"


@dataclass(frozen=True)
class Decision:
    """The college's decision as the zaaksysteem records it."""

    datum: date
    toelichting: str
    besluittype: str  # the URL of the catalogue's besluittype
    zaak: str  # the URL of the zaak the decision is the outcome of
    ingangsdatum: date | None = None  # default: the date of the decision


@dataclass(frozen=True)
class Document:
    """One file of the decided version."""

    title: str
    filename: str
    content: bytes
    format: str  # its MIME type
    created: date
    vertrouwelijkheid: str = "openbaar"  # the Documenten API's vertrouwelijkheidaanduiding


@dataclass(frozen=True)
class Response:
    status: int
    body: bytes
    content_type: str = "application/json"


# (method, url, headers, body) -> Response; raises OSError when the server cannot be reached.
Transport = Callable[[str, str, dict[str, str], bytes], Response]


@dataclass
class Filed:
    """A document in the zaaksysteem: its informatieobject and (once made) its link to the besluit."""

    title: str
    informatieobject: str
    link: str = ""


@dataclass
class Handoff:
    """What the hand-off made in the zaaksysteem, in order."""

    besluit: str = ""
    documents: list[Filed] = field(default_factory=list)

    def summary(self) -> str:
        if not self.besluit:
            return _("Nothing was created in the zaaksysteem.")
        filed = [
            _("“%(title)s” (%(url)s%(linked)s)")
            % {"title": d.title, "url": d.informatieobject, "linked": "" if d.link else _(", not linked")}
            for d in self.documents
        ]
        return _("Already created: besluit %(url)s; documents: %(documents)s.") % {
            "url": self.besluit,
            "documents": "; ".join(filed) or _("none"),
        }


class HandoffError(DomainError):
    """The zaaksysteem refused a request or could not be reached; `done` is what had been made before."""

    def __init__(self, reason: str, done: Handoff):
        super().__init__(f"{reason} {done.summary()}")
        self.reason = reason
        self.done = done


def hand_off(
    connection: Connection,
    decision: Decision,
    documents: list[Document],
    *,
    transport: Transport | None = None,
    clock: Callable[[], float] = time.time,
) -> Handoff:
    """File the decision and its documents in the zaaksysteem; HandoffError (Dutch) at the first refusal."""
    client = _Client(connection, transport or urllib_transport, clock)
    done = Handoff()
    besluit = client.post(connection.besluiten_url, "besluiten", besluit_body(connection, decision), done)
    done.besluit = besluit
    for document in documents:
        url = client.post(
            connection.documenten_url, "enkelvoudiginformatieobjecten", document_body(connection, document), done
        )
        filed = Filed(document.title, url)
        done.documents.append(filed)
        link = {"informatieobject": url, "besluit": besluit}
        filed.link = client.post(connection.besluiten_url, "besluitinformatieobjecten", link, done)
    return done


def besluit_body(connection: Connection, decision: Decision) -> dict:
    body = {
        "verantwoordelijkeOrganisatie": connection.rsin,
        "besluittype": decision.besluittype,
        "zaak": decision.zaak,
        "datum": decision.datum.isoformat(),
        "ingangsdatum": (decision.ingangsdatum or decision.datum).isoformat(),
        "toelichting": decision.toelichting,
    }
    if connection.bestuursorgaan:
        body["bestuursorgaan"] = connection.bestuursorgaan[:50]
    return body


def document_body(connection: Connection, document: Document) -> dict:
    return {
        "bronorganisatie": connection.rsin,
        "creatiedatum": document.created.isoformat(),
        "titel": document.title[:200],
        "auteur": connection.auteur[:200],
        "taal": "nld",
        "informatieobjecttype": connection.informatieobjecttype,
        "vertrouwelijkheidaanduiding": document.vertrouwelijkheid,
        "status": "definitief",
        "formaat": document.format,
        "bestandsnaam": document.filename,
        "bestandsomvang": len(document.content),
        "inhoud": base64.b64encode(document.content).decode("ascii"),
        # Open Zaak wants it set before a besluit may link the document; no usage rights are recorded here.
        "indicatieGebruiksrecht": False,
        "integriteit": {
            "algoritme": "sha_256",
            "waarde": hashlib.sha256(document.content).hexdigest(),
            "datum": document.created.isoformat(),
        },
    }


def jwt_token(connection: Connection, issued_at: float) -> str:
    """The ZGW JWT: HS256, signed with the client's secret, with the claims Open Zaak reads."""
    header = {"alg": "HS256", "typ": "JWT"}
    claims = {
        "iss": connection.client_id,
        "iat": int(issued_at),
        "client_id": connection.client_id,
        "user_id": connection.user_id,
        "user_representation": connection.user_representation,
    }
    signing_input = f"{_b64url(header)}.{_b64url(claims)}"
    signature = hmac.new(connection.secret.encode("utf-8"), signing_input.encode("ascii"), hashlib.sha256).digest()
    return f"{signing_input}.{base64.urlsafe_b64encode(signature).rstrip(b'=').decode('ascii')}"


def _b64url(value: dict) -> str:
    raw = json.dumps(value, separators=(",", ":"), sort_keys=True).encode("utf-8")
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode("ascii")


def urllib_transport(method: str, url: str, headers: dict[str, str], body: bytes) -> Response:
    """The real transport (standard library); an HTTP error status is an answer, not an exception."""
    request = urllib.request.Request(url, data=body, headers=headers, method=method)  # noqa: S310 (configured https)
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT_SECONDS) as answer:  # noqa: S310
            return Response(answer.status, answer.read(), answer.headers.get("Content-Type", ""))
    except urllib.error.HTTPError as error:
        return Response(error.code, error.read(), error.headers.get("Content-Type", ""))


@dataclass
class _Client:
    connection: Connection
    transport: Transport
    clock: Callable[[], float]

    def post(self, root: str, resource: str, body: dict, done: Handoff) -> str:
        """POST the body; the URL of what was made, or HandoffError with what `done` holds."""
        url = f"{root.rstrip('/')}/{resource}"
        headers = {
            "Authorization": f"Bearer {jwt_token(self.connection, self.clock())}",
            "Content-Type": "application/json",
            "Accept": "application/json",
        }
        try:
            answer = self.transport("POST", url, headers, json.dumps(body).encode("utf-8"))
        except OSError as error:
            raise HandoffError(
                _("The zaaksysteem could not be reached (%(url)s): %(error)s.") % {"url": url, "error": error}, done
            ) from error
        content = _json(answer.body)
        if answer.status == 201 and isinstance(content, dict) and content.get("url"):
            return str(content["url"])
        raise HandoffError(_refusal(url, answer.status, content), done)


def _json(body: bytes):
    """An answer's JSON, read leniently (a real server may not follow its own schema to the letter)."""
    try:
        return json.loads(body.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        return None


def _refusal(url: str, status: int, content) -> str:
    """Why the zaaksysteem refused, in Dutch: the known refusals by their code, else its own reasons."""
    content = content if isinstance(content, dict) else {}
    params = [p for p in content.get("invalidParams") or [] if isinstance(p, dict)]
    codes = {p.get("code") for p in params}
    if status == 400 and ZAAKTYPE_MISMATCH in codes:
        return _(
            "The zaaksysteem refused the besluit: its besluittype is not linked to the zaaktype of the zaak. Link "
            "the besluittype to the zaaktype in the catalogue, or configure another besluittype."
        )
    if status == 400 and MISSING_RELATION in codes:
        return _(
            "The zaaksysteem refused to link a document to the besluit: the informatieobjecttype is not one of "
            "the besluittype's. Add it to the besluittype in the catalogue, or configure another "
            "informatieobjecttype."
        )
    if status in (401, 403):
        return _(
            "The zaaksysteem refused access (%(status)s) at %(url)s: check the client id, the secret and the "
            "client's rights there."
        ) % {"status": status, "url": url}
    reasons = "; ".join(f"{p.get('name', '?')}: {p.get('reason', '')}" for p in params)
    detail = reasons or str(content.get("detail") or content.get("title") or "")
    return _("The zaaksysteem answered %(status)s at %(url)s%(detail)s.") % {
        "status": status,
        "url": url,
        "detail": f" ({detail})" if detail else "",
    }
