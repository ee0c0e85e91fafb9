"""Writes of the documents: publishing (freezing) a version of the dossier, having a version's document made
again, and the college's decision on a version (recorded, corrected, published under the Woo). Views and commands
call these; the rendering itself runs in the worker (`documents.tasks`)."""

from django.core.exceptions import PermissionDenied
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts import audit
from dossier import closing
from dossier.errors import DomainError
from dossier.models import Dossier

from . import selectors, tasks, versioning
from .catalogue import DECIDED_COPIES, DOCUMENTS, decided_copy
from .models import Decision, DossierVersion, VersionDocument


@transaction.atomic
def version_publish(*, membership, status: str, note: str = "") -> DossierVersion:
    """The kwartiermaker freezes the dossier into its next version (`versioning.version_freeze`: the snapshot, its
    hash, the refusal of a duplicate, PermissionDenied for another role). A definitive version's documents are
    scheduled in the same transaction, so the worker is given them only once the version is committed and a rolled
    back publish enqueues nothing."""
    version = versioning.version_freeze(membership=membership, status=status, note=note)
    if version.status == DossierVersion.Status.DEFINITIEF:
        tasks.schedule(version, list(DOCUMENTS))
    return version


@transaction.atomic
def version_document_retry(*, row: VersionDocument) -> bool:
    """Have a failed (or stuck) document of a version made again; False when it needs no new attempt (it is ready,
    or another retry was first). Its task is enqueued when this transaction commits."""
    return tasks.retry(row)


# ---------------------------------------------------------------------------------------------- the college's decision


def _proposal_is_public(version: DossierVersion) -> bool:
    proposal = (versioning.snapshot_of(version)["content"].get("documents.proposal") or [{}])[0]
    return bool(proposal.get("openbaar", True))


def _save_decision(decision: Decision, *, user) -> Decision:
    """Numbered on its version after every decision recorded there (the dossier's row is locked by the caller)."""
    latest = Decision.objects.filter(version=decision.version).aggregate(n=models.Max("number"))["n"] or 0
    decision.number = latest + 1
    decision.full_clean()
    decision._history_user = user
    decision.save()
    return decision


def _after_decision(decision: Decision, *, user) -> None:
    """What follows a decision: the dossier closed (or open again for a new round), the decided copies made."""
    dossier = decision.version.dossier
    reason = _("Decision of the college: %(outcome)s") % {"outcome": decision.get_outcome_display().lower()}
    if decision.closes:
        closing.dossier_close(dossier=dossier, on=decision.meeting_date, user=user, reason=reason)
        tasks.schedule(decision.version, [decided_copy(doc, decision.number) for doc in DECIDED_COPIES])
    elif dossier.is_closed:
        closing.dossier_reopen(dossier=dossier, user=user, reason=reason)
    audit.event(
        "decision recorded",
        actor=user,
        dossier=dossier.slug,
        version=decision.version.number,
        decision=decision.number,
        outcome=decision.outcome,
        corrects=decision.corrects.number if decision.corrects_id else None,
    )


def _lock_dossier(membership, version: DossierVersion) -> None:
    if not membership.can_record_decision or version.dossier_id != membership.dossier_id:
        raise PermissionDenied
    # One decision at a time per dossier (PostgreSQL locks the row; SQLite's transaction holds the write lock).
    Dossier.objects.select_for_update().get(pk=version.dossier_id)


@transaction.atomic
def decision_record(
    *,
    membership,
    version: DossierVersion,
    meeting_date,
    outcome: str,
    besluitenlijst: str,
    amended_beslispunten: str = "",
    reason: str = "",
) -> Decision:
    """The bestuurssecretariaat records the college's decision on a definitive version. Refused (DomainError) while
    another decision counts that is not aangehouden: that one is corrected instead. A closing decision closes the
    dossier and has the decided copies of the collegevoorstel and the raadsinformatiebrief made."""
    _lock_dossier(membership, version)
    refused = selectors.not_ready_for_college(version)
    if refused:
        raise DomainError(" ".join(refused))
    current = selectors.current_decision(dossier=version.dossier)
    if current is not None and current.outcome != Decision.Outcome.AANGEHOUDEN:
        raise DomainError(
            _("The college's decision has already been recorded (%(outcome)s); record a correction instead.")
            % {"outcome": current.get_outcome_display().lower()}
        )
    decision = Decision(
        version=version,
        meeting_date=meeting_date,
        outcome=outcome,
        besluitenlijst=(besluitenlijst or "").strip(),
        amended_beslispunten=(amended_beslispunten or "").strip(),
        reason=(reason or "").strip(),
        openbaar=_proposal_is_public(version),
        recorded_by=membership.user,
    )
    _save_decision(decision, user=membership.user)
    _after_decision(decision, user=membership.user)
    return decision


@transaction.atomic
def decision_correct(
    *,
    membership,
    decision: Decision,
    correction_note: str,
    meeting_date,
    outcome: str,
    besluitenlijst: str,
    amended_beslispunten: str = "",
    reason: str = "",
) -> Decision:
    """A correction: a new decision on the same version that names the one it corrects (which stays, unchanged,
    and no longer counts). Only the decision that counts now can be corrected."""
    _lock_dossier(membership, decision.version)
    if selectors.current_decision(dossier=decision.version.dossier) != decision:
        raise DomainError(_("Only the decision that counts now can be corrected."))
    correction = Decision(
        version=decision.version,
        corrects=decision,
        correction_note=(correction_note or "").strip(),
        meeting_date=meeting_date,
        outcome=outcome,
        besluitenlijst=(besluitenlijst or "").strip(),
        amended_beslispunten=(amended_beslispunten or "").strip(),
        reason=(reason or "").strip(),
        openbaar=decision.openbaar,
        recorded_by=membership.user,
    )
    _save_decision(correction, user=membership.user)
    _after_decision(correction, user=membership.user)
    return correction


@transaction.atomic
def decision_publish(*, membership, decision: Decision) -> Decision:
    """The bestuurssecretariaat publishes the decision under the Woo ("publiceren"): once, only the decision that
    counts, only when its proposal is public and the college decided (not aangehouden)."""
    _lock_dossier(membership, decision.version)
    current = Decision.objects.select_for_update().get(pk=decision.pk)
    if selectors.current_decision(dossier=decision.version.dossier) != current:
        raise DomainError(_("Only the decision that counts now can be published."))
    if current.is_published:
        raise DomainError(_("This decision has already been published."))
    if not current.openbaar:
        raise DomainError(_("The proposal is not public (Woo): its decision is not published here."))
    if current.outcome == Decision.Outcome.AANGEHOUDEN:
        raise DomainError(_("A proposal held by the college has no decision to publish yet."))
    current.published_at = timezone.now()
    current.published_by = membership.user
    current._history_user = membership.user
    current.save(update_fields=["published_at", "published_by"])
    audit.event(
        "decision published", actor=membership.user, dossier=decision.version.dossier.slug, decision=current.number
    )
    return current
