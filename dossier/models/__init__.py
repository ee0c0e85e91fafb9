"""The dossier of a bestuursopdracht: its content, who may see and edit it, and where each statement comes from."""

from .analysis import InfrastructureFunction, KaderToets, ResearchArea
from .base import DossierContent
from .content import Deelproduct, Kader, Milestone, Opdrachtgever, Participant, Risk
from .core import Discipline, Dossier, Membership, Organisation, Role
from .population import PopulationBaseline
from .sources import Citation, Source
from .versions import DossierVersion
from .werkgroep import (
    COMMENT_MAX_LENGTH,
    Advice,
    AdviceRound,
    Comment,
    CommentRevision,
    Notification,
    NotificationSettings,
    Thread,
)

__all__ = [
    "COMMENT_MAX_LENGTH",
    "Advice",
    "AdviceRound",
    "Comment",
    "CommentRevision",
    "Notification",
    "NotificationSettings",
    "Thread",
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
    "ResearchArea",
    "Risk",
    "Role",
    "Source",
]
