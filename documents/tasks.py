"""Background work through Django's tasks framework: the PDFs of a definitive version, rendered by the worker
(`manage.py db_worker`, django-tasks-db) instead of inside the request that froze it.

One task per document. The worker runs one task at a time per process, so the set is made on both cores by two
worker processes; a document that fails, or whose worker is killed, costs only that document, and a retry renders
only it. Each document's row (`VersionDocument`) records where it is — waiting, being made, ready, failed with the
error — written by the task itself, so the version page can show progress and never claims a PDF that is not stored.
"""

import hashlib
import logging
import statistics

from django.db import transaction
from django.db.models import F
from django.tasks import task
from django.utils import timezone

from . import render
from .models import DossierVersion, VersionDocument

logger = logging.getLogger(__name__)

# How much of an error is kept on the document's row (the whole traceback is in the worker's log and task result).
ERROR_LENGTH = 2_000
MEASURED = 5  # the renders of a document that say how long it takes (the last ones)


def schedule(version: DossierVersion, documents) -> list[VersionDocument]:
    """One waiting row per document of `version`, each rendered by a task enqueued when the transaction commits
    (a rolled back freeze enqueues nothing; a worker never looks for a version that is not committed yet). The
    longest first (`longest_first`), so the workers end together and the set is ready soonest."""
    documents = longest_first(documents)
    now = timezone.now()
    rows = VersionDocument.objects.bulk_create(
        [
            VersionDocument(
                version=version, document=doc, state=VersionDocument.State.WAITING, attempt=1, enqueued_at=now
            )
            for doc in documents
        ]
    )
    if not all(row.pk for row in rows):  # a backend that does not return the keys of a bulk insert
        rows = list(VersionDocument.objects.filter(version=version, document__in=list(documents)))
    for row in rows:
        _enqueue_on_commit(row.pk, 1)
    return rows


def longest_first(documents) -> list[str]:
    """`documents` ordered by how long each took to render the last times it was made (the median of its last
    MEASURED renders on this installation), the longest first; one never made yet goes first, in the given order
    (it may be the longest, and nothing says otherwise). With two workers and seven documents of 0.03–1.5 s, the
    catalogue's order left one worker with the two longest at the end."""
    documents = list(documents)
    rows = (
        VersionDocument.objects.filter(
            document__in=documents, state=VersionDocument.State.READY, started_at__isnull=False
        )
        .order_by("-finished_at")
        .values_list("document", "started_at", "finished_at")[: MEASURED * len(documents) * 4]
    )
    took: dict[str, list[float]] = {}
    for document, started, finished in rows:
        if len(took.setdefault(document, [])) < MEASURED:
            took[document].append((finished - started).total_seconds())
    unknown = float("inf")
    return sorted(documents, key=lambda d: -(statistics.median(took[d]) if d in took else unknown))


def retry(row: VersionDocument) -> bool:
    """Render a failed (or stuck) document again, as a new attempt; False when it is not (or no longer) retryable.
    The update is conditional on the attempt read, so two retries at once make one new attempt."""
    if not row.can_retry():
        return False
    updated = VersionDocument.objects.filter(pk=row.pk, attempt=row.attempt, state=row.state).update(
        state=VersionDocument.State.WAITING,
        attempt=F("attempt") + 1,
        error="",
        enqueued_at=timezone.now(),
        started_at=None,
        finished_at=None,
    )
    if updated:
        _enqueue_on_commit(row.pk, row.attempt + 1)
    return bool(updated)


def _enqueue_on_commit(document_id: int, attempt: int) -> None:
    transaction.on_commit(lambda: render_document.enqueue(document_id, attempt), robust=True)


@task()
def render_document(document_id: int, attempt: int) -> str:
    """Render one document of a version to PDF/A and store it on its row; only the row's current attempt writes."""
    mine = VersionDocument.objects.filter(pk=document_id, attempt=attempt)
    if not mine.filter(state=VersionDocument.State.WAITING).update(
        state=VersionDocument.State.RENDERING, started_at=timezone.now()
    ):
        return "skipped"  # ready already, or superseded by a retry
    row = VersionDocument.objects.select_related("version__dossier").defer("content").get(pk=document_id)
    try:
        content = render.pdf_bytes(render.html(row.version, row.document, for_pdf=True))
    except Exception as exc:
        logger.exception("Rendering %s of %s failed", row.document, row.version)
        mine.filter(state=VersionDocument.State.RENDERING).update(
            state=VersionDocument.State.FAILED,
            error=f"{type(exc).__name__}: {exc}"[:ERROR_LENGTH],
            finished_at=timezone.now(),
        )
        raise  # the task result records the failure and its traceback too
    now = timezone.now()
    mine.filter(state=VersionDocument.State.RENDERING).update(
        state=VersionDocument.State.READY,
        content=content,
        sha256=hashlib.sha256(content).hexdigest(),
        size=len(content),
        pdf_variant=render.PDF_VARIANT,
        created_at=now,
        finished_at=now,
    )
    return "ready"
