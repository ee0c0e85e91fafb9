"""The werkgroep's services for a thread: its status transitions (who may set them, what each needs, conflicts,
history, who is notified) and the history of edits to a comment (revisions, withdrawal, who may edit or reply)."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from dossier.errors import ConflictError
from dossier.models import Role
from dossier.tests.factories import MembershipFactory

from .. import services
from ..models import Comment, CommentRevision, Notification, Thread
from .helpers import Kind, Status, add_member

pytestmark = pytest.mark.django_db


def set_status(membership, thread, status, note="", **kwargs):
    return services.thread_set_status(membership=membership, thread=thread, status=status, note=note, **kwargs)


# ---------------------------------------------------------------------------------------------- status


@pytest.mark.parametrize(
    ("status", "note"),
    [
        (Status.VERWERKT, "Kans aangepast naar 2."),
        (Status.NIET_OVERGENOMEN, "De kans is onderbouwd in het rapport."),
        (Status.VERVALLEN, ""),
    ],
)
def test_an_open_thread_can_be_settled(m, thread, status, note):
    updated = set_status(m["kwartiermaker"], thread, status, note)

    thread.refresh_from_db()
    assert thread.status == status == updated.status
    assert thread.status_note == note
    assert thread.status_by == m["kwartiermaker"].user
    assert thread.status_at is not None
    assert thread.version == 2


def test_verwerkt_needs_a_note_saying_what_changed(m, thread):
    with pytest.raises(ValidationError) as exc:
        set_status(m["kwartiermaker"], thread, Status.VERWERKT, note="   ")

    assert "note" in exc.value.message_dict
    thread.refresh_from_db()
    assert thread.status == Status.OPEN and thread.version == 1


def test_niet_overgenomen_needs_a_reason(m, thread):
    with pytest.raises(ValidationError) as exc:
        set_status(m["kwartiermaker"], thread, Status.NIET_OVERGENOMEN)

    assert "note" in exc.value.message_dict
    thread.refresh_from_db()
    assert thread.status == Status.OPEN


@pytest.mark.parametrize("closed", [Status.VERWERKT, Status.NIET_OVERGENOMEN, Status.VERVALLEN])
@pytest.mark.parametrize("other", [Status.VERWERKT, Status.NIET_OVERGENOMEN, Status.VERVALLEN])
def test_a_closed_thread_cannot_go_to_another_closed_status(m, thread, closed, other):
    set_status(m["kwartiermaker"], thread, closed, note="Afgehandeld.")

    with pytest.raises(ValidationError) as exc:
        set_status(m["kwartiermaker"], thread, other, note="Toch anders.", expected_version=2)

    assert "status" in exc.value.message_dict
    thread.refresh_from_db()
    assert thread.status == closed and thread.version == 2


def test_an_open_thread_cannot_be_opened_again(m, thread):
    with pytest.raises(ValidationError) as exc:
        set_status(m["kwartiermaker"], thread, Status.OPEN)
    assert "status" in exc.value.message_dict


def test_an_unknown_status_is_refused(m, thread):
    with pytest.raises(ValidationError) as exc:
        set_status(m["kwartiermaker"], thread, "gesloten")
    assert "status" in exc.value.message_dict


def test_reopening_clears_the_outcome(m, thread):
    set_status(m["kwartiermaker"], thread, Status.VERWERKT, note="Aangepast.", in_version=3)

    reopened = set_status(m["kwartiermaker"], thread, Status.OPEN, expected_version=2)

    assert reopened.status == Status.OPEN
    assert reopened.status_note == "" and reopened.in_version is None
    assert reopened.version == 3
    # ... and it can then be settled differently
    set_status(m["kwartiermaker"], thread, Status.NIET_OVERGENOMEN, note="Toch niet.", expected_version=3)
    thread.refresh_from_db()
    assert thread.status == Status.NIET_OVERGENOMEN


def test_in_version_goes_with_verwerkt(m, thread):
    set_status(m["kwartiermaker"], thread, Status.VERWERKT, note="Aangepast.", in_version=4)
    thread.refresh_from_db()
    assert thread.in_version == 4


@pytest.mark.parametrize("status", [Status.NIET_OVERGENOMEN, Status.VERVALLEN])
def test_in_version_is_refused_without_verwerkt(m, thread, status):
    with pytest.raises(ValidationError) as exc:
        set_status(m["kwartiermaker"], thread, status, note="Reden.", in_version=4)

    assert "in_version" in exc.value.message_dict
    thread.refresh_from_db()
    assert thread.status == Status.OPEN and thread.in_version is None


@pytest.mark.parametrize("role", ["werkgroep", "college"])
def test_only_the_kwartiermaker_sets_the_status(m, thread, role):
    with pytest.raises(PermissionDenied):
        set_status(m[role], thread, Status.VERVALLEN)
    thread.refresh_from_db()
    assert thread.status == Status.OPEN


def test_the_kwartiermaker_of_another_dossier_cannot_set_the_status(thread):
    stranger = MembershipFactory(role=Role.KWARTIERMAKER)
    with pytest.raises(PermissionDenied):
        set_status(stranger, thread, Status.VERVALLEN)


def test_a_stale_expected_version_is_a_conflict_and_changes_nothing(m, thread):
    set_status(m["kwartiermaker"], thread, Status.VERVALLEN, expected_version=1)

    with pytest.raises(ConflictError) as exc:
        set_status(m["kwartiermaker"], thread, Status.OPEN, expected_version=1)

    assert exc.value.current.version == 2
    thread.refresh_from_db()
    assert thread.status == Status.VERVALLEN and thread.version == 2


def test_a_status_change_keeps_history(m, thread):
    set_status(m["kwartiermaker"], thread, Status.VERVALLEN)
    assert [h.status for h in thread.history.order_by("history_id")] == [Status.OPEN, Status.VERVALLEN]
    assert thread.history.order_by("history_id").last().history_user == m["kwartiermaker"].user


def test_a_status_change_notifies_the_participants_but_not_the_kwartiermaker(m, thread):
    services.comment_reply(membership=m["kwartiermaker"], thread=thread, text="Ik kijk ernaar.")

    set_status(m["kwartiermaker"], thread, Status.VERVALLEN)

    status_notifications = Notification.objects.filter(kind=Kind.STATUS)
    assert [(n.recipient, n.status) for n in status_notifications] == [(m["werkgroep"].user, Status.VERVALLEN)]


# ---------------------------------------------------------------------------------------------- edits


def test_an_edit_keeps_the_old_text_as_a_revision(m, thread):
    comment = thread.comments.get()
    created_at = comment.created_at

    services.comment_edit(membership=m["werkgroep"], comment=comment, text="Klopt de impact wel?")

    comment.refresh_from_db()
    assert comment.text == "Klopt de impact wel?"
    assert comment.edited_at is not None and comment.edited_at >= created_at
    revision = comment.revisions.get()
    assert revision.text == "Klopt de kans wel?"
    assert revision.written_at == created_at


def test_every_edit_adds_a_revision(m, thread):
    comment = thread.comments.get()
    services.comment_edit(membership=m["werkgroep"], comment=comment, text="Tweede versie")
    comment.refresh_from_db()
    first_edit = comment.edited_at

    services.comment_edit(membership=m["werkgroep"], comment=comment, text="Derde versie")

    revisions = list(comment.revisions.order_by("id"))
    assert [r.text for r in revisions] == ["Klopt de kans wel?", "Tweede versie"]
    assert revisions[1].written_at == first_edit
    comment.refresh_from_db()
    assert comment.text == "Derde versie"


def test_saving_the_same_text_is_not_an_edit(m, thread):
    comment = thread.comments.get()
    services.comment_edit(membership=m["werkgroep"], comment=comment, text="  Klopt de kans wel?  ")
    comment.refresh_from_db()
    assert comment.edited_at is None
    assert not CommentRevision.objects.exists()


@pytest.mark.parametrize("editor", ["kwartiermaker", "college", "other werkgroep member"])
def test_nobody_edits_or_withdraws_someone_elses_comment(dossier, m, thread, editor):
    membership = m.get(editor) or add_member(dossier, "bert", discipline="hr")
    comment = thread.comments.get()

    with pytest.raises(PermissionDenied):
        services.comment_edit(membership=membership, comment=comment, text="Gekaapt")
    with pytest.raises(PermissionDenied):
        services.comment_withdraw(membership=membership, comment=comment)

    comment.refresh_from_db()
    assert comment.text == "Klopt de kans wel?" and comment.edited_at is None and comment.withdrawn_at is None
    assert not CommentRevision.objects.exists()


def test_withdrawing_keeps_the_comment(m, thread):
    comment = thread.comments.get()

    services.comment_withdraw(membership=m["werkgroep"], comment=comment)

    comment.refresh_from_db()
    assert comment.withdrawn_at is not None
    assert comment.text == "Klopt de kans wel?"
    assert Comment.objects.count() == 1 and Thread.objects.count() == 1


def test_a_withdrawn_comment_cannot_be_edited_or_withdrawn_again(m, thread):
    comment = thread.comments.get()
    services.comment_withdraw(membership=m["werkgroep"], comment=comment)
    comment.refresh_from_db()
    withdrawn_at = comment.withdrawn_at

    with pytest.raises(ValidationError) as exc:
        services.comment_edit(membership=m["werkgroep"], comment=comment, text="Toch iets anders")
    assert "text" in exc.value.message_dict
    with pytest.raises(ValidationError):
        services.comment_withdraw(membership=m["werkgroep"], comment=comment)

    comment.refresh_from_db()
    assert comment.text == "Klopt de kans wel?" and comment.withdrawn_at == withdrawn_at
    assert not CommentRevision.objects.exists()


def test_comments_in_a_closed_thread_cannot_be_edited_or_withdrawn(m, thread):
    comment = thread.comments.get()
    set_status(m["kwartiermaker"], thread, Status.NIET_OVERGENOMEN, note="Onderbouwd.")

    with pytest.raises(ValidationError):
        services.comment_edit(membership=m["werkgroep"], comment=comment, text="Achteraf anders")
    with pytest.raises(ValidationError):
        services.comment_withdraw(membership=m["werkgroep"], comment=comment)

    comment.refresh_from_db()
    assert comment.text == "Klopt de kans wel?" and comment.withdrawn_at is None


def test_a_closed_thread_still_takes_replies(m, thread):
    set_status(m["kwartiermaker"], thread, Status.NIET_OVERGENOMEN, note="Onderbouwd.")
    services.comment_reply(membership=m["werkgroep"], thread=thread, text="Daar ben ik het niet mee eens.")
    assert thread.comments.count() == 2


def test_the_college_cannot_open_or_reply(m, anchor, thread):
    with pytest.raises(PermissionDenied):
        services.thread_open(membership=m["college"], anchor=anchor, text="Mag ik ook iets zeggen?")
    with pytest.raises(PermissionDenied):
        services.comment_reply(membership=m["college"], thread=thread, text="Mag ik ook iets zeggen?")
    assert Comment.objects.count() == 1


def test_a_member_of_another_dossier_cannot_reply(thread):
    stranger = MembershipFactory(role=Role.KWARTIERMAKER)
    with pytest.raises(PermissionDenied):
        services.comment_reply(membership=stranger, thread=thread, text="Hallo")


def test_a_comment_keeps_the_authors_role_and_discipline(m, thread):
    comment = thread.comments.get()
    assert (comment.role, comment.discipline) == (Role.WERKGROEP, m["werkgroep"].discipline)
    assert thread.discipline == m["werkgroep"].discipline
    assert thread.anchor_kind == "dossier.risk"
