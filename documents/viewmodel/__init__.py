"""The documents' content, built from a frozen version's snapshot only (never from live data), so what the college
decides on is exactly what the werkgroep reviewed. One function per document; the HTML preview and the PDF are
rendered from the same view-model."""

from dataclasses import replace

from .. import versioning
from ..catalogue import BIJLAGEN, DOCUMENTS, decided_copy_of, title_of
from ..models import Decision, DossierVersion
from .bijlagen import beslisdocument, bronnen, lokaal_plan, reactie, source_name, wijzigingen
from .common import TOP_RISKS, Header, ProposalHeader, best_ranked_first, header, proposal_header
from .pages import Page
from .proposal import beslispunten, besluit, collegevoorstel, proposed_beslispunten, raadsinformatiebrief

BUILDERS = {
    "collegevoorstel": collegevoorstel,
    "beslisdocument": beslisdocument,
    "lokaal-plan": lokaal_plan,
    "reactie": reactie,
    "bronnen": bronnen,
    "wijzigingen": wijzigingen,
    "raadsinformatiebrief": raadsinformatiebrief,
}


def build(version: DossierVersion, document: str) -> Page:
    """The view-model of one document of `version` (or of its decided copy: the same document with the college's
    decision filled in); its template, that of the base document, reads `build(...).context()`."""
    decided = decided_copy_of(document)
    base = decided[0] if decided else document
    return replace(
        BUILDERS[base](version),
        document=base,
        document_title=title_of(document),
        # A version frozen before the gemeente had a baseline has no amounts: the document says why instead.
        no_baseline=not versioning.snapshot_of(version).get("content", {}).get("dossier.populationbaseline"),
        besluit=besluit(Decision.objects.get(number=decided[1], version=version)) if decided else None,
    )


__all__ = [
    "BIJLAGEN",
    "BUILDERS",
    "DOCUMENTS",
    "TOP_RISKS",
    "Header",
    "Page",
    "ProposalHeader",
    "best_ranked_first",
    "beslispunten",
    "besluit",
    "build",
    "header",
    "proposal_header",
    "proposed_beslispunten",
    "source_name",
]
