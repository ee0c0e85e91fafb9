"""Reads of the documents: where the beslisdocument stands, whether the proposal names a scenario, what a version
holds and how far its documents are."""

from dataclasses import dataclass

from django.apps import apps
from django.utils import timezone

from dossier.models import Dossier, Membership, Role

from . import versioning
from .catalogue import DOCUMENTS
from .models import DossierVersion, Proposal, VersionDocument


@dataclass(frozen=True)
class DecisionStatus:
    latest: DossierVersion | None  # the newest frozen version of the beslisdocument, if any
    preparers: list[str]  # the names of the dossier's kwartiermakers, who prepare it


def decision_status(*, dossier: Dossier) -> DecisionStatus:
    """Where the beslisdocument stands and who prepares it, for the overview every role lands on."""
    latest = DossierVersion.objects.filter(dossier=dossier).select_related("frozen_by").order_by("-number").first()
    members = Membership.objects.filter(dossier=dossier, role=Role.KWARTIERMAKER).select_related("user")
    preparers = sorted(m.user.get_full_name() or m.user.username for m in members)
    return DecisionStatus(latest=latest, preparers=preparers)


def proposal_without_scenario(*, dossier: Dossier) -> bool:
    """The collegevoorstel proposes no scenario yet: its beslispunten say "nog te kiezen" (one query)."""
    return Proposal.objects.filter(dossier=dossier, chosen_scenario__isnull=True).exists()


@dataclass(frozen=True)
class VersionProgress:
    """How far the worker is with a version's documents, as the version page shows and polls it."""

    documents: list[dict]  # per document in the order of the documents: key, title, row, can_retry
    ready: int
    failed: int
    total: int
    polling: bool  # something is still to come and not stuck (a stuck one is offered for a retry instead)


def version_progress(*, version: DossierVersion) -> VersionProgress:
    """Each document of the version with its state, in the order of the documents, and the counts the page says."""
    rows = {d.document: d for d in VersionDocument.objects.filter(version=version).defer("content")}
    now = timezone.now()
    documents = [
        {"key": key, "title": title, "row": rows[key], "can_retry": rows[key].can_retry(now)}
        for key, title in DOCUMENTS.items()
        if key in rows
    ]
    return VersionProgress(
        documents=documents,
        ready=sum(1 for d in documents if d["row"].is_ready),
        failed=sum(1 for d in documents if d["row"].state == VersionDocument.State.FAILED),
        total=len(documents),
        polling=any(not d["row"].is_finished and not d["can_retry"] for d in documents),
    )


def content_counts(version: DossierVersion) -> list[tuple[str, int]]:
    """How many elements of each kind the version froze: (the model's plural name, count), by stable name."""
    counts = []
    for label, rows in sorted(versioning.snapshot_of(version).get("content", {}).items()):
        if rows:
            try:
                name = str(apps.get_model(label)._meta.verbose_name_plural)
            except (LookupError, ValueError):  # a model that no longer exists: its stable name
                name = label
            counts.append((name, len(rows)))
    return counts


def published_decisions(dossier: Dossier) -> list:
    """The college's decisions on this dossier that are published (openbaar), newest first. None are recorded in the
    app yet. (The seam for the college's decision.)"""
    return []
