"""Writes of the werkgroep: threads and comments, their status, advice rounds and advice.

Every rule about who may do what is checked here (the views only translate the outcome): a refusal of role or
ownership raises PermissionDenied (403), a refusal of content raises ValidationError with a Dutch message beside
the field, a stale status change raises ConflictError. Every write is one transaction; nothing is deleted.
"""

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from documents.models import DossierVersion
from dossier.errors import ConflictError
from dossier.models import Membership, Role
from finance.numbers import format_count

from . import markup
from .anchors import Anchor
from .models import COMMENT_MAX_LENGTH, Advice, AdviceRound, Comment, CommentRevision, Notification, Thread
from .notifications import notify
from .route import advice_steps_complete
from .selectors import current_round

Status = Thread.Status

# Which status may follow which: a closed thread is reopened before it gets another outcome.
TRANSITIONS = {
    Status.OPEN: {Status.VERWERKT, Status.NIET_OVERGENOMEN, Status.VERVALLEN},
    Status.VERWERKT: {Status.OPEN},
    Status.NIET_OVERGENOMEN: {Status.OPEN},
    Status.VERVALLEN: {Status.OPEN},
}


def clean_text(text: str, *, field: str = "text") -> str:
    text = (text or "").replace("\r\n", "\n").replace("\x00", "").strip()
    if not text:
        raise ValidationError({field: _("Write your comment first; an empty comment cannot be placed.")})
    if len(text) > COMMENT_MAX_LENGTH:
        raise ValidationError(
            {
                field: _("A comment can be at most %(max)s characters long; this one has %(n)s.")
                % {"max": format_count(COMMENT_MAX_LENGTH), "n": format_count(len(text))}
            }
        )
    return text


def resolve_mentions(*, dossier, text: str, field: str = "text") -> list:
    """The members of `dossier` that `text` mentions; a mention of anybody else is refused with their names."""
    names = markup.find_mentions(text)
    if not names:
        return []
    members = {
        m.user.username: m.user
        for m in Membership.objects.filter(dossier=dossier, user__username__in=names).select_related("user")
    }
    unknown = [n for n in names if n not in members]
    if unknown:
        raise ValidationError(
            {
                field: ngettext(
                    "%(names)s is not a member of this dossier. Mention someone from the list of members "
                    "(their user name after the @), or remove the @.",
                    "%(names)s are not members of this dossier. Mention someone from the list of members "
                    "(their user name after the @), or remove the @.",
                    len(unknown),
                )
                % {"names": ", ".join(f"@{n}" for n in unknown)}
            }
        )
    return [members[n] for n in names]


def _require_commenter(membership: Membership) -> None:
    if not membership.can_comment:
        raise PermissionDenied


def _participants(thread: Thread) -> list:

    author_ids = thread.comments.values_list("author_id", flat=True)
    return list(get_user_model().objects.filter(pk__in=author_ids))


def _add_comment(*, thread: Thread, membership: Membership, text: str, mentions: list) -> Comment:
    comment = Comment.objects.create(
        thread=thread,
        author=membership.user,
        role=membership.role,
        discipline=membership.discipline,
        text=text,
    )
    if mentions:
        comment.mentions.set(mentions)
        notify(
            recipients=mentions,
            dossier=thread.dossier,
            kind=Notification.Kind.MENTION,
            actor=membership.user,
            thread=thread,
            comment=comment,
        )
    return comment


@transaction.atomic
def thread_open(*, membership: Membership, anchor: Anchor, text: str) -> Thread:
    """Open a thread about `anchor` with its first comment."""
    _require_commenter(membership)
    dossier = membership.dossier
    text = clean_text(text)
    mentions = resolve_mentions(dossier=dossier, text=text)
    thread = Thread(
        dossier=dossier,
        content_type=anchor.content_type,
        object_id=anchor.obj.pk,
        anchor_kind=anchor.type.name,
        part=anchor.part,
        anchor_label=anchor.label[:300],
        opened_by=membership.user,
        discipline=membership.discipline,
    )
    thread._history_user = membership.user
    thread.save()
    _add_comment(thread=thread, membership=membership, text=text, mentions=mentions)
    return thread


@transaction.atomic
def comment_reply(*, membership: Membership, thread: Thread, text: str) -> Comment:
    """Reply in a thread (also a closed one: a reply may argue against its outcome). Everyone who wrote in the
    thread is told, except those the reply mentions (they get the mention instead) and the writer."""
    _require_commenter(membership)
    if thread.dossier_id != membership.dossier_id:
        raise PermissionDenied
    text = clean_text(text)
    mentions = resolve_mentions(dossier=membership.dossier, text=text)
    participants = _participants(thread)
    comment = _add_comment(thread=thread, membership=membership, text=text, mentions=mentions)
    notify(
        recipients=participants,
        dossier=thread.dossier,
        kind=Notification.Kind.REPLY,
        actor=membership.user,
        thread=thread,
        comment=comment,
    )
    return comment


def _own_open_comment(*, membership: Membership, comment: Comment) -> Comment:
    current = Comment.objects.select_for_update().select_related("thread").get(pk=comment.pk)
    if current.author_id != membership.user_id or current.thread.dossier_id != membership.dossier_id:
        raise PermissionDenied
    if not membership.can_comment:
        raise PermissionDenied
    if current.withdrawn_at is not None:
        raise ValidationError({"text": _("This comment was withdrawn; it can no longer be changed.")})
    if not current.thread.is_open:
        raise ValidationError(
            {"text": _("This thread is closed; its comments can no longer be changed. Reply instead.")}
        )
    return current


@transaction.atomic
def comment_edit(*, membership: Membership, comment: Comment, text: str) -> Comment:
    """Change the author's own comment; the previous text is kept (shown as an earlier version). People newly
    mentioned are told; those mentioned before are not told again."""
    current = _own_open_comment(membership=membership, comment=comment)
    text = clean_text(text)
    mentions = resolve_mentions(dossier=membership.dossier, text=text)
    if text == current.text:
        return current
    CommentRevision.objects.create(
        comment=current, text=current.text, written_at=current.edited_at or current.created_at
    )
    current.text = text
    current.edited_at = timezone.now()
    current.save(update_fields=["text", "edited_at"])
    current.mentions.add(*mentions)
    if mentions:
        notify(
            recipients=mentions,
            dossier=current.thread.dossier,
            kind=Notification.Kind.MENTION,
            actor=membership.user,
            thread=current.thread,
            comment=current,
        )
    return current


@transaction.atomic
def comment_withdraw(*, membership: Membership, comment: Comment) -> Comment:
    """Withdraw the author's own comment: it stays in the thread, marked as withdrawn."""
    current = _own_open_comment(membership=membership, comment=comment)
    current.withdrawn_at = timezone.now()
    current.save(update_fields=["withdrawn_at"])
    return current


@transaction.atomic
def thread_set_status(
    *, membership: Membership, thread: Thread, status: str, note: str = "", in_version=None, expected_version=None
) -> Thread:
    """The kwartiermaker settles a thread (verwerkt with what changed, niet overgenomen with the reason,
    vervallen) or reopens it. Everyone who wrote in the thread is told."""
    if not membership.can_edit or thread.dossier_id != membership.dossier_id:
        raise PermissionDenied
    current = Thread.objects.select_for_update().get(pk=thread.pk)
    if expected_version is not None and current.version != expected_version:
        raise ConflictError(current)
    try:
        status = Status(status)
    except ValueError:
        raise ValidationError({"status": _("Choose one of the statuses in the list.")}) from None
    if status not in TRANSITIONS[Status(current.status)]:
        raise ValidationError(
            {
                "status": _("A thread that is “%(current)s” cannot become “%(new)s”; reopen it first.")
                % {"current": current.get_status_display(), "new": status.label}
                if current.status != Status.OPEN
                else _("This thread is already open.")
            }
        )
    note = (note or "").strip()
    if len(note) > COMMENT_MAX_LENGTH:
        raise ValidationError({"note": _("The note can be at most 5.000 characters long.")})
    if status == Status.VERWERKT and not note:
        raise ValidationError({"note": _("Say what was changed in the dossier to settle this comment.")})
    if status == Status.NIET_OVERGENOMEN and not note:
        raise ValidationError({"note": _("Give the reason why the comment is not taken over.")})
    if in_version is not None and status != Status.VERWERKT:
        raise ValidationError({"in_version": _("Only a processed comment goes into a version.")})
    current.status = status
    current.status_note = note if status != Status.OPEN else ""
    current.in_version = in_version if status == Status.VERWERKT else None
    current.status_by = membership.user
    current.status_at = timezone.now()
    current.version += 1
    current._history_user = membership.user
    current.save()
    notify(
        recipients=_participants(current),
        dossier=current.dossier,
        kind=Notification.Kind.STATUS,
        actor=membership.user,
        thread=current,
        status=status,
    )
    return current


# ---------------------------------------------------------------------------------------------- advice


@transaction.atomic
def advice_round_request(*, membership: Membership, note: str = "") -> AdviceRound:
    """The kwartiermaker asks the werkgroep for advice: a new round (the earlier ones stay as they were);
    every werkgroep member is told."""
    if not membership.can_edit:
        raise PermissionDenied
    dossier = membership.dossier
    note = (note or "").strip()
    if len(note) > COMMENT_MAX_LENGTH:
        raise ValidationError({"note": _("The request can be at most 5.000 characters long.")})
    # Lock the dossier row so two requests at once cannot both take the same number.
    type(dossier).objects.select_for_update().filter(pk=dossier.pk).first()
    previous = current_round(dossier)
    under_review = DossierVersion.objects.filter(dossier=dossier).order_by("-number").values_list("pk", flat=True)
    advice_round = AdviceRound.objects.create(
        dossier=dossier,
        number=(previous.number + 1) if previous else 1,
        requested_by=membership.user,
        note=note,
        version_id=under_review.first(),
    )
    werkgroep = [m.user for m in Membership.objects.filter(dossier=dossier, role=Role.WERKGROEP).select_related("user")]
    notify(
        recipients=werkgroep,
        dossier=dossier,
        kind=Notification.Kind.ADVICE_REQUEST,
        actor=membership.user,
        advice_round=advice_round,
    )
    return advice_round


@transaction.atomic
def advice_give(*, membership: Membership, advice_round: AdviceRound, verdict: str, text: str, threads=()) -> Advice:
    """A werkgroep member gives their discipline's advice in the current round. Given advice is locked: a
    discipline advises once per round, and only in the latest round."""
    if not membership.can_advise or advice_round.dossier_id != membership.dossier_id:
        raise PermissionDenied
    AdviceRound.objects.select_for_update().get(pk=advice_round.pk)
    latest = current_round(membership.dossier)
    if latest is None or latest.pk != advice_round.pk:
        raise ValidationError({"__all__": _("This advice round is closed; advise in the current round.")})
    if Advice.objects.filter(round=advice_round, discipline=membership.discipline).exists():
        raise ValidationError(
            {
                "__all__": _("%(discipline)s has already advised in this round; given advice cannot be changed.")
                % {"discipline": membership.get_discipline_display()}
            }
        )
    if verdict not in Advice.Verdict.values:
        raise ValidationError({"verdict": _("Choose positief, positief met kanttekeningen or negatief.")})
    text = (text or "").strip()
    if not text:
        raise ValidationError({"text": _("Explain the advice; the college reads it with the proposal.")})
    if len(text) > COMMENT_MAX_LENGTH:
        raise ValidationError({"text": _("The explanation can be at most 5.000 characters long.")})
    threads = list(threads)
    if any(t.dossier_id != membership.dossier_id for t in threads):
        raise PermissionDenied
    advice = Advice.objects.create(
        round=advice_round, discipline=membership.discipline, verdict=verdict, text=text, advisor=membership.user
    )
    advice.threads.set(threads)
    # The advies step of this discipline on the version's route is done by this advice.
    advice_steps_complete(discipline=advice.discipline, version=advice_round.version, user=membership.user)
    return advice
