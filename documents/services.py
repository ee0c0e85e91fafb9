"""Writes of the documents: publishing (freezing) a version of the dossier and having a version's document made
again. Views and commands call these; the rendering itself runs in the worker (`documents.tasks`)."""

from django.db import transaction

from . import tasks, versioning
from .catalogue import DOCUMENTS
from .models import DossierVersion, VersionDocument


@transaction.atomic
def version_publish(*, membership, status: str, note: str = "") -> DossierVersion:
    """The kwartiermaker freezes the dossier into its next version (`versioning.version_freeze`: the snapshot, its
    hash, the refusal of a duplicate, PermissionDenied for another role). A definitive version's documents are
    scheduled in the same transaction, so the worker is given them only once the version is committed and a rolled
    back publish enqueues nothing."""
    version = versioning.version_freeze(membership=membership, status=status, note=note)
    if version.status == DossierVersion.Status.DEFINITIEF:
        tasks.schedule(version, list(DOCUMENTS))
    return version


@transaction.atomic
def version_document_retry(*, row: VersionDocument) -> bool:
    """Have a failed (or stuck) document of a version made again; False when it needs no new attempt (it is ready,
    or another retry was first). Its task is enqueued when this transaction commits."""
    return tasks.retry(row)
