"""XSS and SSRF payloads in every text field a user can fill, then every page, export and document that shows them.

The text fields are found, not listed: every free-text field of every form of the project (project_forms walks the
modules; the kinds of dossier content, the werkgroep's comments, status notes and advice, a version's note) and of
the beheer's admin forms (a user's name is shown as the author of comments). Each gets a text that starts with a
spreadsheet formula or a script/file URL, carries a token naming the field, and goes on with as many HTML, htmx,
template and resource payloads as the field holds; it is written through the form and the service (or the view) as
the app does. Then the whole dossier is walked by following its links as each role: no page may hold markup that
came from user text (parsed, not searched for), every payload must be there as text, every field must be shown
somewhere, no spreadsheet cell is a formula, and the documents of a frozen version fetch nothing while the PDF
shows the payloads as text."""

import csv
import io
import re
import subprocess
import urllib.request
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from unittest import mock
from urllib.parse import parse_qsl, urljoin, urlsplit

import openpyxl
import pytest
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.test import Client, RequestFactory
from django.urls import Resolver404, resolve, reverse

from documents import render
from documents import services as documents_services
from documents.tests.test_documents import SSRF, needs_tools
from documents.viewmodel import DOCUMENTS
from dossier import services
from dossier.kinds import KINDS
from dossier.models import Citation, Role
from dossier.tests.factories import MembershipFactory, UserFactory
from dossier.tests.twenterand import load_twenterand
from finance.exports import FORMULA_STARTS
from werkgroep import anchors, markup
from werkgroep.tests.test_werkgroep_security import FORMULAS, HTMX, PAYLOADS, anchor_url

from . import project_forms

pytestmark = pytest.mark.django_db

# A text starts with one of these: a spreadsheet formula, or a URL a link or a fetch could follow.
LEADS = list(
    dict.fromkeys(
        [
            '=HYPERLINK("http://evil")',
            "+cmd|' /C calc'!A0",
            "@SUM(1)",
            "-1+1",
            *FORMULAS,
            "javascript:alert(1)",
            "http://169.254.169.254/latest/meta-data/",
            "file:///etc/passwd",
        ]
    )
)
# ... and goes on with as many of these as fit.
BODY = list(
    dict.fromkeys(
        [
            "<script>alert(1)</script>",
            "<img src=x onerror=alert(1)>",
            '"><svg onload=alert(1)>',
            "'><svg onload=alert(1)>",
            "javascript:alert(1)",
            "[javascript:alert(1)](javascript:alert(1))",
            '<div hx-get="/x" hx-trigger="load">x</div>',
            '" hx-get="/x" hx-trigger="load" x="',
            '<button hx-on:click="alert(1)">x</button>',
            "' hx-on:click='alert(1)' x='",
            "{{ 7*7 }}",
            "{% debug %}",
            '<img src="file:///etc/passwd">',
            '<img src="http://169.254.169.254/latest/meta-data/">',
            '<link rel=attachment href="file:///etc/passwd">',
            "<style>@import url(http://169.254.169.254/)</style>",
            *(payload for payload, _ in PAYLOADS),
            *SSRF,
        ]
    )
)
TOKEN = "Q{:03d}Z"  # names the field in every text written to it: Q017Z…


def hostile_text(index: int, rotation: int, capacity: int, multiline: bool, unique: str = "") -> str:
    """The text for field `index` of the `rotation`-th element: a lead (cut short in a short field, so the token
    always fits), the token, then the payloads from a rotating start for as long as they fit whole."""
    head = f" {TOKEN.format(index)}{unique}"
    text = LEADS[(index + rotation) % len(LEADS)][: max(0, capacity - len(head))] + head
    separator = "\n" if multiline else " "
    start = (index + rotation) % len(BODY)
    for payload in BODY[start:] + BODY[:start]:
        if len(text) + len(separator) + len(payload) > capacity:
            break
        text += separator + payload
    return text[:capacity]


# ---------------------------------------------------------------------------------------------- text fields


@dataclass(frozen=True)
class TextField:
    form: type
    model: type | None
    name: str
    capacity: int
    multiline: bool
    admin: bool = False  # only the beheer fills it, in the admin

    @property
    def label(self) -> str:
        """The model field it fills (a form of the app and an admin form can fill the same one), else the form's."""
        if self.model is not None:
            return f"{self.model._meta.label}.{self.name}"
        return f"{self.form.__module__}.{self.form.__qualname__}.{self.name}"


def _capacity(form_field, model_field=None) -> int:
    from werkgroep.models import COMMENT_MAX_LENGTH

    limits = [n for n in (form_field.max_length, getattr(model_field, "max_length", None)) if n]
    return min(limits) if limits else COMMENT_MAX_LENGTH


def _model_field(model, name):
    from django.core.exceptions import FieldDoesNotExist

    try:
        return model._meta.get_field(name) if model else None
    except FieldDoesNotExist:  # a form-only field
        return None


def _free_text(form_field, model_field) -> bool:
    from django.core.validators import RegexValidator

    if not project_forms.is_free_text(form_field):
        return False
    # A model field with its own alphabet (a user name) refuses the text whatever the form field is.
    return not any(isinstance(v, RegexValidator) for v in getattr(model_field, "validators", ()))


def admin_forms():
    """The beheer's admin forms of the project's models and of the users (whose names the app shows as authors), as
    the change page builds them. Other admin models (groups, login attempts) are never shown in the app."""
    request = RequestFactory().get("/beheer/")
    request.user = get_user_model()(is_superuser=True, is_staff=True)
    result = []
    for model, model_admin in admin.site._registry.items():
        if model._meta.app_label in project_forms.PROJECT_PACKAGES or model is get_user_model():
            result.append((model, model_admin.get_form(request, model._default_manager.first(), change=True)))
    return result


def find_text_fields(world) -> list[TextField]:
    """Every free-text field of every form of the project (each as the view builds it) and of the admin."""
    found = {}
    forms_found = [(t.build(world, None), None, False) for t in project_forms.targets()]
    forms_found += [(form_class(), model, True) for model, form_class in admin_forms()]
    for form, model, in_admin in forms_found:
        model = model or getattr(getattr(form, "_meta", None), "model", None)
        for name, form_field in form.fields.items():
            model_field = _model_field(model, name)
            if _free_text(form_field, model_field):
                multiline = type(form_field.widget).__name__ == "Textarea"
                text_model = model if model_field is not None else None
                capacity = _capacity(form_field, model_field)
                field = TextField(type(form), text_model, name, capacity, multiline, in_admin)
                found.setdefault(field.label, field)
    return [found[label] for label in sorted(found)]


# ---------------------------------------------------------------------------------------------- writing


@dataclass
class Injected:
    world: project_forms.World
    fields: list
    v1: object
    v2: object
    written: dict  # label -> how many texts were written to it


def _member_for_mentions(world, text):
    """A hostile text with @SUM or @import mentions users of that name; they exist as members, so the text is
    placed (the refusal of unknown mentions has its own test)."""
    for name in markup.find_mentions(text):
        if not world.dossier.memberships.filter(user__username=name).exists():
            MembershipFactory(dossier=world.dossier, user=UserFactory(username=name), role=Role.COLLEGE)


def _write_kinds(world, fields_by_form, written):
    """Every element of every kind, through its form (which must accept the text) and content_update."""
    from dossier.models import Dossier

    user = world.users["kwartiermaker"]
    for kind in KINDS.values():
        texts = fields_by_form.get(kind.form, [])
        if not texts:
            continue
        if kind.model is Dossier:
            queryset = Dossier.objects.filter(pk=world.dossier.pk)
        else:
            queryset = kind.model.objects.filter(dossier=world.dossier)
        for rotation, obj in enumerate(queryset.order_by("pk")):
            extra = {"target": obj.target} if kind.model is Citation else {}
            shown = kind.form(instance=obj, dossier=world.dossier, **extra)
            data = project_forms.post_data(shown)
            for index, field in texts:
                if field.name in shown.fields:
                    data[field.name] = hostile_text(index, rotation, field.capacity, field.multiline, f".{obj.pk}")
                    written[field.label] = written.get(field.label, 0) + 1
            form = kind.form(data, instance=obj, dossier=world.dossier, **extra)
            assert form.is_valid(), (kind.key, obj.pk, form.errors.as_json())
            services.content_update(instance=obj, data=form.data_for_service, user=user, expected_version=obj.version)


def _write_admin(world, fields, written):
    """What only the beheer edits (the users' names), saved as the admin's form would; the admin's dossier fields
    are the app's own, written through the app's form."""
    for model in {f.model for _, f in fields if f.admin}:
        texts = [(i, f) for i, f in fields if f.admin and f.model is model]
        assert model is get_user_model(), f"no writer for the admin's {model._meta.label}"
        members = model._default_manager.filter(memberships__dossier=world.dossier).order_by("pk")
        for rotation, obj in enumerate(members):
            for index, field in texts:
                setattr(obj, field.name, hostile_text(index, rotation, field.capacity, False))
                written[field.label] = written.get(field.label, 0) + 1
            obj.full_clean()
            obj.save()


def _post(client, user, address, data, expected=(302,)):
    client.force_login(user)
    response = client.post(address, data)
    errors = re.findall(r'class="[^"]*error[^"]*"[^>]*>(.*?)<', response.content.decode(), re.S)
    assert response.status_code in expected, (address, response.status_code, errors)
    return response


def _write_werkgroep(world, fields_by_form, written):
    """Comments on an element of every kind one can comment on (and on one part), a reply to each, an edited
    comment, status notes, an advice round with its request and an advice: through the views."""
    from werkgroep.forms import AdviceForm, AdviceRequestForm, CommentForm, StatusForm
    from werkgroep.models import Comment, Thread

    client = Client()
    dossier, users = world.dossier, world.users
    (comment_index, comment_field), *_ = fields_by_form[CommentForm]

    def comment(rotation):
        text = hostile_text(comment_index, rotation, comment_field.capacity, True)
        _member_for_mentions(world, text)
        written[comment_field.label] = written.get(comment_field.label, 0) + 1
        return text

    rotation = 0
    for atype in anchors.anchor_types().values():
        manager = atype.model._default_manager
        if atype.model is type(dossier):
            obj = dossier
        else:
            obj = (manager.filter(dossier=dossier) if atype.in_dossier else manager).order_by("pk").first()
        if obj is None:
            continue
        parts = [""] + list(anchors.parts(atype))[:1]
        for part in parts:
            rotation += 1
            _post(
                client,
                users["werkgroep"],
                anchor_url(dossier, obj, kind=atype.key, part=part),
                {"text": comment(rotation)},
            )
    threads = list(Thread.objects.filter(dossier=dossier).order_by("pk"))
    for thread in threads:
        rotation += 1
        url = world.url("thread-reply", pk=thread.pk)
        _post(client, users["kwartiermaker"], url, {"text": comment(rotation) + f" @{users['werkgroep'].username}"})
    own = Comment.objects.filter(thread__dossier=dossier, author=users["werkgroep"]).order_by("-pk").first()
    _post(client, users["werkgroep"], world.url("comment-edit", pk=own.pk), {"text": comment(rotation + 1)})

    (note_index, note_field), *_ = fields_by_form[StatusForm]
    for rotation, thread in enumerate(threads[1::2]):
        note = hostile_text(note_index, rotation, note_field.capacity, True)
        thread.refresh_from_db()
        data = {"status": "niet_overgenomen", "note": note, "expected_version": thread.version}
        if rotation % 2:
            data.update(status="verwerkt", in_version="1")
        _post(client, users["kwartiermaker"], world.url("thread-status", pk=thread.pk), data)
        written[note_field.label] = written.get(note_field.label, 0) + 1

    (request_index, request_field), *_ = fields_by_form[AdviceRequestForm]
    note = hostile_text(request_index, 0, request_field.capacity, True)
    _post(client, users["kwartiermaker"], world.url("advice-request"), {"note": note})
    written[request_field.label] = 1
    (advice_index, advice_field), *_ = fields_by_form[AdviceForm]
    text = hostile_text(advice_index, 0, advice_field.capacity, True)
    number = world.dossier.advice_rounds.order_by("-number").first().number
    data = {"verdict": "kanttekeningen", "text": text, "threads": [t.pk for t in threads[:2]]}
    _post(client, users["werkgroep"], world.url("advice-give", number=number), data)
    written[advice_field.label] = 1


def _freeze(world, fields_by_form, written):
    from documents.models import DossierVersion
    from documents.views.versions import FreezeForm

    (index, field), *_ = fields_by_form[FreezeForm]
    note = hostile_text(index, 0, field.capacity, True)
    _post(Client(), world.users["kwartiermaker"], world.url("versions"), {"status": "concept", "note": note})
    written[field.label] = 1
    return DossierVersion.objects.filter(dossier=world.dossier).order_by("-number").first()


@pytest.fixture(scope="module")
def injected(django_db_setup, django_db_blocker):
    """Twenterand with a benign version 1, then hostile text in every text field, frozen as version 2 (whose
    changes against version 1 are hostile too)."""
    with project_forms.rolled_back(django_db_blocker):
        world = project_forms.build_world(load_twenterand())
        v1 = documents_services.version_publish(membership=world.memberships["kwartiermaker"], status="concept")
        fields = find_text_fields(world)
        fields_by_form = {}
        for index, field in enumerate(fields):
            fields_by_form.setdefault(field.form, []).append((index, field))
        written = {}
        _write_admin(world, list(enumerate(fields)), written)
        _write_kinds(world, fields_by_form, written)
        _write_werkgroep(world, fields_by_form, written)
        v2 = _freeze(world, fields_by_form, written)
        yield Injected(world, fields, v1, v2, written)


# ---------------------------------------------------------------------------------------------- walking


@contextmanager
def no_network():
    """Any attempt of the server side to open a connection or resolve a name fails the test (the database's own
    connection is open already and does not go through Python's socket module)."""

    def refuse(*args, **kwargs):
        raise AssertionError(f"the app tried to reach the network: {args[:2]!r}")

    with ExitStack() as stack:
        for target in ("socket.socket.connect", "socket.socket.connect_ex", "socket.create_connection"):
            stack.enter_context(mock.patch(target, refuse))
        stack.enter_context(mock.patch("socket.getaddrinfo", refuse))
        stack.enter_context(mock.patch("urllib.request.urlopen", refuse))
        stack.enter_context(mock.patch.object(urllib.request.OpenerDirector, "open", refuse))
        yield


def _scenario_results(world):
    from scenarios.models import Scenario

    return [
        world.url("scenario-result", pk=pk)
        for pk in Scenario.objects.filter(dossier=world.dossier).values_list("pk", flat=True)
    ]


# Pages no link leads to (the walk starts there too), or None for what is no page.
def _version_documents(world):
    from documents.models import DossierVersion

    numbers = DossierVersion.objects.filter(dossier=world.dossier).values_list("number", flat=True)
    return [world.url("version-documents", number=n) for n in numbers]


UNLINKED = {
    "scenario-result": _scenario_results,  # the editor's result, refreshed out of band after a save
    "version-documents": _version_documents,  # the documents' progress, polled by htmx while they are being made
    "members": None,  # JSON for the @mention completion, fetched by app.js
}
# Pages of one template: a few of each are enough (each kind of element, section and document still gets its own).
PER_KIND = 2
SKIPPED_PAGES = {
    "document-pdf": "a download; the documents are rendered with the fetcher below",
    "notification-open": "marks the notification read and redirects to the thread, which is walked itself",
}


@dataclass
class Walk:
    pages: dict  # url -> decoded HTML
    exports: dict  # url -> response
    names: set  # url names visited


def _key(match, query: dict, htmx: bool):
    kwargs = {k: v for k, v in match.kwargs.items() if not (isinstance(v, int) or k == "slug")}
    return (
        match.url_name,
        htmx,
        tuple(sorted(kwargs.items())),
        tuple(sorted(k for k in query if k != "formaat")),
        query.get("formaat", ""),
    )


def _links(page: str):
    for tag, attrs in project_forms.parse(page).elements:
        if tag == "a" and attrs.get("href"):
            yield attrs["href"], False
        for name in ("hx-get", "data-hx-get"):
            if attrs.get(name):
                yield attrs[name], True


def walk(client, dossier, unlinked=()) -> Walk:
    """Every page of the dossier reachable by links (and htmx GETs) from the dossier list and the inbox, and the
    `unlinked` pages no link leads to."""
    starts = ["/", reverse("notifications"), reverse("notification-settings"), *unlinked]
    todo = [(address, False) for address in starts]
    seen_urls, per_key = set(), {}
    result = Walk({}, {}, set())
    while todo:
        address, htmx = todo.pop(0)
        parts = urlsplit(address)
        if parts.scheme or parts.netloc or not parts.path.startswith("/"):
            continue
        url = parts.path + (f"?{parts.query}" if parts.query else "")
        if (url, htmx) in seen_urls:
            continue
        seen_urls.add((url, htmx))
        try:
            match = resolve(parts.path)
        except Resolver404:
            continue
        if match.namespace not in ("", "dossier") or match.url_name in SKIPPED_PAGES or match.url_name is None:
            continue
        if match.namespace == "" and match.url_name not in ("notifications", "notification-settings"):
            continue
        if match.kwargs.get("slug", dossier.slug) != dossier.slug:
            continue
        query = dict(parse_qsl(parts.query))
        key = _key(match, query, htmx)
        if per_key.get(key, 0) >= PER_KIND:
            continue
        per_key[key] = per_key.get(key, 0) + 1
        response = client.get(url, **(HTMX if htmx else {}))
        assert response.status_code in (200, 302), (url, htmx, response.status_code)
        if response.status_code == 302:
            todo.append((response["Location"], False))
            continue
        result.names.add(match.url_name)
        content_type = response.get("Content-Type", "")
        if "formaat" in query and not content_type.startswith("text/html"):
            result.exports[url] = response
        elif content_type.startswith("text/html"):
            page = response.content.decode()
            result.pages[url + (" [htmx]" if htmx else "")] = page
            todo.extend((urljoin(url, link), link_htmx) for link, link_htmx in _links(page))
    return result


@pytest.fixture(scope="module")
def walks(injected, django_db_blocker):
    """The dossier walked as each role (once per module: the walk only reads)."""
    result = {}
    with django_db_blocker.unblock(), no_network():
        world = injected.world
        unlinked = [address for build in UNLINKED.values() if build for address in build(world)]
        for role in ("kwartiermaker", "werkgroep", "college"):
            client = Client()
            client.force_login(world.users[role])
            result[role] = walk(client, world.dossier, unlinked)
    return result


# ---------------------------------------------------------------------------------------------- the tests

KNOWN_FIELDS = {
    "dossier.Dossier.title",
    "dossier.Dossier.gemeente",
    "dossier.Dossier.aanleiding",
    "dossier.Risk.description",
    "dossier.Risk.mitigation",
    "documents.Proposal.onderwerp",
    "documents.Proposal.beoogd_effect",
    "documents.Beslispunt.text",
    "documents.ProposalHeading.heading",
    "documents.ReactionPoint.text",
    "documents.ReactionPoint.response",
    "dossier.Source.title",
    "dossier.Source.reference",
    "dossier.Citation.locator",
    "dossier.Citation.note",
    "dossier.PopulationBaseline.assumption_reason",
    "scenarios.Scenario.name",
    "scenarios.Scenario.route_reasoning",
    "scenarios.Provider.name",
    "scenarios.StaffLine.role",
    "auth.User.first_name",
    "auth.User.last_name",
    "werkgroep.forms.CommentForm.text",
    "werkgroep.forms.StatusForm.note",
    "werkgroep.forms.AdviceRequestForm.note",
    "werkgroep.forms.AdviceForm.text",
    "documents.views.versions.FreezeForm.note",
}
ROLES = ("kwartiermaker", "werkgroep", "college")


def test_every_text_field_is_found_and_filled(injected):
    labels = {f.label for f in injected.fields}
    assert KNOWN_FIELDS <= labels
    assert len(labels) >= 90
    # Choices, slugs and user names have their own alphabet: no text goes in there.
    assert not labels & {"dossier.Citation.field", "dossier.Kader.key", "auth.User.username", "dossier.Risk.status"}
    assert {f.label for f in injected.fields if not injected.written.get(f.label)} == set()


# Payloads that are only text wherever they land unescaped (the template ones are never evaluated: Django does not
# render data as a template, and the walk finds them on the pages as typed).
TEXT_ONLY = {"{{ 7*7 }}", "{% debug %}", "[javascript:alert(1)](javascript:alert(1))", "[klik](javascript:alert(1))"}


@pytest.mark.parametrize("payload", BODY)
def test_the_check_sees_each_payload_that_escapes_and_not_one_that_is_escaped(payload):
    """The page check can fail: each payload, put into a page unescaped (as text, in a double- or single-quoted
    attribute, or as a link), is found; escaped as text or attribute, it is not."""
    from django.utils.html import escape

    contexts = ["<p>{}</p>", '<input value="{}">', "<input value='{}'>", '<a href="{}">x</a>']
    raw = [project_forms.harmful(context.format(payload)) for context in contexts]
    assert any(raw) != (payload in TEXT_ONLY), raw
    # (In a link, escaping does not help against `javascript:`: the app checks the scheme, see sources.html.)
    assert [project_forms.harmful(context.format(escape(payload))) for context in contexts[:3]] == [[], [], []]


@pytest.mark.parametrize("role", ROLES)
def test_no_page_turns_user_text_into_markup(walks, role):
    pages = walks[role].pages
    assert len(pages) >= 100
    problems = {url: project_forms.harmful(page) for url, page in pages.items()}
    assert {url: found for url, found in problems.items() if found} == {}


CREATE_TARGETS = [t for t in project_forms.targets() if t.key.endswith("-create")]


@pytest.mark.parametrize("target", CREATE_TARGETS, ids=[t.key for t in CREATE_TARGETS])
def test_a_new_element_form_filled_from_the_address_shows_it_only_as_text(injected, client, target):
    """A "new" form takes its first values from the address (`?title=…`): a link someone is sent cannot inject."""
    world = injected.world
    form = target.build(world, None)
    query = {k: v for k, v in target.base_data(world).items() if not isinstance(v, list)}
    texts = [name for name, f in form.fields.items() if project_forms.is_free_text(f)]
    for name in texts:
        query[name] = "\n".join(BODY)
    client.force_login(world.users["kwartiermaker"])
    for headers in ({}, HTMX):
        response = client.get(target.url(world), query, **headers)
        assert response.status_code == 200
        assert project_forms.harmful(response.content.decode()) == []
    assert not texts or BODY[0] in response.content.decode().replace("&lt;", "<").replace("&gt;", ">")


def test_every_payload_and_every_field_is_shown_as_text(injected, walks):
    shown = "\n".join(project_forms.visible_text(p) for w in walks.values() for p in w.pages.values())
    assert [payload for payload in BODY if payload not in shown] == []
    tokens = {f.label: TOKEN.format(i) for i, f in enumerate(injected.fields)}
    assert [label for label, token in tokens.items() if token not in shown] == []


POST_ONLY = {
    "thread-reply",
    "thread-status",
    "comment-edit",
    "comment-withdraw",
    "advice-request",
    "advice-give",
    "undo",
    "redo",
    "scenario-action",
    "scenario-template",
    "finance-projection-upload",
    "notifications-read",
    "document-retry",
}


def test_the_walk_reaches_every_page(walks):
    from config.urls import per_dossier
    from werkgroep.urls import urlpatterns

    every = {p.name for p in [*per_dossier, *urlpatterns] if getattr(p, "name", None)}
    every |= {"list"}
    expected = every - POST_ONLY - set(SKIPPED_PAGES) - {name for name, build in UNLINKED.items() if not build}
    walked = set().union(*(w.names for w in walks.values()))
    assert expected - walked == set()


def test_the_member_list_is_json_with_the_names_as_typed(injected, client):
    """The one page the walk does not follow (the @mention completion's member list): JSON, never HTML."""
    world = injected.world
    client.force_login(world.users["werkgroep"])
    response = client.get(world.url("members"))
    assert response["Content-Type"] == "application/json"
    names = {m["name"] for m in response.json()["members"]}
    assert any(TOKEN.format(i) in name for name in names for i, f in enumerate(injected.fields) if f.admin)


def _cells(url, response):
    if url.endswith("formaat=csv") or "formaat=csv&" in url:
        rows = csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";")
        return [(cell, "s") for row in rows for cell in row]
    workbook = openpyxl.load_workbook(io.BytesIO(response.content))
    return [(c.value, c.data_type) for sheet in workbook.worksheets for row in sheet.iter_rows() for c in row]


def test_every_export_neutralises_formulas(injected, walks):
    exports = {url: r for url, r in walks["kwartiermaker"].exports.items() if "formaat=json" not in url}
    found = {(resolve(urlsplit(url).path).url_name, dict(parse_qsl(urlsplit(url).query))["formaat"]) for url in exports}
    assert {
        ("threads", "csv"),
        ("threads", "xlsx"),
        ("scenario-comparison", "xlsx"),
        ("scenario-detail", "xlsx"),
        ("finance-berenschot", "xlsx"),
        ("finance-projection", "xlsx"),
    } <= found
    texts = []
    for url, response in exports.items():
        for value, data_type in _cells(url, response):
            assert data_type != "f", (url, value)
            if isinstance(value, str):
                assert not value.startswith(FORMULA_STARTS), (url, value)
                texts.append(value)
    exported = "\n".join(texts)
    formulas = [lead for lead in LEADS if lead.startswith(FORMULA_STARTS)]
    assert [lead for lead in formulas if f"'{lead}" not in exported] == []
    tokens = {f.label: TOKEN.format(i) for i, f in enumerate(injected.fields)}
    for label in (
        "werkgroep.forms.CommentForm.text",
        "werkgroep.forms.StatusForm.note",
        "scenarios.Scenario.name",
        "auth.User.last_name",
    ):
        assert tokens[label] in exported, label


def _squashed(text: str) -> str:
    # Without white space and hyphens: pdftotext joins a line that ends in a hyphen to the next one and drops the
    # hyphen ("hx-" + "on:click" becomes "hxon:click"), wherever the line happens to break.
    return re.sub(r"[\s-]+", "", text)


@needs_tools
@pytest.mark.parametrize("document", list(DOCUMENTS))
def test_a_document_fetches_nothing_and_shows_the_payloads_as_text(injected, document, tmp_path):
    version = injected.v2
    with no_network():
        preview = render.html(version, document)
        for_pdf = render.html(version, document, for_pdf=True)
        assert project_forms.harmful(preview) == []
        assert project_forms.harmful(for_pdf, local=(render.BASE_URL,)) == []
        fetcher = render.restricted_fetcher()
        pdf = render.pdf_bytes(for_pdf, fetcher=fetcher)
    assert fetcher.refused == []  # the payloads never reached WeasyPrint as resources
    path = tmp_path / f"{document}.pdf"
    path.write_bytes(pdf)
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout
    shown = [payload for payload in BODY if payload in project_forms.visible_text(preview)]
    assert shown, "the document shows no user text"
    assert [payload for payload in shown if _squashed(payload) not in _squashed(text)] == []
