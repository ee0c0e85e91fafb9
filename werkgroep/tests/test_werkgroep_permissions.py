"""Who may read and who may write on the werkgroep's screens: every member reads, every URL refuses a write that is
not the role's (403), ids of another dossier and outsiders get 404, anonymous users are sent to the login page, a
reply never redirects off site, and nobody opens, marks read or sees another user's notifications."""

import pytest
from django.urls import reverse

from dossier.models import Role
from dossier.tests.factories import DossierFactory, MembershipFactory, RiskFactory

from .. import anchors, services
from ..models import Advice, AdviceRound, Comment, CommentRevision, Notification, Thread
from .factories import CommentFactory
from .helpers import HTMX, anchor_url, url

pytestmark = pytest.mark.django_db


# ---------------------------------------------------------------------------------------------- permissions


@pytest.fixture
def world(dossier, m, risk):
    """A thread opened by the werkgroep with a reply of the kwartiermaker, an advice round, and another dossier with
    its own thread, comment and round."""
    anchor = anchors.resolve(dossier, "risico", risk.pk)
    thread = services.thread_open(membership=m["werkgroep"], anchor=anchor, text="Vraag van de werkgroep")
    reply = services.comment_reply(membership=m["kwartiermaker"], thread=thread, text="Antwoord")
    services.advice_round_request(membership=m["kwartiermaker"])

    other = DossierFactory(slug="elders")
    other_kwartiermaker = MembershipFactory(dossier=other, role=Role.KWARTIERMAKER)
    other_risk = RiskFactory(dossier=other)
    other_thread = services.thread_open(
        membership=other_kwartiermaker, anchor=anchors.resolve(other, "risico", other_risk.pk), text="Elders"
    )
    services.advice_round_request(membership=other_kwartiermaker)
    services.advice_round_request(membership=other_kwartiermaker)  # round 2 exists only there
    return {
        "thread": thread,
        "own_comment": thread.comments.first(),  # the werkgroep member's
        "kwartiermaker_comment": reply,
        "other_thread": other_thread,
        "other_comment": other_thread.comments.get(),
        "other_risk": other_risk,
    }


def reads(dossier, risk, w):
    return [
        url("threads", dossier),
        url("threads", dossier) + "?formaat=csv",
        url("threads", dossier) + "?formaat=xlsx",
        url("members", dossier),
        url("thread", dossier, pk=w["thread"].pk),
        anchor_url(dossier, risk),
        anchor_url(dossier, risk, part="mitigation"),
        url("advice", dossier),
    ]


def writes(dossier, risk, w):
    """Every write of the werkgroep screens, with valid data."""
    thread = w["thread"]
    return {
        "new thread": (anchor_url(dossier, risk), {"text": "Nieuwe draad"}),
        "new thread on a part": (anchor_url(dossier, risk, part="mitigation"), {"text": "Nieuwe draad"}),
        "reply": (url("thread-reply", dossier, pk=thread.pk), {"text": "Nog een reactie"}),
        "status": (url("thread-status", dossier, pk=thread.pk), {"status": "vervallen", "expected_version": 1}),
        "edit": (url("comment-edit", dossier, pk=w["own_comment"].pk), {"text": "Gewijzigd"}),
        "withdraw": (url("comment-withdraw", dossier, pk=w["own_comment"].pk), {}),
        "advice request": (url("advice-request", dossier), {"note": "Nog een ronde"}),
        "advice give": (url("advice-give", dossier, number=1), {"verdict": "positief", "text": "Akkoord"}),
    }


def snapshot():
    """Everything a write could change."""
    return (
        list(Thread.objects.values_list("id", "status", "version")),
        list(Comment.objects.values_list("id", "text", "edited_at", "withdrawn_at")),
        CommentRevision.objects.count(),
        AdviceRound.objects.count(),
        Advice.objects.count(),
        Notification.objects.count(),
    )


@pytest.mark.parametrize("role", ["kwartiermaker", "werkgroep", "college"])
def test_every_member_reads_the_werkgroep_pages(client_as, dossier, risk, world, role):
    client = client_as(role)
    for address in reads(dossier, risk, world):
        assert client.get(address).status_code == 200, address
        assert client.get(address, **HTMX).status_code == 200, address


@pytest.mark.parametrize("htmx", [False, True], ids=["plain", "htmx"])
def test_the_college_gets_403_on_every_write(client_as, dossier, risk, world, htmx):
    client = client_as("college")
    before = snapshot()
    for name, (address, data) in writes(dossier, risk, world).items():
        assert client.post(address, data, **(HTMX if htmx else {})).status_code == 403, name
        assert client.post(address, {}, **(HTMX if htmx else {})).status_code == 403, f"{name} (empty form)"
    assert snapshot() == before


def test_the_college_cannot_edit_a_comment_it_wrote_before_its_role_changed(client_as, dossier, members, world):
    """A former werkgroep member who is now in the college no longer writes, not even in their own comments."""
    old = CommentFactory(thread=world["thread"], author=members["college"], role=Role.WERKGROEP, text="Oud")
    client = client_as("college")
    for htmx in ({}, HTMX):
        assert client.post(url("comment-edit", dossier, pk=old.pk), {"text": "Nieuw"}, **htmx).status_code == 403
        assert client.post(url("comment-withdraw", dossier, pk=old.pk), **htmx).status_code == 403
    old.refresh_from_db()
    assert old.text == "Oud" and old.withdrawn_at is None


@pytest.mark.parametrize("htmx", [False, True], ids=["plain", "htmx"])
@pytest.mark.parametrize(
    ("role", "forbidden"),
    [("werkgroep", ["status", "advice request"]), ("kwartiermaker", ["advice give"])],
)
def test_each_role_gets_403_on_what_is_not_theirs(client_as, dossier, risk, world, role, forbidden, htmx):
    client = client_as(role)
    before = snapshot()
    all_writes = writes(dossier, risk, world)
    for name in forbidden:
        address, data = all_writes[name]
        assert client.post(address, data, **(HTMX if htmx else {})).status_code == 403, name
    assert snapshot() == before


@pytest.mark.parametrize("htmx", [False, True], ids=["plain", "htmx"])
@pytest.mark.parametrize(
    ("role", "comment"), [("kwartiermaker", "own_comment"), ("werkgroep", "kwartiermaker_comment")]
)
def test_nobody_edits_or_withdraws_another_persons_comment(client_as, dossier, world, role, comment, htmx):
    target = world[comment]
    client = client_as(role)
    before = snapshot()
    headers = HTMX if htmx else {}
    assert client.post(url("comment-edit", dossier, pk=target.pk), {"text": "Gekaapt"}, **headers).status_code == 403
    assert client.post(url("comment-withdraw", dossier, pk=target.pk), **headers).status_code == 403
    assert snapshot() == before


def test_another_werkgroep_member_cannot_edit_my_comment(client, dossier, world):
    colleague = MembershipFactory(dossier=dossier, role=Role.WERKGROEP, discipline="hr").user
    client.force_login(colleague)
    target = world["own_comment"]
    assert client.post(url("comment-edit", dossier, pk=target.pk), {"text": "Gekaapt"}).status_code == 403
    assert client.post(url("comment-withdraw", dossier, pk=target.pk)).status_code == 403


def test_an_outsider_gets_404_on_every_url_of_the_dossier(client_as, dossier, risk, world):
    client = client_as("outsider")
    before = snapshot()
    for address in reads(dossier, risk, world):
        assert client.get(address).status_code == 404, address
    for name, (address, data) in writes(dossier, risk, world).items():
        assert client.post(address, data).status_code == 404, name
        assert client.post(address, data, **HTMX).status_code == 404, name
    assert snapshot() == before


@pytest.mark.parametrize("role", ["kwartiermaker", "werkgroep", "college"])
def test_ids_of_another_dossier_give_404(client_as, dossier, world, role):
    client = client_as(role)
    before = snapshot()
    thread, comment = world["other_thread"], world["other_comment"]
    assert client.get(url("thread", dossier, pk=thread.pk)).status_code == 404
    assert client.get(anchor_url(dossier, world["other_risk"])).status_code == 404
    assert client.post(anchor_url(dossier, world["other_risk"]), {"text": "Hallo"}).status_code == 404
    if role == "college":  # the college is refused before the thread is looked up
        return
    assert client.post(url("thread-reply", dossier, pk=thread.pk), {"text": "Hallo"}).status_code == 404
    assert client.post(url("comment-edit", dossier, pk=comment.pk), {"text": "Gekaapt"}).status_code == 404
    assert client.post(url("comment-withdraw", dossier, pk=comment.pk)).status_code == 404
    if role == "kwartiermaker":
        data = {"status": "vervallen", "expected_version": 1}
        assert client.post(url("thread-status", dossier, pk=thread.pk), data).status_code == 404
    if role == "werkgroep":
        data = {"verdict": "positief", "text": "Akkoord"}
        assert client.post(url("advice-give", dossier, number=2), data).status_code == 404
    assert snapshot() == before


def test_an_unknown_element_kind_or_part_gives_404(client_as, dossier, risk):
    client = client_as("kwartiermaker")
    assert client.get(url("anchor-threads", dossier, kind="onbekend", pk=risk.pk)).status_code == 404
    assert client.get(url("anchor-threads", dossier, kind="bronvermelding", pk=1)).status_code == 404
    assert client.get(anchor_url(dossier, risk, part="geen-veld")).status_code == 404
    assert client.get(url("anchor-threads", dossier, kind="risico", pk=risk.pk + 999)).status_code == 404


def test_the_member_list_shows_only_this_dossiers_members(client_as, dossier, members):
    names = {m["username"] for m in client_as("werkgroep").get(url("members", dossier)).json()["members"]}
    assert names == {members[r].username for r in ("kwartiermaker", "werkgroep", "college")}


def test_anonymous_is_sent_to_the_login_page(client, dossier, risk, world):
    addresses = [*reads(dossier, risk, world), reverse("notifications"), reverse("notification-settings")]
    addresses.append(reverse("notification-open", kwargs={"pk": 1}))
    for address in addresses:
        response = client.get(address)
        assert response.status_code == 302 and response["Location"].startswith(reverse("login")), address
    posts = [address for address, _ in writes(dossier, risk, world).values()]
    for address in [*posts, reverse("notifications-read"), reverse("notification-settings")]:
        response = client.post(address, {"text": "x"})
        assert response.status_code == 302 and response["Location"].startswith(reverse("login")), address


def test_a_reply_never_redirects_off_site(client_as, dossier, world):
    response = client_as("werkgroep").post(
        url("thread-reply", dossier, pk=world["thread"].pk), {"text": "Hoi", "next": "https://evil.example/"}
    )
    assert response.status_code == 302
    assert response["Location"].startswith(url("thread", dossier, pk=world["thread"].pk))


# ---------------------------------------------------------------------------------------------- notifications


@pytest.fixture
def someone_elses_notification(members, world):
    """A notification of the werkgroep member (the kwartiermaker's reply in their thread)."""
    notification = Notification.objects.get(recipient=members["werkgroep"], comment=world["kwartiermaker_comment"])
    assert notification.read_at is None
    return notification


@pytest.mark.parametrize("role", ["kwartiermaker", "college", "outsider"])
def test_another_users_notification_cannot_be_opened(client_as, someone_elses_notification, role):
    response = client_as(role).get(reverse("notification-open", kwargs={"pk": someone_elses_notification.pk}))
    assert response.status_code == 404
    someone_elses_notification.refresh_from_db()
    assert someone_elses_notification.read_at is None


@pytest.mark.parametrize("role", ["kwartiermaker", "outsider"])
def test_another_users_notification_cannot_be_marked_read(client_as, someone_elses_notification, role):
    client = client_as(role)
    assert client.post(reverse("notifications-read"), {"id": someone_elses_notification.pk}).status_code == 302
    assert client.post(reverse("notifications-read")).status_code == 302  # "mark all": only their own
    someone_elses_notification.refresh_from_db()
    assert someone_elses_notification.read_at is None


def test_the_inbox_shows_only_your_own_notifications(client_as, someone_elses_notification):
    response = client_as("kwartiermaker").get(reverse("notifications"))
    target = reverse("notification-open", kwargs={"pk": someone_elses_notification.pk})
    assert target not in response.content.decode()
