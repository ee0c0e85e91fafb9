"""Advice goes stale honestly: a newer version that changes a number or text an advice was about marks it
*verouderd* (an `AdviceReview`), tells the adviser, who confirms it still holds for the new version or revises it.

What an advice is about: the elements of the threads it names (their rows in the snapshot, one field when the thread
is about a part; a scenario's computed figures too), or, when it names no thread, the whole version (every text and
number the version compare shows)."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from documents import versioning
from documents.models import DossierVersion
from dossier.changes import IGNORED, compare_versions

from .models import COMMENT_MAX_LENGTH, Advice, AdviceReview, Notification
from .notifications import notify
from .route import advice_steps_complete

DOSSIER = "dossier.dossier"
SCENARIO = "scenarios.scenario"


def _rows(snapshot: dict, kind: str) -> dict | None:
    if kind == DOSSIER:
        return {None: snapshot.get("dossier", {})}
    if kind not in snapshot.get("content", {}):
        return None
    return {row.get("id"): row for row in snapshot["content"][kind]}


def _plain(row: dict | None, part: str) -> object:
    if row is None:
        return None
    if part and part in row:
        return row[part]
    return {k: v for k, v in row.items() if k not in IGNORED}


def _result(snapshot: dict, pk) -> dict | None:
    return next((s for s in snapshot.get("results", {}).get("scenarios", []) if s.get("id") == pk), None)


def changed_for(advice: Advice, old: dict, new: dict) -> bool:
    """Whether the change from snapshot `old` to `new` touches what `advice` was about."""
    threads = list(advice.threads.all())
    if not threads:
        return not compare_versions(old, new).empty
    for thread in threads:
        old_rows, new_rows = _rows(old, thread.anchor_kind), _rows(new, thread.anchor_kind)
        if old_rows is None or new_rows is None:  # not content of the snapshot (reference data): the whole version
            if not compare_versions(old, new).empty:
                return True
            continue
        pk = None if thread.anchor_kind == DOSSIER else thread.object_id
        if _plain(old_rows.get(pk), thread.part) != _plain(new_rows.get(pk), thread.part):
            return True
        if thread.anchor_kind == SCENARIO and _result(old, pk) != _result(new, pk):
            return True
    return False


def _basis(advice: Advice) -> DossierVersion | None:
    """The version the advice last held for: the latest it was confirmed or revised for, else its round's."""
    settled = advice.reviews.exclude(status=AdviceReview.Status.OUTDATED).order_by("-created_at", "-id").first()
    return settled.version if settled else advice.round.version


def current_advices(dossier) -> list[Advice]:
    """Each discipline's latest advice given on a version (earlier rounds' advice is history already)."""
    latest: dict[str, Advice] = {}
    advices = Advice.objects.filter(round__dossier=dossier, round__version__isnull=False).select_related(
        "round__version", "advisor"
    )
    for advice in advices.order_by("round__number"):
        latest[advice.discipline] = advice
    return list(latest.values())


def advice_outdate(*, version: DossierVersion) -> list[AdviceReview]:
    """Mark the dossier's advice that `version` outdates; each adviser is told once per review. An advice already
    outdated stays so, now against this newest version."""
    new = versioning.snapshot_of(version)
    snapshots: dict[int, dict] = {}  # each older version read once, however many disciplines advised on it
    outdated = []
    for advice in current_advices(version.dossier):
        basis = _basis(advice)
        if basis is None or basis.number >= version.number:
            continue
        if basis.pk not in snapshots:
            snapshots[basis.pk] = versioning.snapshot_of(basis)
        if not changed_for(advice, snapshots[basis.pk], new):
            continue
        review = advice.reviews.filter(status=AdviceReview.Status.OUTDATED).first()
        if review is not None:
            review.version = version
            review.save(update_fields=["version"])
            continue
        review = AdviceReview.objects.create(advice=advice, basis=basis, version=version)
        outdated.append(review)
        notify(
            recipients=[advice.advisor],
            dossier=version.dossier,
            kind=Notification.Kind.ADVICE_OUTDATED,
            actor=version.frozen_by,
            advice_review=review,
        )
    return outdated


def _settle(*, membership, review: AdviceReview, **values) -> AdviceReview:
    current = AdviceReview.objects.select_for_update().select_related("advice__round", "version").get(pk=review.pk)
    advice = current.advice
    if (
        advice.round.dossier_id != membership.dossier_id
        or not membership.can_advise
        or membership.discipline != advice.discipline
    ):
        raise PermissionDenied
    if not current.is_open:
        raise ValidationError({"__all__": _("This advice has already been confirmed or revised.")})
    for name, value in values.items():
        setattr(current, name, value)
    current.decided_by = membership.user
    current.decided_at = timezone.now()
    current._history_user = membership.user
    current.save()
    advice_steps_complete(discipline=advice.discipline, version=current.version, user=membership.user)
    return current


@transaction.atomic
def advice_confirm(*, membership, review: AdviceReview) -> AdviceReview:
    """The discipline's advice still holds for the new version."""
    return _settle(membership=membership, review=review, status=AdviceReview.Status.CONFIRMED)


@transaction.atomic
def advice_revise(*, membership, review: AdviceReview, verdict: str, text: str) -> AdviceReview:
    """The discipline gives its advice anew for the new version; the earlier advice stays as it was given."""
    if verdict not in Advice.Verdict.values:
        raise ValidationError({"verdict": _("Choose positief, positief met kanttekeningen or negatief.")})
    text = (text or "").strip()
    if not text:
        raise ValidationError({"text": _("Explain the advice; the college reads it with the proposal.")})
    if len(text) > COMMENT_MAX_LENGTH:
        raise ValidationError({"text": _("The explanation can be at most 5.000 characters long.")})
    return _settle(membership=membership, review=review, status=AdviceReview.Status.REVISED, verdict=verdict, text=text)
