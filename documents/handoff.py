"""The optional hand-off of a decided version to the gemeente's zaaksysteem (`documents.zgw`): its configuration per
gemeente, the decision it files, and the version's files.

Off by default. Operations switch it on per gemeente in a JSON file named by the `ZGW_HANDOFF_FILE` setting (kept
outside the repository and the database, as it holds the client's secret, which is never shown or logged):

    {"Twenterand": {"enabled": true,
                    "documenten_api": "https://zaken.example.nl/documenten/api/v1",
                    "besluiten_api": "https://zaken.example.nl/besluiten/api/v1",
                    "client_id": "beslisdossier", "secret": "…", "rsin": "001234567",
                    "catalogus": "https://zaken.example.nl/catalogi/api/v1/catalogussen/…",
                    "informatieobjecttype": "https://zaken.example.nl/catalogi/api/v1/informatieobjecttypen/…",
                    "besluittype": "https://zaken.example.nl/catalogi/api/v1/besluittypen/…",
                    "bestuursorgaan": "college van B&W",
                    "vertrouwelijkheid_niet_openbaar": "vertrouwelijk",
                    "zaken": {"twenterand": "https://zaken.example.nl/zaken/api/v1/zaken/…"}}}

The gemeente is the dossier's `gemeente`; `zaken` names the zaak of each dossier (by slug) the decision belongs to."""

import json
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from urllib.parse import urlsplit

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _

from dossier.errors import DomainError
from dossier.models import Dossier

from . import archive, selectors, versioning, zgw
from .models import DossierVersion

URLS = ("documenten_api", "besluiten_api", "informatieobjecttype", "besluittype")
TEXTS = ("client_id", "secret", "rsin")
VERTROUWELIJKHEID = ("beperkt_openbaar", "intern", "zaakvertrouwelijk", "vertrouwelijk", "confidentieel", "geheim")
MIME = {".pdf": "application/pdf", ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}


class HandoffRefused(DomainError):
    """The hand-off is off, misconfigured, or has nothing to file; nothing was sent."""


@dataclass(frozen=True)
class RecordedDecision:
    """The college's decision on a version, as the hand-off needs it."""

    datum: date
    toelichting: str  # the besluitenlijst's text


def recorded_decision(version: DossierVersion) -> RecordedDecision | None:
    """The college's decision that counts, when it is on this version and decided it (not aangehouden): the date of
    the meeting and the besluitenlijst's text. None otherwise: there is no besluit to file."""
    current = selectors.current_decision(dossier=version.dossier)
    if current is None or current.version_id != version.pk or not current.closes:
        return None
    return RecordedDecision(datum=current.meeting_date, toelichting=current.besluitenlijst)


@dataclass(frozen=True)
class Setup:
    connection: zgw.Connection
    besluittype: str
    zaak: str
    vertrouwelijk: str  # the vertrouwelijkheidaanduiding of a version that is not public


def setup_for(dossier: Dossier) -> Setup:
    """The gemeente's zaaksysteem for this dossier; HandoffRefused (Dutch) when off or incomplete."""
    path = getattr(settings, "ZGW_HANDOFF_FILE", "")
    if not path:
        raise HandoffRefused(_("The hand-off to a zaaksysteem is off (no ZGW_HANDOFF_FILE is configured)."))
    try:
        everything = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError):
        raise HandoffRefused(_("The hand-off's configuration cannot be read (ZGW_HANDOFF_FILE).")) from None
    config = everything.get(dossier.gemeente) if isinstance(everything, dict) else None
    if not isinstance(config, dict) or config.get("enabled") is not True:
        raise HandoffRefused(
            _("The hand-off to a zaaksysteem is off for gemeente %(gemeente)s.") % {"gemeente": dossier.gemeente}
        )
    problems = [name for name in (*URLS, *TEXTS) if not isinstance(config.get(name), str) or not config[name].strip()]
    problems += [name for name in URLS if name not in problems and not _is_url(config[name])]
    # The catalogus is not sent (its types' URLs name it); recorded for beheer, so only checked when given.
    if config.get("catalogus") is not None and not _is_url(str(config["catalogus"])):
        problems.append("catalogus")
    if "rsin" not in problems and not (config["rsin"].isdigit() and len(config["rsin"]) == 9):
        problems.append("rsin")
    zaak = (config.get("zaken") or {}).get(dossier.slug) if isinstance(config.get("zaken"), dict) else None
    if not isinstance(zaak, str) or not _is_url(zaak):
        problems.append(f"zaken.{dossier.slug}")
    vertrouwelijk = config.get("vertrouwelijkheid_niet_openbaar", "vertrouwelijk")
    if vertrouwelijk not in VERTROUWELIJKHEID:
        problems.append("vertrouwelijkheid_niet_openbaar")
    if problems:
        # Names only: a value (the secret among them) is never repeated.
        raise HandoffRefused(
            _("The hand-off's configuration for gemeente %(gemeente)s is incomplete or invalid: %(fields)s.")
            % {"gemeente": dossier.gemeente, "fields": ", ".join(problems)}
        )
    connection = zgw.Connection(
        documenten_url=config["documenten_api"],
        besluiten_url=config["besluiten_api"],
        client_id=config["client_id"],
        secret=config["secret"],
        rsin=config["rsin"],
        informatieobjecttype=config["informatieobjecttype"],
        auteur=f"Gemeente {dossier.gemeente}",
        bestuursorgaan=str(config.get("bestuursorgaan") or ""),
    )
    return Setup(connection, config["besluittype"], zaak, vertrouwelijk)


def prepare(version: DossierVersion) -> tuple[zgw.Connection, zgw.Decision, list[zgw.Document]]:
    """What the hand-off of this version sends; HandoffRefused (or archive.ArchiveError) before anything is sent."""
    setup = setup_for(version.dossier)
    recorded = recorded_decision(version)
    if recorded is None:
        raise HandoffRefused(
            _("No decision of the college has been recorded on version %(n)s yet.") % {"n": version.number}
        )
    decision = zgw.Decision(recorded.datum, recorded.toelichting, setup.besluittype, setup.zaak)
    proposal = (versioning.snapshot_of(version)["content"].get("documents.proposal") or [{}])[0]
    vertrouwelijkheid = "openbaar" if proposal.get("openbaar", True) else setup.vertrouwelijk
    documents = [
        zgw.Document(
            title=part.title,
            filename=part.filename,
            content=part.content,
            format=MIME[Path(part.filename).suffix],
            created=timezone.localdate(part.checksum_at),
            vertrouwelijkheid=vertrouwelijkheid,
        )
        for part in archive.decision_files(version)
    ]
    return setup.connection, decision, documents


def hand_off(version: DossierVersion, *, transport: zgw.Transport | None = None) -> zgw.Handoff:
    connection, decision, documents = prepare(version)
    return zgw.hand_off(connection, decision, documents, transport=transport)


def _is_url(value: str) -> bool:
    parts = urlsplit(value)
    return parts.scheme in ("https", "http") and bool(parts.netloc)
