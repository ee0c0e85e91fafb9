"""XSS and SSRF payloads in every text field a user can fill, then every page, export and document that shows them.

The text fields are found, not listed: every free-text field of every form of the project (project_forms walks the
modules; the kinds of dossier content, the werkgroep's comments, status notes and advice, a version's note) and of
the beheer's admin forms (a user's name is shown as the author of comments). Each gets a text that starts with a
spreadsheet formula or a script/file URL, carries a token naming the field, and goes on with as many HTML, htmx,
template and resource payloads as the field holds; it is written through the form and the service (or the view) as
the app does (payload_world). Then the whole dossier is walked by following its links as each role (payload_walk):
no page may hold markup that came from user text (parsed, not searched for), every payload must be there as text,
every field must be shown somewhere, no spreadsheet cell is a formula, and the documents of a frozen version fetch
nothing while the PDF shows the payloads as text. The world is written and walked once for the whole module."""

import csv
import io
import re
import subprocess
from urllib.parse import parse_qsl, urlsplit

import openpyxl
import pytest
from django.test import Client
from django.urls import resolve

from documents import render
from documents import services as documents_services
from documents.tests.test_documents import needs_tools
from documents.viewmodel import DOCUMENTS
from dossier.tests.twenterand import load_twenterand
from finance.exports import FORMULA_STARTS
from werkgroep.tests.helpers import HTMX

from . import project_forms
from .payload_walk import SKIPPED_PAGES, UNLINKED, no_network, walk
from .payload_world import (
    BODY,
    LEADS,
    TOKEN,
    Injected,
    _decide,
    _freeze,
    _write_admin,
    _write_kinds,
    _write_route,
    _write_werkgroep,
    find_text_fields,
)

pytestmark = pytest.mark.django_db


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
        _write_route(world, fields_by_form, written)
        v2 = _freeze(world, fields_by_form, written)
        _decide(world, fields_by_form, written)
        yield Injected(world, fields, v1, v2, written)


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
    "route-set-up",
    "route-roles",
    "route-offer",
    "route-step-complete",
    "route-step-skip",
    "advice-confirm",
    "advice-revise",
    "decision-record",
    "decision-correct",
    "decision-publish",
    "milestone-status",
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
