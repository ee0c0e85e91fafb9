"""Where an import comes from: who imports, what the file's signature says, and the record of it — a
`DossierImport` row with the history rows the import wrote (the history page shows them as imported), and a
security event."""

import getpass
import logging

from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from accounts import audit

from ..models import Dossier, DossierImport, ImportedHistory
from .format import ImportMark, Signature, signature_state

# What the import's output and the audit log say of each signature state (Dutch: the command's output).
SIGNATURE_TEXT = {
    Signature.OWN: "ondertekend door deze installatie en ongewijzigd",
    Signature.FOREIGN: "bestand ondertekend door een andere installatie",
    Signature.ALTERED: "de handtekening van deze installatie klopt niet: het bestand is na de export gewijzigd",
    Signature.UNSIGNED: "bestand niet ondertekend door deze installatie",
}


def os_user() -> str:
    """The operating system's account running the import (a command without --door)."""
    try:
        return getpass.getuser()
    except (OSError, KeyError):  # no USER/LOGNAME and no passwd entry (a bare container)
        return "onbekend"


def import_mark(data: dict, *, imported_by=None, imported_by_name: str = "") -> ImportMark:
    """Who imports `data` now, and whether this installation signed it as it is.

    A file that names this installation but does not match its signature (`Signature.ALTERED`: the reproduction of
    issue 20, a definitive PDF replaced with its size and SHA-256 recomputed) is imported like any file this
    installation did not sign: its versions are marked "imported, not verified", the output says the file was altered
    and the security event is a warning. Refusing it would protect nothing: whoever altered it can remove the
    signature and the file imports, unsigned, with the same marks. One rule for every file this installation cannot
    vouch for keeps its content visible and its state plain."""
    if imported_by is not None:
        name = imported_by.get_full_name() or imported_by.get_username()
    else:
        name = imported_by_name or os_user()
    return ImportMark(signature=signature_state(data), at=timezone.now(), by_name=name[:150])


def record_import(
    *, dossier: Dossier, data: dict, mark: ImportMark, imported_by, file_sha256: str, unverified: int, history
) -> DossierImport:
    """The import's record (inside its transaction): the `DossierImport` row, the history rows it wrote
    (`history`: (model, history ids) pairs), and the security event "dossier imported"."""
    record = DossierImport.objects.create(
        dossier=dossier,
        imported_by=imported_by,
        imported_by_name=mark.by_name,
        imported_at=mark.at,
        file_sha256=file_sha256,
        signature=mark.signature,
        unverified_versions=unverified,
    )
    rows = [
        ImportedHistory(dossier_import=record, content_type=ContentType.objects.get_for_model(model), history_id=pk)
        for model, pks in history
        for pk in pks
    ]
    ImportedHistory.objects.bulk_create(rows, batch_size=1000)
    audit.event(
        "dossier imported",
        actor=imported_by,
        actor_name="" if imported_by is not None else mark.by_name,
        level=logging.INFO if mark.verified else logging.WARNING,
        dossier=dossier.slug,
        original_slug=(data.get("dossier") or {}).get("slug", ""),
        signature=mark.signature,
        unverified_versions=unverified,
        history_rows=len(rows),
        file_sha256=file_sha256,
    )
    return record


def signature_text(state: str) -> str:
    return SIGNATURE_TEXT.get(state, state)
