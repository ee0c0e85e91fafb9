"""The werkgroep's services for advice and mentions: advice rounds (numbered per dossier, requested by the
kwartiermaker, advice once per discipline and only in the latest round, about threads of the dossier itself) and the
notifications and e-mails that advice requests, replies and mentions cause, each person once."""

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from dossier.models import Role
from dossier.tests.factories import DossierFactory, MembershipFactory, RiskFactory

from .. import anchors, services
from ..models import Advice, AdviceRound, Comment, Notification, NotificationSettings, Thread
from .helpers import Kind, add_member

pytestmark = pytest.mark.django_db


def notifications_of(user, **filters):
    return list(Notification.objects.filter(recipient=user, **filters))


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
