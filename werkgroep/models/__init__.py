"""The werkgroep's models: threads, comments, advice and notifications (`core`), the advice and paraaf route
(`route`)."""

from .core import (
    COMMENT_MAX_LENGTH,
    Advice,
    AdviceRound,
    Comment,
    CommentRevision,
    Notification,
    NotificationSettings,
    Thread,
)
from .route import (
    AdviceReview,
    Route,
    RouteRole,
    RouteRoleAssignment,
    RouteStep,
    RouteTemplate,
    RouteTemplateStep,
    StepKind,
)

__all__ = [
    "COMMENT_MAX_LENGTH",
    "Advice",
    "AdviceReview",
    "AdviceRound",
    "Comment",
    "CommentRevision",
    "Notification",
    "NotificationSettings",
    "Route",
    "RouteRole",
    "RouteRoleAssignment",
    "RouteStep",
    "RouteTemplate",
    "RouteTemplateStep",
    "StepKind",
    "Thread",
]
