"""Scenario pages of a dossier. Thin: permission, selectors, render (or xlsx)."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from dossier.access import member_required
from dossier.errors import DomainError
from finance.engine import to_cents
from finance.exports import xlsx_response

from . import comparison as comparison_tables
from . import services
from .models import Scenario
from .selectors import compare


@require_GET
@member_required()
def comparison(request, dossier):
    result = compare(dossier)
    choosable = [r for r in result.results if r.result is not None and r.scenario.kind != "dvo_verlengen"]
    chosen = next((r for r in choosable if str(r.scenario.pk) == request.GET.get("scenario")), None)
    chosen = chosen or (min(choosable, key=lambda r: r.rank or 99) if choosable else None)
    tables = comparison_tables.tables(result, chosen)
    if request.GET.get("formaat") == "xlsx":
        return xlsx_response(tables, "Vergelijking", f"vergelijking-{dossier.slug}")
    winner = next((r for r in result.results if r.rank == 1), None)
    return render(
        request,
        "scenarios/comparison.html",
        {
            "comparison": result,
            "tables": tables,
            "choosable": choosable,
            "chosen": chosen,
            "winner": winner,
            "winner_total": to_cents(winner.cumulative) if winner else None,
        },
    )


@require_GET
@member_required()
def scenario_list(request, dossier):
    scenarios = Scenario.objects.filter(dossier=dossier).prefetch_related("sourcing__provider")
    return render(request, "scenarios/scenario_list.html", {"scenarios": scenarios})


@require_POST
@member_required(edit=True)
def scenario_action(request, dossier, pk, action):
    scenario = get_object_or_404(Scenario, dossier=dossier, pk=pk)
    try:
        if action == "kopieren":
            clone = services.scenario_clone(scenario=scenario, user=request.user)
            messages.success(request, _("“%(name)s” has been created.") % {"name": clone.name})
        elif action in ("archiveren", "terughalen"):
            services.scenario_archive(scenario=scenario, user=request.user, archived=action == "archiveren")
            messages.success(
                request,
                _("“%(name)s” has been archived.") % {"name": scenario.name}
                if action == "archiveren"
                else _("“%(name)s” is active again.") % {"name": scenario.name},
            )
        else:
            raise Http404("Unknown action")
    except DomainError as exc:
        messages.error(request, exc.message)
    return redirect("dossier:scenario-list", slug=dossier.slug)
