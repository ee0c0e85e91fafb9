"""Walking a dossier for the payload suite (tests/test_payloads.py): every page reachable by links and htmx GETs from
the dossier list and the inbox (a few of each template), plus the pages no link leads to, read as one role with the
network refused, so that no page, export or document can fetch anything unnoticed."""

import urllib.request
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from unittest import mock
from urllib.parse import parse_qsl, urljoin, urlsplit

from django.urls import Resolver404, resolve, reverse

from werkgroep.tests.helpers import HTMX

from . import page_inspection


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
    "version-archive": "a ZIP download; its user text is tested where it goes: the MDTO XML and the xlsx "
    "(documents/tests/test_archive.py, test_archive_sheets.py)",
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
    for tag, attrs in page_inspection.parse(page).elements:
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
