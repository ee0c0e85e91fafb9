"""Reads of the documents: where the beslisdocument stands, whether the proposal names a scenario, what a version
holds and how far its documents are, and the college's decisions (the one that counts, the corrections, the
published ones for the Woo)."""

from collections.abc import Callable
from dataclasses import dataclass

from django.apps import apps
from django.utils import timezone

from dossier.models import Dossier, Membership, Role

from . import versioning
from .catalogue import DOCUMENTS, decided_copy_of, title_of
from .models import Decision, DossierVersion, Proposal, VersionDocument


@dataclass(frozen=True)
class DecisionStatus:
    latest: DossierVersion | None  # the newest frozen version of the beslisdocument, if any
    preparers: list[str]  # the names of the dossier's kwartiermakers, who prepare it
    decided: Decision | None = None  # the college's decision that counts, once it decided (not aangehouden)


def decision_status(*, dossier: Dossier) -> DecisionStatus:
    """Where the beslisdocument stands and who prepares it, for the overview every role lands on."""
    latest = DossierVersion.objects.filter(dossier=dossier).select_related("frozen_by").order_by("-number").first()
    members = Membership.objects.filter(dossier=dossier, role=Role.KWARTIERMAKER).select_related("user")
    preparers = sorted(m.user.get_full_name() or m.user.username for m in members)
    current = current_decision(dossier=dossier) if dossier.is_closed else None
    return DecisionStatus(latest=latest, preparers=preparers, decided=current if current and current.closes else None)


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
    # The frozen documents in the catalogue's order, then the decided copies, the newest decision's first.
    copies = sorted((key for key in rows if decided_copy_of(key)), key=lambda k: (-decided_copy_of(k)[1], k))
    keys = [key for key in DOCUMENTS if key in rows] + copies
    documents = [
        {"key": key, "title": title_of(key), "row": rows[key], "can_retry": rows[key].can_retry(now)} for key in keys
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


# ---------------------------------------------------------------------------------------------- the college's decision

# What an app above the documents requires before the college's decision on a version is recorded (the werkgroep's
# advice and paraaf route: done, or skipped with reasons, and offered to the college); registered from that app's
# ready(). Each check gets the version and returns why it is not ready, in Dutch, or nothing.
COLLEGE_CHECKS: list[Callable[[DossierVersion], list[str]]] = []


def register_college_check(check: Callable[[DossierVersion], list[str]]) -> None:
    if check not in COLLEGE_CHECKS:
        COLLEGE_CHECKS.append(check)


def not_ready_for_college(version: DossierVersion) -> list[str]:
    """Why the college's decision on `version` cannot be recorded yet; empty when it can (as far as the apps above
    the documents are concerned: the decision's own rules are the service's)."""
    return [reason for check in COLLEGE_CHECKS for reason in check(version)]


def _decisions(dossier: Dossier):
    return Decision.objects.filter(version__dossier=dossier).select_related("version", "recorded_by", "published_by")


def current_decision(*, dossier: Dossier) -> Decision | None:
    """The decision that counts: the latest one recorded that no later decision corrects."""
    return _decisions(dossier).filter(correction__isnull=True).order_by("-recorded_at", "-pk").first()


def decided_version(*, dossier: Dossier) -> DossierVersion | None:
    """The version the college decided on: that of the decision that counts, unless it was held (aangehouden)."""
    current = current_decision(dossier=dossier)
    return current.version if current is not None and current.closes else None


def decisions_of(*, version: DossierVersion) -> list[Decision]:
    """Every decision recorded on the version, the newest first: corrections after what they correct."""
    return list(_decisions(version.dossier).filter(version=version).order_by("-recorded_at", "-pk"))


def published_decisions(dossier: Dossier) -> list[Decision]:
    """The dossier's decisions that are published under the Woo and whose proposal is public, the newest first (for
    the Woo sitemap): only decisions that still count (a corrected one is no longer offered)."""
    return list(
        _decisions(dossier)
        .filter(published_at__isnull=False, openbaar=True, correction__isnull=True)
        .order_by("-published_at", "-pk")
    )
