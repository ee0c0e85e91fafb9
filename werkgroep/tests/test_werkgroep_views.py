"""The werkgroep's forms through the views: bad input in a comment, a status change or an advice is answered beside
the field with what was typed kept and nothing written; a comment placed, edited and withdrawn, a status change and
advice given once, with and without htmx."""

import html
import re

import pytest

from .. import services
from ..models import Advice, AdviceRound, Comment, CommentRevision, Notification, Thread
from .helpers import HTMX, Status, url

pytestmark = pytest.mark.django_db


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
