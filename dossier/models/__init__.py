"""The dossier of a bestuursopdracht: its content, who may see and edit it, and where each statement comes from."""

from .analysis import InfrastructureFunction, KaderToets, ResearchArea
from .base import DossierContent
from .content import Deelproduct, Kader, Milestone, Opdrachtgever, Participant, Risk
from .core import Discipline, Dossier, Membership, Organisation, Role
from .imports import DossierImport, ImportedHistory
from .population import PopulationBaseline
from .sources import Citation, Source

__all__ = [
    "Citation",
    "Deelproduct",
    "Discipline",
    "Dossier",
    "DossierImport",
    "DossierContent",
    "ImportedHistory",
    "InfrastructureFunction",
    "Kader",
    "KaderToets",
    "Membership",
    "Milestone",
    "Opdrachtgever",
    "Organisation",
    "Participant",
    "PopulationBaseline",
    "ResearchArea",
    "Risk",
    "Role",
    "Source",
]
