"""Frozen versions: the list (the kwartiermaker freezes the next one here) and one version with its hash."""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods

from .. import versioning
from ..access import member_required
from ..changes import compare_versions
from ..documents import render as documents_render
from ..documents.viewmodel import DOCUMENTS
from ..forms import add_errors
from ..models import DossierVersion
from ..selectors import is_id, proposal_without_scenario


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
                version = versioning.version_freeze(
                    membership=request.membership, status=form.cleaned_data["status"], note=form.cleaned_data["note"]
                )
            except ValidationError as exc:
                add_errors(form, exc)
            else:
                if version.status == DossierVersion.Status.DEFINITIEF:
                    # The college downloads these: make them now, once, so the download page shows size and hash.
                    documents_render.store_all(version, list(DOCUMENTS))
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
    return render(request, "dossier/versions.html", context, status=status)


@require_GET
@member_required()
def version_detail(request, dossier, number):
    version = get_object_or_404(DossierVersion.objects.select_related("frozen_by"), dossier=dossier, number=number)
    if request.GET.get("formaat") == "json":
        response = HttpResponse(versioning.canonical(version.snapshot), content_type="application/json")
        response["Content-Disposition"] = f'attachment; filename="{dossier.slug}-versie-{version.number}.json"'
        return response
    snapshot = version.snapshot
    counts = {key: len(rows) for key, rows in snapshot.get("content", {}).items() if rows}
    return render(
        request,
        "dossier/version_detail.html",
        {
            "version": version,
            "intact": versioning.verify(version),
            "counts": counts,
            "results": snapshot.get("results", {}).get("scenarios", []),
            "threads": len(snapshot.get("werkgroep", {}).get("threads", [])),
        },
    )


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
        old = DossierVersion.objects.get(dossier=dossier, number=old_number).snapshot
        new = DossierVersion.objects.get(dossier=dossier, number=new_number).snapshot
        changes = compare_versions(old, new)
    return render(
        request,
        "dossier/version_changes.html",
        {"versions": versions, "old_number": old_number, "new_number": new_number, "changes": changes},
    )
