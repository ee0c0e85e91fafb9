"""The collegevoorstel's own texts, beslispunten, headings and the bestuurlijke reactie; frozen versions of a
dossier and their documents; the college's decision on a version; the selectielijst categories their archive
package is kept under."""

from .archive import ArchiveCategory
from .decision import Decision
from .proposal import Beslispunt, Proposal, ProposalHeading, ReactionPoint, WooGround
from .versions import DossierVersion, VersionDocument

__all__ = [
    "ArchiveCategory",
    "Beslispunt",
    "Decision",
    "DossierVersion",
    "Proposal",
    "ProposalHeading",
    "ReactionPoint",
    "VersionDocument",
    "WooGround",
]
