"""The werkgroep's services: thread status transitions, the history of edits, advice rounds and the notifications
that comments, mentions and advice requests cause (each person once)."""

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from dossier.errors import ConflictError
from dossier.models import Role
from dossier.tests.factories import DossierFactory, MembershipFactory, RiskFactory, UserFactory

from .. import anchors, services
from ..models import Advice, AdviceRound, Comment, CommentRevision, Notification, NotificationSettings, Thread

pytestmark = pytest.mark.django_db

Status = Thread.Status
Kind = Notification.Kind


def add_member(dossier, username, role=Role.WERKGROEP, discipline=None, email=""):
    discipline = discipline if discipline is not None else ("financien" if role == Role.WERKGROEP else "")
    user = UserFactory(username=username, email=email)
    return MembershipFactory(dossier=dossier, user=user, role=role, discipline=discipline)


@pytest.fixture
def anchor(dossier):
    return anchors.resolve(dossier, "risico", RiskFactory(dossier=dossier).pk)


@pytest.fixture
def thread(m, anchor):
    """An open thread, opened by the werkgroep member."""
    return services.thread_open(membership=m["werkgroep"], anchor=anchor, text="Klopt de kans wel?")


def set_status(membership, thread, status, note="", **kwargs):
    return services.thread_set_status(membership=membership, thread=thread, status=status, note=note, **kwargs)


def notifications_of(user, **filters):
    return list(Notification.objects.filter(recipient=user, **filters))


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


# ---------------------------------------------------------------------------------------------- advice


def request_round(m, note=""):
    return services.advice_round_request(membership=m["kwartiermaker"], note=note)


def give(membership, advice_round, verdict=Advice.Verdict.POSITIEF, text="Akkoord.", threads=()):
    return services.advice_give(
        membership=membership, advice_round=advice_round, verdict=verdict, text=text, threads=threads
    )


def test_rounds_are_numbered_per_dossier(m):
    assert [request_round(m).number for _ in range(3)] == [1, 2, 3]
    other = MembershipFactory(role=Role.KWARTIERMAKER)
    assert services.advice_round_request(membership=other).number == 1
    assert AdviceRound.objects.filter(dossier=m["kwartiermaker"].dossier).count() == 3


@pytest.mark.parametrize("role", ["werkgroep", "college"])
def test_only_the_kwartiermaker_requests_advice(m, role):
    with pytest.raises(PermissionDenied):
        services.advice_round_request(membership=m[role])
    assert not AdviceRound.objects.exists()


def test_a_request_notifies_every_werkgroep_member_exactly_once(dossier, m):
    others = [
        add_member(dossier, "anna", discipline="financien", email="anna@example.org"),
        add_member(dossier, "bert", discipline="juridisch", email="bert@example.org"),
    ]
    werkgroep = [m["werkgroep"].user, *(o.user for o in others)]

    advice_round = request_round(m, note="Graag advies over versie 1.")

    by_recipient = {}
    for n in Notification.objects.filter(advice_round=advice_round):
        by_recipient.setdefault(n.recipient, []).append(n.kind)
    assert by_recipient == {user: [Kind.ADVICE_REQUEST] for user in werkgroep}


def test_a_request_emails_each_werkgroep_member_once(dossier, m, django_capture_on_commit_callbacks):
    add_member(dossier, "anna", discipline="financien", email="anna@example.org")
    add_member(dossier, "bert", discipline="juridisch", email="bert@example.org")
    add_member(dossier, "kees", role=Role.COLLEGE, email="kees@example.org")

    with django_capture_on_commit_callbacks(execute=True):
        request_round(m)

    assert sorted(to for message in mail.outbox for to in message.to) == ["anna@example.org", "bert@example.org"]


def test_advice_once_per_discipline_per_round(dossier, m):
    advice_round = request_round(m)
    colleague = add_member(dossier, "bert", discipline=m["werkgroep"].discipline)
    give(m["werkgroep"], advice_round)

    with pytest.raises(ValidationError):
        give(colleague, advice_round, verdict=Advice.Verdict.NEGATIEF, text="Niet akkoord.")
    with pytest.raises(ValidationError):
        give(m["werkgroep"], advice_round, verdict=Advice.Verdict.NEGATIEF, text="Toch niet.")

    advice = Advice.objects.get()
    assert (advice.verdict, advice.advisor) == (Advice.Verdict.POSITIEF, m["werkgroep"].user)


def test_each_discipline_advises_in_the_same_round(dossier, m):
    advice_round = request_round(m)
    anna = add_member(dossier, "anna", discipline="financien")
    give(m["werkgroep"], advice_round)
    give(anna, advice_round, verdict=Advice.Verdict.KANTTEKENINGEN, text="Let op de reserves.")
    assert sorted(advice_round.advices.values_list("discipline", flat=True)) == ["financien", "juridisch"]


def test_a_new_round_takes_advice_again(m):
    first = request_round(m)
    give(m["werkgroep"], first)
    second = request_round(m)
    give(m["werkgroep"], second, verdict=Advice.Verdict.NEGATIEF, text="Versie 2 niet.")
    assert Advice.objects.count() == 2


def test_advice_only_in_the_latest_round(m):
    first = request_round(m)
    request_round(m)

    with pytest.raises(ValidationError):
        give(m["werkgroep"], first)
    assert not Advice.objects.exists()


def test_no_advice_without_a_valid_verdict_and_text(m):
    advice_round = request_round(m)
    with pytest.raises(ValidationError) as exc:
        give(m["werkgroep"], advice_round, verdict="ja")
    assert "verdict" in exc.value.message_dict
    with pytest.raises(ValidationError) as exc:
        give(m["werkgroep"], advice_round, text="   ")
    assert "text" in exc.value.message_dict
    assert not Advice.objects.exists()


@pytest.mark.parametrize("role", ["kwartiermaker", "college"])
def test_only_the_werkgroep_advises(m, role):
    advice_round = request_round(m)
    with pytest.raises(PermissionDenied):
        give(m[role], advice_round)
    assert not Advice.objects.exists()


def test_a_werkgroep_member_of_another_dossier_cannot_advise(m):
    advice_round = request_round(m)
    stranger = MembershipFactory(role=Role.WERKGROEP, discipline="hr")
    with pytest.raises(PermissionDenied):
        give(stranger, advice_round)


def test_advice_refers_only_to_threads_of_its_own_dossier(m, thread):
    advice_round = request_round(m)
    other_dossier = DossierFactory()
    other_kwartiermaker = MembershipFactory(dossier=other_dossier, role=Role.KWARTIERMAKER)
    foreign = services.thread_open(
        membership=other_kwartiermaker,
        anchor=anchors.resolve(other_dossier, "risico", RiskFactory(dossier=other_dossier).pk),
        text="Elders",
    )

    with pytest.raises(PermissionDenied):
        give(m["werkgroep"], advice_round, threads=[foreign])
    advice = give(m["werkgroep"], advice_round, threads=[thread])
    assert list(advice.threads.all()) == [thread]


# ---------------------------------------------------------------------------------------------- mentions


@pytest.fixture
def anna(dossier):
    return add_member(dossier, "anna", discipline="financien", email="anna@example.org")


def test_a_double_mention_notifies_once(m, anchor, anna):
    thread = services.thread_open(
        membership=m["werkgroep"], anchor=anchor, text="@anna wat vind jij? En @anna, ook over de impact?"
    )

    assert [(n.kind, n.comment.thread) for n in notifications_of(anna.user)] == [(Kind.MENTION, thread)]
    assert list(thread.comments.get().mentions.all()) == [anna.user]


def test_mentioning_a_participant_in_a_reply_notifies_them_once_as_a_mention(m, thread):
    author = m["werkgroep"].user
    services.comment_reply(membership=m["kwartiermaker"], thread=thread, text=f"@{author.username} zie mijn antwoord")

    assert [n.kind for n in notifications_of(author)] == [Kind.MENTION]


def test_a_reply_notifies_every_other_participant(dossier, m, thread, anna):
    services.comment_reply(membership=anna, thread=thread, text="Eens.")
    services.comment_reply(membership=m["kwartiermaker"], thread=thread, text="Ik pas het aan.")

    assert [n.kind for n in notifications_of(m["werkgroep"].user)] == [Kind.REPLY, Kind.REPLY]
    assert [n.kind for n in notifications_of(anna.user)] == [Kind.REPLY]
    assert notifications_of(m["kwartiermaker"].user) == []


def test_an_edit_that_keeps_the_mention_does_not_notify_again(m, anchor, anna):
    thread = services.thread_open(membership=m["werkgroep"], anchor=anchor, text="@anna kijk je mee?")
    services.comment_edit(membership=m["werkgroep"], comment=thread.comments.get(), text="@anna kijk je even mee?")

    assert len(notifications_of(anna.user)) == 1


def test_an_edit_that_adds_a_mention_notifies_only_the_new_person(dossier, m, anchor, anna):
    bert = add_member(dossier, "bert", discipline="hr")
    thread = services.thread_open(membership=m["werkgroep"], anchor=anchor, text="@anna kijk je mee?")

    services.comment_edit(membership=m["werkgroep"], comment=thread.comments.get(), text="@anna en @bert kijken mee?")

    assert len(notifications_of(anna.user)) == 1
    assert [n.kind for n in notifications_of(bert.user)] == [Kind.MENTION]
    assert set(thread.comments.get().mentions.all()) == {anna.user, bert.user}


def test_mentioning_yourself_notifies_nobody(m, anchor):
    me = m["werkgroep"].user
    services.thread_open(membership=m["werkgroep"], anchor=anchor, text=f"Notitie voor mezelf, @{me.username}.")
    assert not Notification.objects.exists()


def test_an_e_mail_address_is_not_a_mention(m, anchor, anna):
    services.thread_open(membership=m["werkgroep"], anchor=anchor, text="Mail naar info@anna.nl of bel.")
    assert not Notification.objects.exists()


@pytest.mark.parametrize("name", ["niemand", "outsider"])
def test_a_mention_of_a_non_member_is_refused_and_nothing_is_created(m, members, anchor, name):
    username = members["outsider"].username if name == "outsider" else name

    with pytest.raises(ValidationError) as exc:
        services.thread_open(membership=m["werkgroep"], anchor=anchor, text=f"Vraag aan @{username}")

    assert f"@{username}" in exc.value.message_dict["text"][0]
    assert not Thread.objects.exists() and not Comment.objects.exists() and not Notification.objects.exists()


def test_a_mention_sends_one_e_mail_until_the_user_switches_it_off(
    client, m, anchor, anna, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        thread = services.thread_open(membership=m["werkgroep"], anchor=anchor, text="@anna, @anna: kijk je mee?")
    assert [message.to for message in mail.outbox] == [["anna@example.org"]]
    assert reverse("dossier:thread", kwargs={"slug": anchor.obj.dossier.slug, "pk": thread.pk}) in mail.outbox[0].body

    client.force_login(anna.user)
    # The checkbox unticked: a browser then posts only the CSRF token (the test client does not check it).
    response = client.post(reverse("notification-settings"), {"csrfmiddlewaretoken": "x"})
    assert response.status_code == 302
    assert NotificationSettings.objects.get(user=anna.user).email is False
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        services.comment_reply(membership=m["werkgroep"], thread=thread, text="@anna nog een vraag")
    assert mail.outbox == []
    assert len(notifications_of(anna.user)) == 2  # still in the inbox


def test_no_e_mail_without_an_address(m, thread, django_capture_on_commit_callbacks):
    assert not m["werkgroep"].user.email
    with django_capture_on_commit_callbacks(execute=True):
        services.comment_reply(membership=m["kwartiermaker"], thread=thread, text="Antwoord")
    assert notifications_of(m["werkgroep"].user) and mail.outbox == []
