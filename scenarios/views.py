"""Scenario pages of a dossier. Thin: permission, selectors, render (or xlsx)."""

from django.shortcuts import render
from django.views.decorators.http import require_GET

from dossier.access import member_required
from finance.engine import to_cents
from finance.exports import xlsx_response

from . import comparison as comparison_tables
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
