"""Frozen versions: the list (the kwartiermaker freezes the next one here), one version with its hash and the
progress of its documents (made by the worker, polled with htmx), and the retry of a document that failed."""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from dossier.access import member_required
from dossier.changes import compare_versions
from dossier.forms import add_errors
from dossier.models import Dossier
from dossier.selectors import dossier_for_user, is_id

from .. import archive, services, versioning
from ..catalogue import decided_copy_of, title_of
from ..forms import CorrectionForm, DecisionForm
from ..models import Decision, DossierVersion, VersionDocument
from ..selectors import (
    content_counts,
    current_decision,
    decisions_of,
    not_ready_for_college,
    proposal_without_scenario,
    version_progress,
)
from ..viewmodel import DOCUMENTS, best_ranked_first, proposed_beslispunten


class FreezeForm(forms.Form):
    status = forms.ChoiceField(
        label=gettext_lazy("Freeze as"), choices=DossierVersion.Status.choices, initial="concept"
    )
    note = forms.CharField(
        label=gettext_lazy("Note (what this version is for)"),
        required=False,
        max_length=DossierVersion._meta.get_field("note").max_length,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


@require_http_methods(["GET", "POST"])
@member_required()
def version_list(request, dossier):
    if request.method == "POST" and not request.membership.can_edit:
        raise PermissionDenied  # before the form: a read-only member gets 403, not a form error, on any POST
    form = FreezeForm(request.POST or None) if request.membership.can_edit else None
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                version = services.version_publish(
                    membership=request.membership, status=form.cleaned_data["status"], note=form.cleaned_data["note"]
                )
            except ValidationError as exc:
                add_errors(form, exc)
            else:
                # A definitive version's documents are made by the worker once this request has committed.
                messages.success(
                    request,
                    _("Version %(n)s has been frozen (hash %(hash)s).")
                    % {"n": version.number, "hash": version.short_hash},
                )
                return redirect("dossier:version", slug=dossier.slug, number=version.number)
    else:
        status = 200
    versions = DossierVersion.objects.filter(dossier=dossier).select_related("frozen_by").defer("snapshot")
    no_scenario = form is not None and proposal_without_scenario(dossier=dossier)
    context = {"form": form, "versions": versions, "no_scenario": no_scenario}
    return render(request, "documents/versions.html", context, status=status)


@require_GET
@member_required()
def version_detail(request, dossier, number):
    version = get_object_or_404(DossierVersion.objects.select_related("frozen_by"), dossier=dossier, number=number)
    if request.GET.get("formaat") == "json":
        response = HttpResponse(versioning.canonical(version.snapshot), content_type="application/json")
        response["Content-Disposition"] = f'attachment; filename="{dossier.slug}-versie-{version.number}.json"'
        return response
    return render(request, "documents/version_detail.html", detail_context(request, version))


def detail_context(request, version: DossierVersion, *, decision_form=None, correction_form=None) -> dict:
    """The version page's context; the decision's views pass their refused form to show it again."""
    snapshot = versioning.snapshot_of(version)
    return {
        "version": version,
        "intact": versioning.verify(version),
        "counts": content_counts(version),
        # Best ranked first, as the comparison and the documents list them.
        "results": sorted(snapshot.get("results", {}).get("scenarios", []), key=best_ranked_first),
        "threads": len(snapshot.get("werkgroep", {}).get("threads", [])),
        **_progress(request, version),
        **_decision_context(request, version, decision_form, correction_form),
    }


def proposed_text(version: DossierVersion, proposed: list[dict] | None = None) -> str:
    """The version's beslispunten (`proposed`, when the caller has read them already) as text, one numbered line
    each: where the amended beslispunten start."""
    rows = proposed if proposed is not None else proposed_beslispunten(version)
    return "\n".join(f"{b['number']}. {b['text']}" for b in rows)


def _decision_context(request, version: DossierVersion, decision_form, correction_form) -> dict:
    """The college's decisions on the version (for everyone) and the forms of the bestuurssecretariaat."""
    decisions = decisions_of(version=version)
    current = current_decision(dossier=version.dossier)
    counts = current if current is not None and current.version_id == version.pk else None
    may_record = request.membership.can_record_decision and version.status in Decision.DECIDABLE
    opens_round = current is None or current.outcome == Decision.Outcome.AANGEHOUDEN
    proposed = proposed_beslispunten(version)
    text = proposed_text(version, proposed)
    # The route above the documents may hold the version back from the college (selectors.COLLEGE_CHECKS).
    not_ready = not_ready_for_college(version) if version.status in Decision.DECIDABLE and opens_round else []
    return {
        "decidable": version.status in Decision.DECIDABLE,
        "decisions": decisions,
        "current_decision": counts,
        "proposed_beslispunten": proposed,
        "not_ready": not_ready,
        "decision_form": decision_form
        or (DecisionForm(proposed=text) if may_record and opens_round and not not_ready else None),
        "correction_form": correction_form
        or (CorrectionForm(proposed=text) if may_record and counts is not None else None),
        "may_publish": may_record and counts is not None and counts.openbaar and counts.closes,
    }


def _progress(request, version: DossierVersion) -> dict:
    progress = version_progress(version=version)
    return {
        "documents": progress.documents,
        "ready": progress.ready,
        "failed": progress.failed,
        "total": progress.total,
        "polling": progress.polling,
        "may_retry": request.membership.can_keep_versions,
    }


@require_GET
@member_required()
def version_documents(request, dossier, number):
    """The progress of the version's documents: the fragment the version page polls every 2 s until none is left."""
    version = get_object_or_404(DossierVersion.objects.defer("snapshot"), dossier=dossier, number=number)
    context = {"version": version, "oob": True, **_progress(request, version)}
    return render(request, "documents/partials/version_documents.html", context)


@require_POST
@member_required()
def document_retry(request, dossier, number, document):
    """The kwartiermaker has a failed (or stuck) document made again, also in a closed dossier (a decided copy is made
    after the decision); the page then polls its progress."""
    if not request.membership.can_keep_versions:
        raise PermissionDenied
    version = get_object_or_404(DossierVersion.objects.defer("snapshot"), dossier=dossier, number=number)
    if document not in DOCUMENTS and decided_copy_of(document) is None:
        raise Http404("No such document")
    row = get_object_or_404(VersionDocument.objects.defer("content"), version=version, document=document)
    retried = services.version_document_retry(row=row)
    if retried:
        message = _("%(document)s is being made again.") % {"document": title_of(document)}
    else:
        message = _("%(document)s needs no new attempt: it is ready or still being made.") % {
            "document": title_of(document)
        }
    if request.htmx:
        context = {"version": version, "oob": True, "notice": message, **_progress(request, version)}
        return render(request, "documents/partials/version_documents.html", context, status=200 if retried else 409)
    (messages.success if retried else messages.info)(request, message)
    return redirect("dossier:version", slug=dossier.slug, number=version.number)


@require_GET
@member_required()
def version_changes(request, dossier):
    """Compare two versions: which texts changed (a readable diff) and which numbers (old → new, difference)."""
    versions = list(DossierVersion.objects.filter(dossier=dossier).defer("snapshot").order_by("-number"))
    numbers = [v.number for v in versions]

    def pick(name, default):
        raw = request.GET.get(name, "")
        return int(raw) if is_id(raw) and int(raw) in numbers else default

    new_number = pick("naar", numbers[0] if numbers else None)
    old_number = pick("van", numbers[1] if len(numbers) > 1 else new_number)
    changes = None
    if old_number is not None and new_number is not None:
        old = DossierVersion.objects.get(dossier=dossier, number=old_number)
        new = DossierVersion.objects.get(dossier=dossier, number=new_number)
        changes = compare_versions(versioning.snapshot_of(old), versioning.snapshot_of(new))
    return render(
        request,
        "documents/version_changes.html",
        {"versions": versions, "old_number": old_number, "new_number": new_number, "changes": changes},
    )


@require_GET
def version_archive(request, slug, number):
    """The version's archive package (ZIP) for the kwartiermaker and beheer; the package cannot be made (yet): 409 with
    the reason."""
    dossier = _archivist_dossier(request, slug)
    version = get_object_or_404(DossierVersion.objects.defer("snapshot"), dossier=dossier, number=number)
    try:
        content = archive.archive_package(version=version)
    except archive.ArchiveError as exc:
        context = {"version": version, "archive_dossier": dossier, "reason": exc.message}
        return render(request, "documents/archive_refused.html", context, status=409)
    response = HttpResponse(content, content_type="application/zip")
    filename = f"{dossier.slug}-versie-{version.number}-archiefpakket.zip"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _archivist_dossier(request, slug: str) -> Dossier:
    """Beheer (staff who may see versions) takes any dossier's package; of its members only the kwartiermaker (403 for
    the others); anyone else gets 404, as for every dossier page (its existence is not disclosed)."""
    user = request.user
    if user.is_staff and user.has_perm("documents.view_dossierversion"):
        return get_object_or_404(Dossier, slug=slug)
    dossier, membership = dossier_for_user(user=user, slug=slug)
    if not membership.can_keep_versions:
        raise PermissionDenied
    request.dossier, request.membership = dossier, membership
    return dossier
