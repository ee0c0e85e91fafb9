"""The werkgroep's screens: bad input answered beside the field with nothing lost, query counts that do not grow
with the number of comments, the overview's filters and the inbox."""

import datetime
import html
import re

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from dossier.kinds import KINDS
from dossier.models import Role
from dossier.tests.factories import MembershipFactory, RiskFactory, UserFactory

from .. import anchors, services
from ..models import Advice, AdviceRound, Comment, CommentRevision, Notification, Thread

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}
Status = Thread.Status


def url(name, dossier, **kwargs):
    return reverse(f"dossier:{name}", kwargs={"slug": dossier.slug, **kwargs})


@pytest.fixture
def thread(m, dossier, risk):
    return services.thread_open(
        membership=m["werkgroep"], anchor=anchors.resolve(dossier, "risico", risk.pk), text="Klopt de kans wel?"
    )


def field_error(page: str, error_id: str) -> str:
    """The text of the error shown beside a field (its id is what the field's aria-describedby points at)."""
    match = re.search(rf'<p class="error-text" id="{re.escape(error_id)}">(.*?)</p>', page, re.S)
    assert match, f"no error beside the field ({error_id})"
    text = html.unescape(match.group(1)).strip()
    assert text
    return text


def snapshot():
    return (
        list(Thread.objects.values_list("id", "status", "status_note", "version")),
        list(Comment.objects.values_list("id", "text", "edited_at", "withdrawn_at")),
        CommentRevision.objects.count(),
        Notification.objects.count(),
        AdviceRound.objects.count(),
        Advice.objects.count(),
    )


# ---------------------------------------------------------------------------------------------- bad input

LONG = ("Veel te lange reactie. " * 900)[:20_000]
BAD_INPUT = {
    "empty": ("", None),
    "whitespace": ("   \n\t  \n ", None),
    "too long": (LONG, r"5\.?000\D.*20\.?000"),  # the limit and the length are named
    "unknown mention": ("Vraag aan @niemand over de kans", "@niemand"),
    "non-member mention": ("Vraag aan @{outsider} over de kans", "@{outsider}"),
}  # (what is typed, a pattern the error beside the field must contain)


def comment_forms(dossier, risk, thread):
    """(where a comment is written, the id of its text field's error)."""
    own = thread.comments.get()
    return {
        "new thread": (url("anchor-threads", dossier, kind="risico", pk=risk.pk), f"id_reacties-risico-{risk.pk}"),
        "reply": (url("thread-reply", dossier, pk=thread.pk), f"id_reply{thread.pk}"),
        "edit": (url("comment-edit", dossier, pk=own.pk), f"id_edit{own.pk}"),
    }


@pytest.mark.parametrize("htmx", [False, True], ids=["plain", "htmx"])
@pytest.mark.parametrize("bad", list(BAD_INPUT))
@pytest.mark.parametrize("form", ["new thread", "reply", "edit"])
def test_bad_comment_input_is_explained_beside_the_field_and_nothing_is_lost(
    client_as, dossier, members, risk, thread, form, bad, htmx
):
    text, fragment = (s.format(outsider=members["outsider"].username) if s else s for s in BAD_INPUT[bad])
    address, field_id = comment_forms(dossier, risk, thread)[form]
    client = client_as("werkgroep")
    before = snapshot()

    response = client.post(address, {"text": text}, **(HTMX if htmx else {}))

    assert response.status_code == (200 if htmx else 400)
    page = response.content.decode()
    assert ("<html" in page) is not htmx  # htmx gets the fragment to swap in, else the whole page
    error = field_error(page, f"{field_id}_text_error")
    if fragment:
        assert re.search(fragment, error), error
    textarea = re.search(rf'<textarea([^>]*id="{field_id}_text"[^>]*)>(.*?)</textarea>', page, re.S)
    assert textarea, "the form is shown again"
    describedby = re.search(r'aria-describedby="([^"]*)"', textarea.group(1))
    assert describedby and f"{field_id}_text_error" in describedby.group(1).split()  # read out with the field
    if text.strip():  # what was typed is still in the textarea
        assert html.unescape(textarea.group(2)).strip() == text
    assert snapshot() == before


def test_the_error_is_in_the_page_language(client_as, dossier, risk):
    """The page is Dutch; the field error comes from the same translations as the rest of the page."""
    from django.utils import translation

    response = client_as("werkgroep").post(url("anchor-threads", dossier, kind="risico", pk=risk.pk), {"text": " "})
    error = field_error(response.content.decode(), f"id_reacties-risico-{risk.pk}_text_error")
    with translation.override("nl"):
        expected = translation.gettext("Write your comment first; an empty comment cannot be placed.")
    assert error == expected


@pytest.mark.parametrize("htmx", [False, True], ids=["plain", "htmx"])
@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"status": "niet_overgenomen", "note": ""}, "note"),
        ({"status": "verwerkt", "note": "  "}, "note"),
        ({"status": "vervallen", "note": "Achterhaald", "in_version": "2"}, "in_version"),
        ({"status": "gesloten"}, "status"),
    ],
    ids=["niet-overgenomen-without-reason", "verwerkt-without-note", "in-version-without-verwerkt", "unknown"],
)
def test_a_refused_status_is_explained_beside_the_field(client_as, dossier, thread, data, field, htmx):
    before = snapshot()
    response = client_as("kwartiermaker").post(
        url("thread-status", dossier, pk=thread.pk), {**data, "expected_version": 1}, **(HTMX if htmx else {})
    )

    assert response.status_code == (200 if htmx else 400)
    field_error(response.content.decode(), f"id_status{thread.pk}_{field}_error")
    thread.refresh_from_db()
    assert thread.status == Status.OPEN
    assert snapshot() == before


@pytest.mark.parametrize("htmx", [False, True], ids=["plain", "htmx"])
def test_a_stale_status_form_is_a_conflict(client_as, dossier, m, thread, htmx):
    services.thread_set_status(membership=m["kwartiermaker"], thread=thread, status="vervallen")
    before = snapshot()

    response = client_as("kwartiermaker").post(
        url("thread-status", dossier, pk=thread.pk),
        {"status": "open", "expected_version": 1},
        **(HTMX if htmx else {}),
    )

    assert response.status_code == 409
    assert 'class="form-errors"' in response.content.decode()
    assert snapshot() == before


@pytest.mark.parametrize("htmx", [False, True], ids=["plain", "htmx"])
def test_a_status_change_through_the_view(client_as, dossier, thread, htmx):
    response = client_as("kwartiermaker").post(
        url("thread-status", dossier, pk=thread.pk),
        {"status": "verwerkt", "note": "Kans verlaagd.", "in_version": "2", "expected_version": 1},
        **(HTMX if htmx else {}),
    )

    assert response.status_code == (200 if htmx else 302)
    thread.refresh_from_db()
    assert (thread.status, thread.status_note, thread.in_version) == (Status.VERWERKT, "Kans verlaagd.", 2)


@pytest.mark.parametrize(
    ("data", "errors"),
    [
        ({"verdict": "", "text": "Goed onderbouwd."}, ["id_verdict_error"]),
        ({"verdict": "positief", "text": "   "}, ["id_text_error"]),
        ({}, ["id_verdict_error", "id_text_error"]),
        ({"verdict": "misschien", "text": "Goed onderbouwd."}, ["id_verdict_error"]),
    ],
    ids=["no-verdict", "no-text", "nothing", "unknown-verdict"],
)
def test_advice_without_verdict_or_text_is_refused(client_as, dossier, m, data, errors):
    services.advice_round_request(membership=m["kwartiermaker"])
    before = snapshot()

    response = client_as("werkgroep").post(url("advice-give", dossier, number=1), data)

    assert response.status_code == 400
    page = response.content.decode()
    for error_id in errors:
        field_error(page, error_id)
    if data.get("text", "").strip():
        assert data["text"] in page  # kept
    assert snapshot() == before


def test_advice_through_the_view_is_given_once(client_as, dossier, m):
    services.advice_round_request(membership=m["kwartiermaker"])
    client = client_as("werkgroep")
    address = url("advice-give", dossier, number=1)

    assert client.post(address, {"verdict": "positief", "text": "Akkoord."}).status_code == 302
    response = client.post(address, {"verdict": "negatief", "text": "Toch niet."})

    assert response.status_code == 400
    assert 'class="form-errors"' in response.content.decode()
    assert list(Advice.objects.values_list("verdict", flat=True)) == ["positief"]


def test_advice_request_through_the_view(client_as, dossier, m):
    response = client_as("kwartiermaker").post(url("advice-request", dossier), {"note": "Graag voor 1 juni."})
    assert response.status_code == 302
    assert AdviceRound.objects.get().note == "Graag voor 1 juni."
    assert list(Notification.objects.values_list("recipient", "kind")) == [
        (m["werkgroep"].user_id, Notification.Kind.ADVICE_REQUEST)
    ]


@pytest.mark.parametrize("htmx", [False, True], ids=["plain", "htmx"])
def test_a_comment_is_placed_edited_and_withdrawn_through_the_views(client_as, dossier, risk, htmx):
    client = client_as("werkgroep")
    headers = HTMX if htmx else {}
    success = 200 if htmx else 302

    response = client.post(url("anchor-threads", dossier, kind="risico", pk=risk.pk), {"text": "Eerste"}, **headers)
    assert response.status_code == success
    comment = Comment.objects.get()
    response = client.post(url("comment-edit", dossier, pk=comment.pk), {"text": "Tweede"}, **headers)
    assert response.status_code == success
    response = client.post(url("comment-withdraw", dossier, pk=comment.pk), **headers)
    assert response.status_code == success

    comment.refresh_from_db()
    assert comment.text == "Tweede" and comment.withdrawn_at is not None
    assert list(comment.revisions.values_list("text", flat=True)) == ["Eerste"]
    page = client.get(url("thread", dossier, pk=comment.thread_id)).content.decode()
    assert "Eerste" in page and "Tweede" in page  # the earlier text and the withdrawn text stay readable


# ---------------------------------------------------------------------------------------------- query counts


def bulk_comments(dossier, author, targets, count, *, per_thread=10, start=0):
    """`count` comments in threads of `per_thread`, spread round-robin over `targets` ((object, part) pairs).
    One comment in seven is withdrawn; every third thread is settled. Returns {(ct id, pk, part): visible count}."""
    now = timezone.now()
    threads = []
    for i in range((count + per_thread - 1) // per_thread):
        obj, part = targets[i % len(targets)]
        atype = anchors.anchor_type_for(obj)
        threads.append(
            Thread(
                dossier=dossier,
                content_type=ContentType.objects.get_for_model(obj),
                object_id=obj.pk,
                anchor_kind=atype.name,
                part=part,
                anchor_label=str(obj)[:300],
                opened_by=author,
                discipline="juridisch",
                status=Status.VERWERKT if i % 3 == 2 else Status.OPEN,
                opened_at=now - datetime.timedelta(minutes=start + i),
            )
        )
    threads = Thread.objects.bulk_create(threads)
    comments = [
        Comment(
            thread=threads[n // per_thread],
            author=author,
            role=Role.WERKGROEP,
            discipline="juridisch",
            text=f"Reactie {start + n}",
            created_at=now - datetime.timedelta(seconds=start + n),
            withdrawn_at=now if n % 7 == 6 else None,
        )
        for n in range(count)
    ]
    Comment.objects.bulk_create(comments, batch_size=1000)
    visible = {}
    for comment in comments:
        t = comment.thread
        key = (t.content_type_id, t.object_id, t.part)
        visible[key] = visible.get(key, 0) + (comment.withdrawn_at is None)
    return visible


def queries(client, address, **headers) -> int:
    """The queries of one GET (after a first GET, so per-process caches such as content types are warm)."""
    assert client.get(address, **headers).status_code == 200
    with CaptureQueriesContext(connection) as captured:
        response = client.get(address, **headers)
    assert response.status_code == 200
    return len(captured)


def comment_link_counts(page: str) -> dict[str, int]:
    """The number each comment link shows, by the link's address."""
    return {
        href: int(number)
        for href, number in re.findall(r'<a id="[^"]*" class="comment-link" href="([^"]+)"[^>]*>(\d+)', page)
    }


@pytest.fixture
def risks(dossier):
    return [RiskFactory(dossier=dossier, description=f"Risico {n}") for n in range(20)]


def test_the_risks_page_counts_comments_in_the_same_queries_however_many_there_are(client_as, dossier, members, risks):
    client = client_as("college")
    address = url("risks", dossier)
    targets = [(r, "") for r in risks]
    bulk_comments(dossier, members["werkgroep"], targets[:5], 10, per_thread=2)
    few = queries(client, address)

    bulk_comments(dossier, members["werkgroep"], targets, 4_990, start=10)
    many = queries(client, address)

    assert many == few
    expected = _visible_counts(dossier)
    shown = comment_link_counts(client.get(address).content.decode())
    ct = ContentType.objects.get_for_model(risks[0]).pk
    for r in risks:
        assert shown[url("anchor-threads", dossier, kind="risico", pk=r.pk)] == expected[(ct, r.pk, "")]


def _visible_counts(dossier):
    counts = {}
    for t in Thread.objects.filter(dossier=dossier).prefetch_related("comments"):
        key = (t.content_type_id, t.object_id, t.part)
        counts[key] = counts.get(key, 0) + sum(1 for c in t.comments.all() if c.withdrawn_at is None)
    return counts


def test_the_bestuursopdracht_page_counts_comments_in_the_same_queries(client_as, dossier, members):
    client = client_as("werkgroep")
    address = url("bestuursopdracht", dossier)
    targets = [(dossier, section.key) for section in KINDS["bestuursopdracht"].sections]
    bulk_comments(dossier, members["werkgroep"], targets, 10, per_thread=2)
    few = queries(client, address)

    bulk_comments(dossier, members["werkgroep"], targets, 4_990, start=10)
    many = queries(client, address)

    assert many == few
    shown = comment_link_counts(client.get(address).content.decode())
    ct = ContentType.objects.get_for_model(dossier).pk
    expected = _visible_counts(dossier)
    for section in KINDS["bestuursopdracht"].sections:
        link = url("anchor-threads-part", dossier, kind="bestuursopdracht", pk=dossier.pk, part=section.key)
        assert shown[link] == expected[(ct, dossier.pk, section.key)]


@pytest.mark.parametrize("query", ["", "?te_doen=1", "?status=open&soort=risico"])
def test_the_overview_uses_the_same_queries_however_many_comments(client_as, dossier, members, risks, query):
    client = client_as("kwartiermaker")
    address = url("threads", dossier) + query
    targets = [(dossier, ""), *((r, "") for r in risks)]  # both kinds of element on every first page
    bulk_comments(dossier, members["werkgroep"], targets, 10, per_thread=1)
    few = queries(client, address)

    bulk_comments(dossier, members["werkgroep"], targets, 4_990, start=10)
    many = queries(client, address)

    assert many == few


@pytest.mark.parametrize("role", ["kwartiermaker", "werkgroep", "college"])
def test_the_advice_matrix_uses_the_same_queries_however_many_comments(client_as, dossier, m, members, risks, role):
    client = client_as(role)
    address = url("advice", dossier)
    targets = [(r, "") for r in risks]
    bulk_comments(dossier, members["werkgroep"], targets, 10, per_thread=2)
    first = services.advice_round_request(membership=m["kwartiermaker"])
    colleague = MembershipFactory(dossier=dossier, role=Role.WERKGROEP, discipline="hr")
    services.advice_give(
        membership=colleague, advice_round=first, verdict="positief", text="Ok", threads=Thread.objects.all()[:3]
    )
    few = queries(client, address)

    bulk_comments(dossier, members["werkgroep"], targets, 4_990, start=10)
    services.advice_round_request(membership=m["kwartiermaker"])
    second = AdviceRound.objects.get(number=2)
    services.advice_give(
        membership=colleague, advice_round=second, verdict="negatief", text="Nee", threads=Thread.objects.all()[:50]
    )
    many = queries(client, address)

    assert many == few


def test_a_thread_page_and_panel_use_the_same_queries_however_many_comments(client_as, dossier, members, risk):
    client = client_as("werkgroep")
    bulk_comments(dossier, members["werkgroep"], [(risk, "")], 4, per_thread=2)
    thread = Thread.objects.first()
    pages = [
        url("thread", dossier, pk=thread.pk),
        url("anchor-threads", dossier, kind="risico", pk=risk.pk),
    ]
    few = [queries(client, p) for p in pages] + [queries(client, pages[1], **HTMX)]

    bulk_comments(dossier, members["werkgroep"], [(risk, "")], 200, per_thread=50, start=4)
    Comment.objects.filter(thread=thread).update(edited_at=timezone.now())
    for comment in Comment.objects.filter(thread=thread):
        CommentRevision.objects.create(comment=comment, text="Oud", written_at=comment.created_at)
    many = [queries(client, p) for p in pages] + [queries(client, pages[1], **HTMX)]

    assert many == few


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


def test_a_saved_row_counts_only_the_comments_of_its_kind_and_shows_its_own(client_as, dossier, members, risks):
    """The answer to an in-place save (htmx) shows the element's comment count; it counts the comments of that
    kind of element only, not the whole dossier's (thousands, on other kinds, would cost more than the save)."""
    from dossier.models import Deelproduct

    area = Deelproduct.objects.create(dossier=dossier, number=1, title="Werkbedrijf", description="")
    visible = bulk_comments(dossier, members["werkgroep"], [(risks[0], ""), (area, "")], 40, per_thread=5)
    risk = risks[0]
    client = client_as("kwartiermaker")
    data = {
        "description": "Aangescherpt",
        "likelihood": risk.likelihood,
        "impact": risk.impact,
        "mitigation": risk.mitigation,
        "owner": risk.owner,
        "status": risk.status,
        "expected_version": risk.version,
    }
    with CaptureQueriesContext(connection) as captured:
        response = client.post(url("edit", dossier, kind="risico", pk=risk.pk), data, **HTMX)
    assert response.status_code == 200, response.content.decode()[:500]
    counting = [q["sql"] for q in captured if 'FROM "dossier_thread"' in q["sql"] and "COUNT(" in q["sql"]]
    assert len(counting) == 1 and "content_type_id" in counting[0].split("WHERE", 1)[1]
    ct = ContentType.objects.get_for_model(risk).pk
    shown = comment_link_counts(response.content.decode())
    assert shown[url("anchor-threads", dossier, kind="risico", pk=risk.pk)] == visible[(ct, risk.pk, "")]
