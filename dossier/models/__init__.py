"""The dossier of a bestuursopdracht: its content, who may see and edit it, and where each statement comes from."""

from .analysis import InfrastructureFunction, KaderToets, ResearchArea
from .base import DossierContent
from .content import Deelproduct, Kader, Milestone, Opdrachtgever, Participant, Risk
from .core import Discipline, Dossier, Membership, Organisation, Role
from .population import PopulationBaseline
from .proposal import Beslispunt, Proposal, ProposalHeading, ReactionPoint, WooGround
from .sources import Citation, Source
from .versions import DossierVersion, VersionDocument

__all__ = [
    "Beslispunt",
    "VersionDocument",
    "Citation",
    "Deelproduct",
    "Discipline",
    "Dossier",
    "DossierVersion",
    "DossierContent",
    "InfrastructureFunction",
    "Kader",
    "KaderToets",
    "Membership",
    "Milestone",
    "Opdrachtgever",
    "Organisation",
    "Participant",
    "PopulationBaseline",
    "Proposal",
    "ProposalHeading",
    "ReactionPoint",
    "ResearchArea",
    "Risk",
    "Role",
    "Source",
    "WooGround",
]
