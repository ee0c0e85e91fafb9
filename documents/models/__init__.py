"""The collegevoorstel's own texts, beslispunten, headings and the bestuurlijke reactie; frozen versions of a
dossier and their documents."""

from .proposal import Beslispunt, Proposal, ProposalHeading, ReactionPoint, WooGround
from .versions import DossierVersion, VersionDocument

__all__ = [
    "Beslispunt",
    "DossierVersion",
    "Proposal",
    "ProposalHeading",
    "ReactionPoint",
    "VersionDocument",
    "WooGround",
]
