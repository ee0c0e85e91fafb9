"""A definitive version's documents, made by the worker off the request (`documents.tasks`), here through the
immediate task backend of the test settings (tests/test_worker.py runs a real `db_worker`): the freeze enqueues one
task per document on commit, the version page shows their progress and polls it, a failed document is offered for
a retry to the kwartiermaker only, downloads wait for the stored PDF, and a second freeze of the same content is
refused."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from documents import render, services, tasks, versioning
from documents.models import DossierVersion, VersionDocument
from documents.viewmodel import DOCUMENTS
from dossier.models import Risk, Role
from dossier.tests.factories import MembershipFactory

pytestmark = pytest.mark.django_db
STUB = b"%PDF-1.7 stand-in for a rendered document"


@pytest.fixture
def quick_pdfs(monkeypatch):
    """A stand-in for WeasyPrint (seconds per document): the flow is tested here, the PDFs in test_documents.py."""
    monkeypatch.setattr(render, "pdf_bytes", lambda html_text, **kwargs: STUB)


@pytest.fixture
def people(twenterand, kwartiermaker):
    users = {"kwartiermaker": kwartiermaker.user}
    for role in ("werkgroep", "college"):
        users[role] = MembershipFactory(dossier=twenterand, role=Role(role)).user
    users["outsider"] = MembershipFactory(role=Role.KWARTIERMAKER).user
    return users


def nl(msgid: str, plural: str | None = None, count: int = 0, **values) -> str:
    """A message as the Dutch user reads it (whatever the catalogue holds yet), with its values filled in."""
    with translation.override("nl"):
        text = translation.ngettext(msgid, plural, count) if plural else translation.gettext(msgid)
    return text % values if values else text


def ready_count(ready: int, total: int = len(DOCUMENTS)) -> str:
    return nl(
        "%(ready)s of %(counter)s document ready",
        "%(ready)s of %(counter)s documents ready",
        total,
        ready=ready,
        counter=total,
    )


MAKE_AGAIN = "Make again"
PENDING = (
    "The PDF of this document of version %(n)s is still being made. This usually takes a few seconds; the page of "
    "the version shows how far it is."
)
FAILED = (
    "The PDF of this document of version %(n)s could not be made. The kwartiermaker can have it made again on the "
    "page of the version."
)


def freeze(client, status="definitief", note=""):
    return client.post(reverse("dossier:versions", args=["twenterand"]), {"status": status, "note": note})


def progress(client, number=1):
    return client.get(reverse("dossier:version-documents", args=["twenterand", number]))


def test_the_freeze_answers_before_any_pdf_and_enqueues_one_task_per_document_on_commit(
    people, client, django_capture_on_commit_callbacks, quick_pdfs
):
    client.force_login(people["kwartiermaker"])
    with django_capture_on_commit_callbacks() as callbacks:
        response = freeze(client)
    assert response.status_code == 302
    version = DossierVersion.objects.get(dossier__slug="twenterand")
    rows = VersionDocument.objects.filter(version=version)
    assert sorted(rows.values_list("document", flat=True)) == sorted(DOCUMENTS)
    assert set(rows.values_list("state", flat=True)) == {"waiting"}  # nothing is rendered inside the request
    assert len(callbacks) == len(DOCUMENTS)

    page = client.get(reverse("dossier:version", args=["twenterand", 1])).content.decode()
    assert ready_count(0) in page
    assert 'hx-trigger="every 2s"' in page
    download = client.get(reverse("dossier:document-pdf", args=["twenterand", 1, "collegevoorstel"]))
    assert download.status_code == 409
    assert nl(PENDING, n=1) in download.content.decode()

    for callback in callbacks[:3]:  # the worker has made three
        callback()
    fragment = progress(client).content.decode()
    assert ready_count(3) in fragment
    assert 'hx-trigger="every 2s"' in fragment and 'hx-swap-oob="innerHTML"' in fragment
    for callback in callbacks[3:]:
        callback()
    fragment = progress(client).content.decode()
    assert ready_count(len(DOCUMENTS)) in fragment
    assert "hx-trigger" not in fragment  # all ready: the page stops polling
    download = client.get(reverse("dossier:document-pdf", args=["twenterand", 1, "collegevoorstel"]))
    assert download.status_code == 200 and bytes(download.content) == STUB


def test_a_concept_version_enqueues_nothing(people, client, django_capture_on_commit_callbacks):
    client.force_login(people["kwartiermaker"])
    with django_capture_on_commit_callbacks() as callbacks:
        assert freeze(client, "concept").status_code == 302
    assert callbacks == [] and not VersionDocument.objects.exists()
    page = client.get(reverse("dossier:version", args=["twenterand", 1])).content.decode()
    assert ready_count(0) not in page and "version-documents" not in page


def test_the_worker_renders_the_real_pdf_of_a_document(kwartiermaker, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        version = services.version_publish(membership=kwartiermaker, status="definitief")
    row = VersionDocument.objects.get(version=version, document="bronnen")
    tasks.render_document.call(row.pk, 1)
    row.refresh_from_db()
    assert row.state == "ready" and bytes(row.content).startswith(b"%PDF") and row.size == len(bytes(row.content))
    assert row.started_at <= row.finished_at and row.pdf_variant == "pdf/a-2a"
    assert len(callbacks) == len(DOCUMENTS)


def test_a_failed_render_shows_its_error_and_the_kwartiermaker_retries_it(
    people, client, monkeypatch, django_capture_on_commit_callbacks
):
    def broken(html_text, **kwargs):
        raise RuntimeError("lettertype ontbreekt")

    monkeypatch.setattr(render, "pdf_bytes", broken)
    client.force_login(people["kwartiermaker"])
    with django_capture_on_commit_callbacks(execute=True):
        freeze(client)
    row = VersionDocument.objects.get(version__number=1, document="collegevoorstel")
    assert row.state == "failed" and "lettertype ontbreekt" in row.error
    page = client.get(reverse("dossier:version", args=["twenterand", 1])).content.decode()
    assert nl("%(n)s failed", n=len(DOCUMENTS)) in page and nl(MAKE_AGAIN) in page
    assert "hx-trigger" not in page  # nothing left to wait for
    download = client.get(reverse("dossier:document-pdf", args=["twenterand", 1, "collegevoorstel"]))
    assert download.status_code == 409 and nl(FAILED, n=1) in download.content.decode()

    for role in ("werkgroep", "college"):
        client.force_login(people[role])
        page = client.get(reverse("dossier:version", args=["twenterand", 1])).content.decode()
        assert nl(MAKE_AGAIN) not in page and nl("The kwartiermaker can have it made again.") in page
        retry = reverse("dossier:document-retry", args=["twenterand", 1, "collegevoorstel"])
        assert client.post(retry).status_code == 403

    monkeypatch.setattr(render, "pdf_bytes", lambda html_text, **kwargs: STUB)
    client.force_login(people["kwartiermaker"])
    retry = reverse("dossier:document-retry", args=["twenterand", 1, "collegevoorstel"])
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = client.post(retry, headers={"HX-Request": "true"})
    assert len(callbacks) == 1  # only this document
    made_again = nl("%(document)s is being made again.", document=nl("Collegevoorstel"))
    assert response.status_code == 200 and made_again in response.content.decode()
    row.refresh_from_db()
    assert row.state == "ready" and row.attempt == 2 and row.error == ""
    assert bytes(client.get(reverse("dossier:document-pdf", args=["twenterand", 1, "collegevoorstel"])).content) == STUB
    # A ready document needs no retry: told so, nothing enqueued.
    with django_capture_on_commit_callbacks() as callbacks:
        response = client.post(retry)
    assert response.status_code == 302 and callbacks == []


def test_a_stuck_render_is_offered_again_and_the_late_first_attempt_writes_nothing(
    people, client, django_capture_on_commit_callbacks, quick_pdfs
):
    client.force_login(people["kwartiermaker"])
    with django_capture_on_commit_callbacks():
        freeze(client)
    row = VersionDocument.objects.get(version__number=1, document="beslisdocument")
    # Its worker was killed while rendering, long ago.
    VersionDocument.objects.filter(pk=row.pk).update(state="rendering", started_at=timezone.now() - timedelta(hours=1))
    VersionDocument.objects.exclude(pk=row.pk).update(state="ready", content=STUB, size=len(STUB))
    page = client.get(reverse("dossier:version", args=["twenterand", 1])).content.decode()
    assert nl("Stuck") in page and nl(MAKE_AGAIN) in page and "hx-trigger" not in page
    retry = reverse("dossier:document-retry", args=["twenterand", 1, "beslisdocument"])
    with django_capture_on_commit_callbacks() as callbacks:
        assert client.post(retry).status_code == 302
    assert len(callbacks) == 1
    assert tasks.render_document.call(row.pk, 1) == "skipped"  # the first attempt, had it come back
    row.refresh_from_db()
    assert row.state == "waiting" and row.attempt == 2
    callbacks[0]()
    row.refresh_from_db()
    assert row.state == "ready"


def test_freezing_the_same_content_twice_is_refused(people, client, django_capture_on_commit_callbacks):
    client.force_login(people["kwartiermaker"])
    with django_capture_on_commit_callbacks():
        assert freeze(client).status_code == 302
        again = freeze(client, note="Nog een keer")  # a double-click, or the form sent again
    assert again.status_code == 400
    with translation.override("nl"):
        refusal = versioning.DuplicateVersion(DossierVersion.objects.get(number=1)).messages[0]
    assert refusal.startswith(
        nl(
            "Version %(n)s (%(status)s) already holds exactly this content (hash %(hash)s): "
            "nothing has changed since. Change the dossier first, or freeze it with another status.",
            n=1,
            status="definitief",
            hash="",
        )[:20]
    )
    assert refusal in again.content.decode()
    assert DossierVersion.objects.filter(dossier__slug="twenterand").count() == 1
    assert VersionDocument.objects.count() == len(DOCUMENTS)
    # Another status of the same content is a version of its own.
    with django_capture_on_commit_callbacks():
        assert freeze(client, "concept").status_code == 302


def test_who_may_see_the_progress_and_retry(people, client, django_capture_on_commit_callbacks):
    client.force_login(people["kwartiermaker"])
    with django_capture_on_commit_callbacks():
        freeze(client)
    retry = reverse("dossier:document-retry", args=["twenterand", 1, "bronnen"])
    for role in ("kwartiermaker", "werkgroep", "college"):
        client.force_login(people[role])
        assert progress(client).status_code == 200
        assert client.get(retry).status_code == 405
    client.force_login(people["outsider"])
    assert progress(client).status_code == 404 and client.post(retry).status_code == 404
    client.force_login(people["kwartiermaker"])
    assert client.post(reverse("dossier:document-retry", args=["twenterand", 1, "nope"])).status_code == 404
    assert client.post(reverse("dossier:document-retry", args=["twenterand", 9, "bronnen"])).status_code == 404
    assert progress(client, 9).status_code == 404


def test_the_progress_fragment_reads_a_bounded_number_of_queries(
    people, kwartiermaker, client, django_capture_on_commit_callbacks, django_assert_max_num_queries
):
    client.force_login(people["college"])
    with django_capture_on_commit_callbacks():
        services.version_publish(membership=kwartiermaker, status="definitief")
    progress(client)  # warm: session, translations
    with django_assert_max_num_queries(6):
        assert progress(client).status_code == 200


def test_the_documents_that_took_longest_last_time_are_enqueued_first(
    people, client, django_capture_on_commit_callbacks, quick_pdfs
):
    """Two workers end together when the long documents start first; one never made yet counts as long."""
    client.force_login(people["kwartiermaker"])
    with django_capture_on_commit_callbacks(execute=True):
        assert freeze(client).status_code == 302
    took = {"collegevoorstel": 0.6, "beslisdocument": 1.5, "lokaal-plan": 1.3, "reactie": 0.2, "bronnen": 0.15}
    for row in VersionDocument.objects.filter(version__number=1):
        if row.document in took:
            row.started_at = row.finished_at - timedelta(seconds=took[row.document])
            row.save(update_fields=["started_at"])
        else:  # failed, so never measured
            VersionDocument.objects.filter(pk=row.pk).update(state=VersionDocument.State.FAILED)
    unmeasured = [d for d in DOCUMENTS if d not in took]
    expected = [*unmeasured, "beslisdocument", "lokaal-plan", "collegevoorstel", "reactie", "bronnen"]
    assert tasks.longest_first(DOCUMENTS) == expected

    Risk.objects.filter(dossier__slug="twenterand").update(owner="Kwartiermaker (bijgewerkt)")
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        assert freeze(client).status_code == 302
    second = VersionDocument.objects.filter(version__number=2)
    assert list(second.order_by("pk").values_list("document", flat=True)) == expected  # the order enqueued
    assert len(callbacks) == len(DOCUMENTS) and set(second.values_list("state", flat=True)) == {"ready"}
