"""Access to a dossier: every dossier view is scoped to one dossier the user is a member of.

Non-members get 404 (the dossier's existence is not disclosed); members without edit rights get 403 on
every write, whatever the request looks like.
"""

from functools import wraps

from django.core.exceptions import PermissionDenied

from . import selectors
from .kinds import KINDS
from .models import PopulationBaseline
from .navigation import navigation


def member_required(*, edit: bool = False):
    def decorator(view):
        @wraps(view)
        def wrapped(request, slug, *args, **kwargs):
            dossier, membership = selectors.dossier_for_user(user=request.user, slug=slug)
            if edit and not membership.can_edit:
                raise PermissionDenied
            request.dossier, request.membership = dossier, membership
            return view(request, dossier, *args, **kwargs)

        return wrapped

    return decorator


def dossier_context(request):
    """Template context: the current dossier and what the user may do in it."""
    membership = getattr(request, "membership", None)
    dossier = getattr(request, "dossier", None)
    return {
        "kinds": KINDS,
        "dossier": dossier,
        # A callable too: built only by pages that show it, not by the fragments htmx swaps in.
        "navigation": (lambda: navigation(dossier, request.path)) if dossier is not None else (),
        "membership": membership,
        "can_edit": bool(membership and membership.can_edit),
        # A callable as well: asked only by the pages that say so when the baseline is missing.
        "baseline_missing": (lambda: not _has_baseline(dossier)) if dossier is not None else False,
    }


def _has_baseline(dossier) -> bool:
    return PopulationBaseline.objects.filter(dossier=dossier).exists()
