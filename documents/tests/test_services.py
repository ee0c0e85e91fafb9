"""The documents' services: publishing a version schedules a definitive version's documents on commit (a concept's
none), another role publishes nothing; a failed document is made again once, as one new attempt; and the
version page's progress selector counts them."""

import pytest
from django.core.exceptions import PermissionDenied

from documents import services
from documents.catalogue import DOCUMENTS
from documents.models import DossierVersion, VersionDocument
from documents.selectors import version_progress
from dossier.models import Role
from dossier.tests.factories import MembershipFactory

pytestmark = pytest.mark.django_db


def test_publishing_a_definitive_version_schedules_its_documents_on_commit(
    kwartiermaker, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        version = services.version_publish(membership=kwartiermaker, status="definitief", note="Voor het college")
    assert version.number == 1 and version.note == "Voor het college"
    rows = VersionDocument.objects.filter(version=version)
    assert {r.document for r in rows} == set(DOCUMENTS)
    assert {r.state for r in rows} == {VersionDocument.State.WAITING}
    assert len(callbacks) == len(DOCUMENTS)  # one task per document, enqueued only once committed

    progress = version_progress(version=version)
    assert [d["key"] for d in progress.documents] == list(DOCUMENTS)
    assert (progress.ready, progress.failed, progress.total, progress.polling) == (0, 0, len(DOCUMENTS), True)


def test_a_concept_schedules_nothing_and_another_role_publishes_nothing(
    twenterand, kwartiermaker, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        services.version_publish(membership=kwartiermaker, status="concept")
    assert callbacks == [] and not VersionDocument.objects.exists()
    werkgroep = MembershipFactory(dossier=twenterand, role=Role.WERKGROEP)
    with pytest.raises(PermissionDenied):
        services.version_publish(membership=werkgroep, status="definitief")
    assert DossierVersion.objects.filter(dossier=twenterand).count() == 1


def test_a_failed_document_is_made_again_once(kwartiermaker, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False):
        version = services.version_publish(membership=kwartiermaker, status="definitief")
    row = VersionDocument.objects.get(version=version, document="collegevoorstel")
    VersionDocument.objects.filter(pk=row.pk).update(state=VersionDocument.State.FAILED, error="RuntimeError: x")
    row.refresh_from_db()
    assert version_progress(version=version).failed == 1

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        assert services.version_document_retry(row=row) is True
        assert services.version_document_retry(row=row) is False  # the same read attempt: no second new attempt
    row.refresh_from_db()
    assert (row.state, row.attempt, row.error) == (VersionDocument.State.WAITING, 2, "")
    assert len(callbacks) == 1
