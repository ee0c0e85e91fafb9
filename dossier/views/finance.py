"""The dossier's finance pages: Berenschot's figures reproduced by the engine, and the projection."""

import copy

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from finance import selectors as finance_selectors
from finance.exports import xlsx_response

from .. import conflicts, services
from ..access import member_required
from ..errors import ConflictError
from ..forms import BaselineForm
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
        return render(request, "dossier/finance_projection.html", {"baseline": None})
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
    current = projection(baseline)
    before = request.session.pop(_saved_totals(dossier), None)
    return render(
        request,
        "dossier/finance_projection.html",
        {
            "form": form,
            "baseline": baseline,
            "projection": current,
            "totals": current.totals,
            "effect": current.totals.effect(Totals.from_json(before)) if before else None,
            "assumptions": _assumption_rows(baseline),
        },
    )


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
