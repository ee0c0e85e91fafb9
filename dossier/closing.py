"""Closing a dossier when the college has decided, and the one thing still tracked in a closed dossier: the status
of its milestones. The documents' decision services call these (the documents may import the dossier, never the
reverse); who may edit is decided in one place, `Membership.can_edit`, which reads `Dossier.closed_on`."""

import datetime

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from .errors import DomainError
from .models import Dossier, Membership, Milestone


@transaction.atomic
def dossier_close(*, dossier: Dossier, on: datetime.date, user, reason: str = "") -> Dossier:
    """The college decided on `on`: the dossier becomes read-only (status besloten), with a history row."""
    current = Dossier.objects.select_for_update().get(pk=dossier.pk)
    current.closed_on = on
    current.status = Dossier.Status.BESLOTEN
    _save(current, user=user, reason=reason)
    dossier.closed_on, dossier.status = current.closed_on, current.status
    return current


@transaction.atomic
def dossier_reopen(*, dossier: Dossier, user, reason: str = "") -> Dossier:
    """The decision that closed the dossier was corrected into one that leaves it open (aangehouden): editable
    again, back to besluitvorming (a new round)."""
    current = Dossier.objects.select_for_update().get(pk=dossier.pk)
    current.closed_on = None
    current.status = Dossier.Status.BESLUITVORMING
    _save(current, user=user, reason=reason)
    dossier.closed_on, dossier.status = current.closed_on, current.status
    return current


def _save(dossier: Dossier, *, user, reason: str) -> None:
    dossier.full_clean()
    dossier.version += 1  # an edit form opened before the decision conflicts instead of overwriting
    dossier._history_user = user
    if reason:
        dossier._change_reason = reason
    dossier.save()


@transaction.atomic
def milestone_track(*, membership: Membership, milestone: Milestone, status: str) -> Milestone:
    """The kwartiermaker sets a milestone's status, also in a closed dossier (the implementation is followed after
    the decision); only the status changes. PermissionDenied for another role or another dossier's milestone."""
    if not membership.can_track_milestones or milestone.dossier_id != membership.dossier_id:
        raise PermissionDenied
    if status not in Milestone.Status.values:
        raise DomainError(_("Choose one of the statuses offered."))
    current = Milestone.objects.select_for_update().get(pk=milestone.pk)
    current.status = status
    current.full_clean()
    current.version += 1
    current._history_user = membership.user
    current.save()
    return current
