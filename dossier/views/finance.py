"""The dossier's finance pages: Berenschot's figures reproduced by the engine, and the projection."""

from django.http import HttpResponse
from django.shortcuts import render
from django.utils.text import slugify
from django.views.decorators.http import require_GET

from finance import selectors as finance_selectors
from finance.exports import tables_to_xlsx

from ..access import member_required

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _xlsx(tables, title, filename):
    response = HttpResponse(tables_to_xlsx(tables, title), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{filename}.xlsx"'
    return response


@require_GET
@member_required()
def berenschot(request, dossier):
    tables = finance_selectors.berenschot_check()
    if request.GET.get("formaat") == "xlsx":
        return _xlsx(tables, "Berenschot-toets", f"berenschot-toets-{slugify(dossier.slug)}")
    return render(request, "dossier/finance_berenschot.html", {"tables": tables})
