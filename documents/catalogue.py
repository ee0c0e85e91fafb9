"""The documents a version has: the collegevoorstel and its bijlagen, by their stable names (URL segment, stored
row, template name) with their titles; and the decided copies made after the college's decision (a document of its
own per decision, `collegevoorstel-besluit-12`, so the frozen original stays as it was made)."""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy

DOCUMENTS = {
    "collegevoorstel": gettext_lazy("Collegevoorstel"),
    "beslisdocument": gettext_lazy("Beslisdocument"),
    "lokaal-plan": gettext_lazy("Lokaal plan sociale infrastructuur"),
    "reactie": gettext_lazy("Bestuurlijke reactie op de evaluatie Ontplooj"),
    "bronnen": gettext_lazy("Bronnenregister"),
    "wijzigingen": gettext_lazy("Wijzigingen ten opzichte van de vorige versie"),
    "raadsinformatiebrief": gettext_lazy("Raadsinformatiebrief"),
}
BIJLAGEN = [key for key in DOCUMENTS if key != "collegevoorstel"]

# The documents of which a decided copy is made once the college has decided: the besluit filled in.
DECIDED_COPIES = {
    "collegevoorstel": gettext_lazy("Collegevoorstel, besloten exemplaar"),
    "raadsinformatiebrief": gettext_lazy("Raadsinformatiebrief, besloten exemplaar"),
}
_DECIDED_KEY = re.compile(r"(?P<document>[a-z-]+)-besluit-(?P<decision>[1-9][0-9]{0,17})")


def decided_copy(document: str, number: int) -> str:
    """The stable name of `document`'s decided copy for one decision (its row, URL segment), by the decision's number
    on its version (`Decision.number`: the same after an import, where the database id is not)."""
    return f"{document}-besluit-{number}"


def decided_copy_of(key: str) -> tuple[str, int] | None:
    """(the document, the decision's number on its version) of a decided copy's name; None for any other name."""
    match = _DECIDED_KEY.fullmatch(key)
    if match is None or match["document"] not in DECIDED_COPIES:
        return None
    return match["document"], int(match["decision"])


def validate_document_name(value: str) -> None:
    """A stored document is one of the catalogue's documents or a decided copy of one (never a path or other name)."""
    if value not in DOCUMENTS and decided_copy_of(value) is None:
        raise ValidationError(gettext_lazy("Unknown document “%(name)s”."), code="invalid", params={"name": value})


def base_document(key: str) -> str:
    """The document whose template and view-model a stored document is made with."""
    decided = decided_copy_of(key)
    return decided[0] if decided else key


def title_of(key: str) -> str:
    decided = decided_copy_of(key)
    return str(DECIDED_COPIES[decided[0]] if decided else DOCUMENTS[key])
