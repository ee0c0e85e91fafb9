"""The dossier's finance pages: Berenschot's figures reproduced by the engine, and the projection."""

import copy

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from finance import selectors as finance_selectors
from finance.exports import xlsx_response

from .. import conflicts, services
from ..access import member_required
from ..baseline_upload import UploadError, baseline_upload
from ..errors import ConflictError
from ..forms import BaselineForm, BaselineUploadForm
from ..kinds import Section
from ..models import PopulationBaseline
from ..projection import Totals, projection, totals
from ..templatetags.dossier_tags import field_rows


@require_GET
@member_required()
def berenschot(request, dossier):
    checked = finance_selectors.berenschot_figures()
    tables = finance_selectors.berenschot_check(checked)
    if request.GET.get("formaat") == "xlsx":
        return xlsx_response(tables, "Berenschot-toets", f"berenschot-toets-{slugify(dossier.slug)}")
    tariff_sets, parameters = finance_selectors.reference_lists()
    context = {"tables": tables, "tariff_sets": tariff_sets, "parameters": parameters, "checked": len(checked)}
    return render(request, "dossier/finance_berenschot.html", context | finance_selectors.berenschot_summary(checked))


def _saved_totals(dossier) -> str:
    """The session key of the projection's totals before its last save, shown as was → nu after the redirect."""
    return f"projection-totals-before-save-{dossier.pk}"


@require_http_methods(["GET", "POST"])
@member_required()
def projection_page(request, dossier):
    """The projection: assumptions (the kwartiermaker edits them, with a live recompute before saving) and
    the resulting headcounts and contributions per year."""
    baseline = PopulationBaseline.objects.select_related("tariff_set").filter(dossier=dossier).first()
    if baseline is None:
        return _without_baseline(request, dossier)
    if request.method == "GET" and request.GET.get("formaat") == "xlsx":
        return xlsx_response(projection(baseline, with_charts=False).tables, "Projectie", f"projectie-{dossier.slug}")
    saved = copy.copy(baseline)  # as saved: the form below changes `baseline` while it validates
    form = None
    if request.membership.can_edit or request.method == "POST":
        if not request.membership.can_edit:
            raise PermissionDenied
        form = BaselineForm(request.POST or None, instance=baseline, dossier=dossier)
    if request.method == "POST":
        if not form.is_valid():
            if request.htmx:  # the errors instead of the results; the summary keeps the saved totals
                context = {"form": form, "totals": totals(saved)}
                return render(request, "dossier/finance_projection.html#preview", context)
            return render(request, "dossier/finance_projection.html", {"form": form, "baseline": baseline}, status=400)
        if "opslaan" not in request.POST:  # live recompute of the unsaved assumptions, against the saved ones
            preview = projection(form.instance)
            effect = preview.totals.effect(totals(saved))
            context = {"form": form, "projection": preview, "totals": preview.totals, "preview": True, "effect": effect}
            return render(request, "dossier/finance_projection.html#preview", context)
        before = totals(saved)  # shown as was → nu after the save's redirect
        try:
            services.content_update(
                instance=PopulationBaseline.objects.get(pk=baseline.pk),
                data=form.data_for_service,
                user=request.user,
                expected_version=form.cleaned_data.get("expected_version"),
            )
        except ConflictError as exc:  # the input stays, the saved assumptions beside it; saving again overwrites
            conflicts.conflict(form, exc)
            context = {"form": form, "baseline": exc.current}
            return render(request, "dossier/finance_projection.html", context, status=conflicts.STATUS)
        request.session[_saved_totals(dossier)] = before.as_json()
        messages.success(request, _("The assumptions have been saved."))
        return redirect("dossier:finance-projection", slug=dossier.slug)
    before = request.session.pop(_saved_totals(dossier), None)
    return _page(request, form, baseline, Totals.from_json(before) if before else None)


def _page(request, form, baseline, before=None, upload=None, status=200):
    current = projection(baseline)
    return render(
        request,
        "dossier/finance_projection.html",
        {
            "form": form,
            "baseline": baseline,
            "projection": current,
            "totals": current.totals,
            "effect": current.totals.effect(before) if before else None,
            "assumptions": _assumption_rows(baseline),
            "upload": upload or (BaselineUploadForm(baseline=baseline) if request.membership.can_edit else None),
        },
        status=status,
    )


def _without_baseline(request, dossier, upload=None, status=200):
    """The kwartiermaker fills in the first baseline here (by hand or from an xlsx); the others read what is missing."""
    form = None
    if request.membership.can_edit or request.method == "POST":
        if not request.membership.can_edit:
            raise PermissionDenied
        data = request.POST if request.method == "POST" and upload is None else None
        form = BaselineForm(data, instance=PopulationBaseline(dossier=dossier), dossier=dossier)
        if data is not None and form.is_valid():
            try:
                services.content_create(
                    model=PopulationBaseline, dossier=dossier, data=form.data_for_service, user=request.user
                )
            except ValidationError as exc:  # e.g. an upload made the baseline in the meantime
                form.add_error(None, exc.messages)
            else:
                messages.success(request, _("The baseline has been saved."))
                return redirect("dossier:finance-projection", slug=dossier.slug)
        if data is not None:
            status = 400
        upload = upload or BaselineUploadForm(baseline=None)
    context = {"baseline": None, "new_form": form, "upload": upload, "on_projection": True}
    return render(request, "dossier/finance_projection.html", context, status=status)


@require_POST
@member_required(edit=True)
def projection_upload(request, dossier):
    """An xlsx in the layout of the projection's export replaces the baseline's headcounts: all or nothing."""
    baseline = PopulationBaseline.objects.select_related("tariff_set").filter(dossier=dossier).first()
    upload = BaselineUploadForm(request.POST, request.FILES, baseline=baseline)
    if upload.is_valid():
        file = upload.cleaned_data["file"]
        try:
            baseline_upload(
                dossier=dossier,
                content=file.read(),
                filename=file.name,
                user=request.user,
                tariff_set=upload.cleaned_data.get("tariff_set"),
            )
        except UploadError as exc:
            upload.add_error("file", exc.message)
        else:
            messages.success(request, _("The headcounts have been read from %(file)s.") % {"file": file.name})
            return redirect("dossier:finance-projection", slug=dossier.slug)
    if baseline is None:
        return _without_baseline(request, dossier, upload=upload, status=400)
    form = BaselineForm(instance=baseline, dossier=dossier)
    return _page(request, form, baseline, upload=upload, status=400)


# The assumptions a reader discusses one by one: the form's fields except the years shown and who set them.
ASSUMPTIONS = Section(
    "aannames",
    "",
    tuple(
        f
        for f in BaselineForm.Meta.fields
        if f not in ("first_year", "last_year", "assumption_by", "assumption_on", "assumption_reason")
    ),
)


def _assumption_rows(baseline):
    """Each assumption of the projection on its own, so the werkgroep can comment on one of them."""
    return [
        (name, label, value)
        for name, (label, value) in zip(ASSUMPTIONS.fields, field_rows(baseline, ASSUMPTIONS), strict=True)
    ]
