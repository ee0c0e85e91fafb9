"""The werkgroep's lists: the threads overview's filters (status, discipline, kind of element, opener, to do),
garbage filter values ignored, the export following the filters; and the inbox: the unread count in the header,
marking notifications read, opening one, and switching e-mail on and off."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from dossier.models import Role
from dossier.tests.factories import MembershipFactory, UserFactory

from .. import anchors, services
from ..models import Notification, Thread
from .helpers import url

pytestmark = pytest.mark.django_db


# ---------------------------------------------------------------------------------------------- overview filters


@pytest.fixture
def overview_threads(dossier, m, risk):
    """Four threads: by the werkgroep (juridisch) on a risk, open and oldest; by the kwartiermaker on the
    bestuursopdracht, verwerkt; by anna (financien) on a risk, niet overgenomen; by anna, open and newest."""
    anna = MembershipFactory(
        dossier=dossier, user=UserFactory(username="anna"), role=Role.WERKGROEP, discipline="financien"
    )
    on_risk = anchors.resolve(dossier, "risico", risk.pk)
    on_dossier = anchors.resolve(dossier, "bestuursopdracht", dossier.pk, "dvo")
    made = {
        "oldest": services.thread_open(membership=m["werkgroep"], anchor=on_risk, text="Eerste"),
        "settled": services.thread_open(membership=m["kwartiermaker"], anchor=on_dossier, text="Tweede"),
        "refused": services.thread_open(membership=anna, anchor=on_risk, text="Derde"),
        "newest": services.thread_open(membership=anna, anchor=on_risk, text="Vierde"),
    }
    services.thread_set_status(membership=m["kwartiermaker"], thread=made["settled"], status="verwerkt", note="Ja")
    services.thread_set_status(
        membership=m["kwartiermaker"], thread=made["refused"], status="niet_overgenomen", note="Nee"
    )
    now = timezone.now()
    for age, key in enumerate(["newest", "refused", "settled", "oldest"]):
        Thread.objects.filter(pk=made[key].pk).update(opened_at=now - datetime.timedelta(days=age))
    # The oldest thread got the latest reply: "all threads" is by last activity, "to do" by age.
    services.comment_reply(membership=m["kwartiermaker"], thread=made["oldest"], text="Nieuw antwoord")
    made["anna"] = anna.user
    return made


def listed(client, dossier, query=""):
    response = client.get(url("threads", dossier) + query)
    assert response.status_code == 200
    return [t.pk for t in response.context["page"].object_list]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("", ["oldest", "newest", "refused", "settled"]),
        ("?status=open", ["oldest", "newest"]),
        ("?status=verwerkt", ["settled"]),
        ("?status=niet_overgenomen", ["refused"]),
        ("?discipline=financien", ["newest", "refused"]),
        ("?discipline=juridisch", ["oldest"]),
        ("?discipline=-", ["settled"]),
        ("?soort=bestuursopdracht", ["settled"]),
        ("?soort=risico", ["oldest", "newest", "refused"]),
        ("?soort=risico&status=open&discipline=financien", ["newest"]),
        ("?te_doen=1", ["oldest", "newest"]),
        ("?te_doen=1&status=verwerkt", ["oldest", "newest"]),  # to do is always the open threads
        ("?te_doen=1&discipline=financien", ["newest"]),
    ],
)
def test_the_overview_filters(client_as, dossier, overview_threads, query, expected):
    assert listed(client_as("kwartiermaker"), dossier, query) == [overview_threads[k].pk for k in expected]


def test_the_overview_filters_by_opener(client_as, dossier, m, overview_threads):
    client = client_as("college")
    anna = overview_threads["anna"]
    newest, refused = overview_threads["newest"].pk, overview_threads["refused"].pk
    assert listed(client, dossier, f"?auteur={anna.pk}") == [newest, refused]
    assert listed(client, dossier, f"?auteur={m['kwartiermaker'].user_id}") == [overview_threads["settled"].pk]
    assert listed(client, dossier, f"?auteur={m['college'].user_id}") == []


def test_the_to_do_list_is_oldest_first(client_as, dossier, overview_threads):
    ids = listed(client_as("kwartiermaker"), dossier, "?te_doen=1")
    opened = [Thread.objects.get(pk=pk).opened_at for pk in ids]
    assert opened == sorted(opened) and len(ids) == 2


@pytest.mark.parametrize(
    "query",
    [
        "?status=gesloten",
        "?status=%3Cscript%3E",
        "?discipline=sterrenkunde",
        "?soort=..%2F..%2Fetc",
        "?soort=__class__",
        "?auteur=abc",
        "?auteur=-1",
        "?auteur=1.5",
        "?te_doen=ja",
        "?pagina=abc",
        "?pagina=-1",
        "?pagina=99999",
        "?formaat=pdf",
        "?status=open&status=%00",
    ],
)
def test_garbage_filter_values_are_ignored(client_as, dossier, overview_threads, query):
    client = client_as("kwartiermaker")
    assert listed(client, dossier, query) == listed(client, dossier)


@pytest.mark.parametrize("author", ["²", "9" * 30], ids=["superscript-two", "30-digits"])
def test_an_impossible_author_id_is_ignored(client_as, dossier, overview_threads, author):
    client = client_as("kwartiermaker")
    client.raise_request_exception = False
    response = client.get(url("threads", dossier), {"auteur": author})
    assert response.status_code == 200


def test_the_export_follows_the_filters(client_as, dossier, overview_threads):
    response = client_as("kwartiermaker").get(url("threads", dossier), {"status": "verwerkt", "formaat": "csv"})
    lines = response.content.decode("utf-8-sig").strip().splitlines()
    assert len(lines) == 2 and f"#{overview_threads['settled'].pk}" in lines[1]


# ---------------------------------------------------------------------------------------------- inbox


@pytest.fixture
def inbox(dossier, m, thread):
    """Three notifications for the werkgroep member: two replies and a request for advice."""
    services.comment_reply(membership=m["kwartiermaker"], thread=thread, text="Eerste antwoord")
    services.comment_reply(membership=m["kwartiermaker"], thread=thread, text="Tweede antwoord")
    services.advice_round_request(membership=m["kwartiermaker"])
    notifications = list(Notification.objects.filter(recipient=m["werkgroep"].user).order_by("id"))
    assert len(notifications) == 3
    return notifications


def unread_in_header(page: str) -> int:
    match = re.search(r'class="inbox-link">[^<]*(?:<span class="count" aria-hidden="true">(\d+)</span>)?', page)
    assert match, "no inbox link in the header"
    return int(match.group(1) or 0)


def test_the_header_shows_the_unread_count(client_as, dossier, inbox):
    client = client_as("werkgroep")
    assert unread_in_header(client.get(url("threads", dossier)).content.decode()) == 3
    assert unread_in_header(client.get(reverse("notifications")).content.decode()) == 3
    assert unread_in_header(client_as("college").get(url("threads", dossier)).content.decode()) == 0


def test_marking_one_notification_read(client_as, inbox):
    client = client_as("werkgroep")
    response = client.post(reverse("notifications-read"), {"id": inbox[0].pk})

    assert response.status_code == 302 and response["Location"] == reverse("notifications")
    assert [n.read_at is not None for n in Notification.objects.order_by("id")] == [True, False, False]
    page = client.get(reverse("notifications")).content.decode()
    assert unread_in_header(page) == 2
    assert page.count("notification--unread") == 2


def test_marking_all_notifications_read(client_as, inbox):
    client = client_as("werkgroep")
    assert client.post(reverse("notifications-read")).status_code == 302
    assert not Notification.objects.filter(read_at__isnull=True).exists()
    page = client.get(reverse("notifications")).content.decode()
    assert unread_in_header(page) == 0 and "notification--unread" not in page


def test_garbage_ids_mark_nothing_read(client_as, inbox):
    client = client_as("werkgroep")
    assert client.post(reverse("notifications-read"), {"id": ["abc", "-1", ""]}).status_code == 302
    assert Notification.objects.filter(read_at__isnull=True).count() == 3


@pytest.mark.parametrize("value", ["²", "9" * 30], ids=["superscript-two", "30-digits"])
def test_an_impossible_id_marks_nothing_read(client_as, inbox, value):
    client = client_as("werkgroep")
    client.raise_request_exception = False
    assert client.post(reverse("notifications-read"), {"id": value}).status_code == 302
    assert Notification.objects.filter(read_at__isnull=True).count() == 3


def test_opening_a_notification_marks_it_read_and_leads_to_the_thread(client_as, dossier, thread, inbox):
    client = client_as("werkgroep")
    reply = inbox[0]

    response = client.get(reverse("notification-open", kwargs={"pk": reply.pk}))

    assert response.status_code == 302
    assert response["Location"] == url("thread", dossier, pk=thread.pk)
    reply.refresh_from_db()
    assert reply.read_at is not None
    assert Notification.objects.filter(read_at__isnull=True).count() == 2


def test_opening_an_advice_request_leads_to_the_matrix(client_as, dossier, inbox):
    request = inbox[2]
    assert request.kind == Notification.Kind.ADVICE_REQUEST
    response = client_as("werkgroep").get(reverse("notification-open", kwargs={"pk": request.pk}))
    assert response["Location"] == url("advice", dossier)
    request.refresh_from_db()
    assert request.read_at is not None


def test_the_inbox_lists_the_notifications_with_links(client_as, inbox):
    page = client_as("werkgroep").get(reverse("notifications")).content.decode()
    for n in inbox:
        assert reverse("notification-open", kwargs={"pk": n.pk}) in page
    assert page.count("notification--unread") == 3


def test_the_settings_page_switches_e_mail_on_and_off(client_as, members):
    client = client_as("werkgroep")
    page = client.get(reverse("notification-settings")).content.decode()
    assert 'class="warning"' in page  # the account has no e-mail address
    # Unticked: a browser then posts only the CSRF token (the test client does not check it).
    assert client.post(reverse("notification-settings"), {"csrfmiddlewaretoken": "x"}).status_code == 302
    assert members["werkgroep"].notification_settings.email is False
    client.post(reverse("notification-settings"), {"email": "on"})
    members["werkgroep"].notification_settings.refresh_from_db()
    assert members["werkgroep"].notification_settings.email is True
