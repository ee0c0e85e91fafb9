"""Rendering a version's documents: HTML (the preview, and the input of the PDF) and archival PDF with WeasyPrint.

The PDF is PDF/A-2a: PDF/A-2 because it allows the transparency and compressed object streams WeasyPrint writes
(PDF/A-1 does not) and is the variant the Dutch archival guidance accepts for new documents; level "a" because it
requires the tagged structure (headings, tables, reading order, language) that makes the document accessible, which
a collegevoorstel published to the raad must be. Fonts are the project's own (DejaVu, licence in static/fonts).

Nothing is fetched from outside: the only resources are `data:` URIs and the project's static files, read from
disk through `RestrictedFetcher`; `file://`, `http(s)://` and anything else is refused, and redirects are off.
"""

import atexit
import functools
import hashlib
import mimetypes
import multiprocessing
import ssl
import threading
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from django.conf import settings
from django.contrib.staticfiles import finders
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation

from . import viewmodel
from .models import DossierVersion, VersionDocument

PDF_VARIANT = "pdf/a-2a"
# The project's static files are addressed under a host that cannot exist (.invalid, RFC 2606), so relative URLs in
# the stylesheet resolve normally; the fetcher serves them from disk and never opens a connection.
BASE_URL = "https://beslisdossier.invalid/static/"
STYLESHEET = "css/documents.css"


def html(version: DossierVersion, document: str, *, for_pdf: bool = False) -> str:
    """The document as a complete HTML page, from the version's snapshot."""
    page = viewmodel.build(version, document)  # a decided copy is made with its base document's template
    context = page.context() | {"for_pdf": for_pdf}
    with translation.override(settings.LANGUAGE_CODE):
        return render_to_string(f"documents/{page.document}.html", context)


def _fetcher_class():
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class RestrictedFetcher(URLFetcher):
        """Only `data:` URIs and the project's static files; every refused URL is recorded in `refused`."""

        def __init__(self):
            # An empty TLS context: WeasyPrint's default loads the system's certificates (≈ 30 ms a document) for
            # an HTTPS handler that this fetcher never reaches.
            super().__init__(allowed_protocols={"data"}, allow_redirects=False, timeout=1, ssl_context=_no_tls())
            # Only `data:` ever reaches the parent's fetch; everything else is decided below.
            self.refused: list[str] = []

        def fetch(self, url, headers=None):
            if url.startswith(BASE_URL):
                path = _static_file(url[len(BASE_URL) :])
                if path is None:
                    self.refused.append(url)
                    raise ValueError(f"Not a static file of the project: {url}")
                mime = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
                return URLFetcherResponse(url, body=path.read_bytes(), headers={"Content-Type": mime})
            if url[:5].lower() == "data:":
                return super().fetch(url, headers)
            self.refused.append(url)
            raise ValueError(f"Refused to fetch {url[:80]}")

    return RestrictedFetcher


def restricted_fetcher():
    return _fetcher_class()()


@functools.cache
def _no_tls() -> ssl.SSLContext:
    return ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)


_local = threading.local()
# Dropped before the interpreter tears its modules down (WeasyPrint's font configuration cleans up in `__del__`).
atexit.register(lambda: _local.__dict__.pop("styles", None))


def _document_styles():
    """The documents' stylesheet, parsed once, and its fonts (the @font-face rules) loaded once, per thread.

    Parsing the stylesheet and loading three TrueType fonts into fontconfig cost ≈ 60 ms for every document; a
    worker renders many. Kept per thread because WeasyPrint's font configuration wraps fontconfig and Pango objects
    that are not meant to be shared between threads. Correct without invalidation: the stylesheet and the fonts are
    static files that change only with a deployment, which starts new processes."""
    styles = getattr(_local, "styles", None)
    if styles is None:
        from weasyprint import CSS
        from weasyprint.text.fonts import FontConfiguration

        font_config = FontConfiguration()
        css = CSS(url=BASE_URL + STYLESHEET, url_fetcher=restricted_fetcher(), font_config=font_config)
        styles = _local.styles = (css, font_config)
    return styles


def _static_file(relative: str) -> Path | None:
    relative = relative.split("?")[0].split("#")[0].lstrip("/")
    if not relative or ".." in Path(relative).parts:
        return None
    found = finders.find(relative)
    return Path(found) if found else None


def pdf_bytes(html_text: str, *, fetcher=None) -> bytes:
    """The archival PDF of a document's HTML, laid out with the documents' stylesheet (the HTML for the PDF does not
    link it: it is applied here, parsed once per thread)."""
    from weasyprint import HTML

    fetcher = fetcher or restricted_fetcher()
    css, font_config = _document_styles()
    return HTML(string=html_text, base_url=BASE_URL, url_fetcher=fetcher).write_pdf(
        stylesheets=[css], font_config=font_config, pdf_variant=PDF_VARIANT, pdf_tags=True
    )


@functools.cache
def _warm() -> None:
    """Import WeasyPrint and lay out a line in the documents' fonts once in this process (≈ 1 s the first time)."""
    pdf_bytes(
        '<html lang="nl"><head><title>-</title></head>'
        '<body class="document"><p>Beslisdossier <strong>vet</strong> <em>schuin</em></p></body></html>'
    )


def _pdf_of(html_text: str) -> bytes:  # a module-level function, so a worker process can run it
    return pdf_bytes(html_text)


def pdfs_in_parallel(pages: dict[str, str], *, workers: int = 2) -> dict[str, bytes]:
    """PDFs of several HTML documents at once. WeasyPrint's layout is single-threaded Python, so the documents are
    laid out in forked worker processes (one per core); the HTML is rendered before, in this process, so the workers
    touch neither the database nor Django's request state. Falls back to one after the other without fork, and in a
    multi-threaded process (a threaded development server), where forking could deadlock the worker."""
    single_threaded = threading.active_count() == 1
    if len(pages) < 2 or workers < 2 or not single_threaded or "fork" not in multiprocessing.get_all_start_methods():
        return {key: pdf_bytes(page) for key, page in pages.items()}
    _warm()  # the workers inherit the imported WeasyPrint and its loaded fonts instead of each loading them again
    context = multiprocessing.get_context("fork")
    with ProcessPoolExecutor(max_workers=min(workers, len(pages)), mp_context=context) as pool:
        # The longest documents first, so the two workers finish at about the same time.
        order = sorted(pages, key=lambda key: -len(pages[key]))
        results = dict(zip(order, pool.map(_pdf_of, [pages[key] for key in order]), strict=True))
    return {key: results[key] for key in pages}


def store_all(version: DossierVersion, documents) -> list[VersionDocument]:
    """Every document of the version as stored PDF, the missing ones made together in this process (see
    `pdfs_in_parallel`): for the `proposal_pdf` command and the first download of a version that is not definitive.
    A definitive version's documents are made by the worker (`documents.tasks`)."""
    existing = {d.document: d for d in VersionDocument.objects.filter(version=version, document__in=list(documents))}
    missing = [doc for doc in documents if doc not in existing or not existing[doc].is_ready]
    made = pdfs_in_parallel({doc: html(version, doc, for_pdf=True) for doc in missing})
    for doc, content in made.items():
        existing[doc] = _store(version, doc, content)
    return [existing[doc] for doc in documents]


def _store(version: DossierVersion, document: str, content: bytes) -> VersionDocument:
    now = timezone.now()
    stored = {
        "state": VersionDocument.State.READY,
        "content": content,
        "sha256": hashlib.sha256(content).hexdigest(),
        "size": len(content),
        "pdf_variant": PDF_VARIANT,
        "created_at": now,
        "finished_at": now,
    }
    try:
        with transaction.atomic():
            return VersionDocument.objects.create(version=version, document=document, **stored)
    except IntegrityError:
        # The row exists: waiting for the worker (then this PDF is the one, and the worker's attempt writes
        # nothing), or generated at the same moment by another request (then theirs is the one).
        VersionDocument.objects.filter(version=version, document=document).exclude(
            state=VersionDocument.State.READY
        ).update(**stored)
        return VersionDocument.objects.get(version=version, document=document)


def stored_pdf(version: DossierVersion, document: str) -> VersionDocument:
    """The version's PDF of `document`: generated the first time, served from storage afterwards."""
    return store_all(version, [document])[0]
