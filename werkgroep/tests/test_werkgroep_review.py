"""Regressions found in review of the werkgroep: stale forms that could never be saved or lost their input,
mentions inside links and code, ex-members still notified, line breaks counted twice, link parsing, live counts."""

import re

import pytest
from django.core import mail
from django.urls import reverse

from dossier.models import Membership
from dossier.tests.factories import MembershipFactory, UserFactory

from .. import anchors, markup, services
from ..models import Notification, Thread

pytestmark = pytest.mark.django_db
HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def thread(m, dossier, risk):
    return services.thread_open(
        membership=m["werkgroep"], anchor=anchors.resolve(dossier, "risico", risk.pk), text="Klopt dit?"
    )


def status_url(dossier, thread):
    return reverse("dossier:thread-status", kwargs={"slug": dossier.slug, "pk": thread.pk})


@pytest.mark.parametrize("headers", [{}, HTMX], ids=["plain", "htmx"])
def test_a_stale_status_form_is_a_conflict_that_keeps_the_note_and_saves_on_the_second_try(
    client_as, dossier, thread, m, headers
):
    services.thread_set_status(membership=m["kwartiermaker"], thread=thread, status="vervallen")  # version 2
    client = client_as("kwartiermaker")
    data = {"status": "niet_overgenomen", "note": "MIJN REDEN", "expected_version": 1}
    response = client.post(status_url(dossier, thread), data, **headers)
    assert response.status_code == 409
    page = response.content.decode()
    assert "MIJN REDEN" in page
    version = re.search(r'name="expected_version" value="(\d+)"', page).group(1)
    assert version == "2"
    # Saving again from that form: now refused for what it is (a closed thread must be reopened first).
    again = client.post(status_url(dossier, thread), {**data, "expected_version": version}, **headers)
    assert again.status_code in (200, 400)
    assert "MIJN REDEN" in again.content.decode()
    assert Thread.objects.get(pk=thread.pk).status == "vervallen"


def test_an_edit_refused_because_the_thread_closed_keeps_the_text_and_says_why(client_as, dossier, thread, m):
    comment = thread.comments.get()
    services.thread_set_status(membership=m["kwartiermaker"], thread=thread, status="vervallen")
    client = client_as("werkgroep")
    url = reverse("dossier:comment-edit", kwargs={"slug": dossier.slug, "pk": comment.pk})
    response = client.post(url, {"text": "MIJN NIEUWE TEKST"}, **HTMX)
    page = response.content.decode()
    assert "MIJN NIEUWE TEKST" in page
    assert f"id_edit{comment.pk}_text_error" in page
    assert Thread.objects.get(pk=thread.pk).comments.get().text == "Klopt dit?"


def test_a_failed_withdraw_is_shown_not_only_announced(client_as, dossier, thread, m):
    comment = thread.comments.get()
    services.thread_set_status(membership=m["kwartiermaker"], thread=thread, status="vervallen")
    url = reverse("dossier:comment-withdraw", kwargs={"slug": dossier.slug, "pk": comment.pk})
    page = client_as("werkgroep").post(url, **HTMX).content.decode()
    assert 'class="form-errors" role="alert"' in page


@pytest.mark.parametrize(
    "text",
    ["zie https://medium.com/@auteur/stuk", "`@kwartiermaker` is een voorbeeld", "[profiel](https://m.social/@x)"],
)
def test_an_at_sign_in_a_link_or_code_is_no_mention(text):
    assert markup.find_mentions(text) == []


def test_a_mention_in_a_url_neither_refuses_nor_notifies(m, dossier, risk, members):
    services.thread_open(
        membership=m["werkgroep"],
        anchor=anchors.resolve(dossier, "risico", risk.pk),
        text=f"https://mastodon.social/@{members['kwartiermaker'].username} en https://medium.com/@iemand",
    )
    assert not Notification.objects.exists()


def test_people_who_left_the_dossier_are_not_notified_and_no_longer_see_its_notifications(
    m, dossier, thread, client, members
):
    werkgroep = members["werkgroep"]
    services.comment_reply(membership=m["kwartiermaker"], thread=thread, text="Eerste antwoord")
    assert Notification.objects.filter(recipient=werkgroep).count() == 1
    Membership.objects.filter(user=werkgroep, dossier=dossier).delete()
    services.comment_reply(membership=m["kwartiermaker"], thread=thread, text="Tweede antwoord")
    services.thread_set_status(membership=m["kwartiermaker"], thread=thread, status="vervallen")
    assert Notification.objects.filter(recipient=werkgroep).count() == 1
    client.force_login(werkgroep)
    assert "notification--unread" not in client.get(reverse("notifications")).content.decode()


def test_line_breaks_sent_as_crlf_do_not_count_twice(client_as, dossier, risk):
    text = "\r\n".join(["x" * 99] * 50)  # 4,999 characters as typed, 5,048 as the browser sends them
    url = reverse("dossier:anchor-threads", kwargs={"slug": dossier.slug, "kind": "risico", "pk": risk.pk})
    response = client_as("werkgroep").post(url, {"text": text})
    assert response.status_code == 302
    assert Thread.objects.get().comments.get().text == text.replace("\r\n", "\n")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("[`x`](https://a.b)", '<a href="https://a.b" rel="noopener noreferrer nofollow ugc"><code>x</code></a>'),
        ("**https://a.b/x**", '<strong><a href="https://a.b/x"'),
        ("“https://a.b/x”", '“<a href="https://a.b/x" '),
        ("https://a.b/x&", '<a href="https://a.b/x" rel="noopener noreferrer nofollow ugc">https://a.b/x</a>&amp;'),
        ("[wet](https://nl.wikipedia.org/wiki/Wet_(recht))", 'href="https://nl.wikipedia.org/wiki/Wet_(recht)"'),
        ("(zie https://a.b/x)", '<a href="https://a.b/x" rel="noopener noreferrer nofollow ugc">https://a.b/x</a>)'),
        ("3. derde\n4. vierde", '<ol start="3"><li>derde</li>'),
    ],
)
def test_links_and_lists_render_as_typed(text, expected):
    assert expected in markup.render(text)


def test_placing_a_comment_in_the_panel_updates_the_elements_link_out_of_band(client_as, dossier, risk):
    url = reverse("dossier:anchor-threads", kwargs={"slug": dossier.slug, "kind": "risico", "pk": risk.pk})
    page = client_as("werkgroep").post(url, {"text": "Nieuw"}, **HTMX).content.decode()
    link = re.search(rf'<a id="reacties-risico-{risk.pk}-link"[^>]*hx-swap-oob="true"[^>]*>([^<]*)', page)
    assert link and link.group(1).startswith("1 ")


def test_a_thread_whose_only_comment_was_withdrawn_still_shows_on_its_element(client_as, dossier, thread, m):
    services.comment_withdraw(membership=m["werkgroep"], comment=thread.comments.get())
    page = client_as("college").get(reverse("dossier:risks", kwargs={"slug": dossier.slug})).content.decode()
    assert "0 reacties · 1 open" in page


def test_the_email_has_no_stray_line(m, dossier, risk, members):
    kwartiermaker = members["kwartiermaker"]
    kwartiermaker.email = "k@twenterand.example"
    kwartiermaker.save()
    from django.test import TestCase

    with TestCase.captureOnCommitCallbacks(execute=True):
        services.thread_open(
            membership=m["werkgroep"],
            anchor=anchors.resolve(dossier, "risico", risk.pk),
            text=f"Graag @{kwartiermaker.username}",
        )
    body = mail.outbox[0].body
    assert "\n.\n" not in body
    assert body.splitlines()[0].endswith(".")


def test_a_part_links_back_to_its_place_on_the_page(client_as, dossier):
    page_url = anchors.page_url(dossier, dossier, "aanleiding")
    assert page_url.endswith(f"#bestuursopdracht-{dossier.pk}-aanleiding")
    page = client_as("college").get(page_url.split("#")[0]).content.decode()
    assert f'id="bestuursopdracht-{dossier.pk}-aanleiding"' in page


def test_an_outsiders_user_is_no_mention_even_when_the_name_exists(m, dossier, risk):
    MembershipFactory(user=UserFactory(username="elders"))  # a member of another dossier
    with pytest.raises(Exception, match="elders"):
        services.thread_open(
            membership=m["werkgroep"], anchor=anchors.resolve(dossier, "risico", risk.pk), text="Vraag @elders"
        )
