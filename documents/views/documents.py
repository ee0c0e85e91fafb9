"""The documents of a version: the download page (the definitive collegevoorstel first, then the bijlagen, each with
size and hash), the HTML preview of each document and its archival PDF, generated once and then served from storage."""

from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from dossier.access import member_required

from .. import render as documents_render
from ..catalogue import decided_copy_of, title_of
from ..models import Decision, DossierVersion, VersionDocument
from ..viewmodel import DOCUMENTS


def _version(dossier, number) -> DossierVersion:
    return get_object_or_404(DossierVersion, dossier=dossier, number=number)


def _document(key: str, version: DossierVersion) -> str:
    """A document of the catalogue, or a decided copy of a decision recorded on this version."""
    decided = decided_copy_of(key)
    if key in DOCUMENTS or (decided and Decision.objects.filter(number=decided[1], version=version).exists()):
        return key
    raise Http404("No such document")


@require_GET
@member_required()
def documents_page(request, dossier):
    """Which version the documents come from: `?versie=N`, or the latest definitive one, or else the latest."""
    versions = list(DossierVersion.objects.filter(dossier=dossier).defer("snapshot").order_by("-number"))
    raw = request.GET.get("versie", "")
    chosen = next((v for v in versions if str(v.number) == raw), None)
    chosen = chosen or next((v for v in versions if v.status == DossierVersion.Status.DEFINITIEF), None)
    chosen = chosen or (versions[0] if versions else None)
    stored = {}
    if chosen is not None:
        stored = {d.document: d for d in VersionDocument.objects.filter(version=chosen).defer("content")}
    documents = [(key, title, stored.get(key)) for key, title in DOCUMENTS.items()]
    return render(
        request,
        "documents/documents.html",
        {"versions": versions, "version": chosen, "documents": documents},
    )


@require_GET
@member_required()
def document_preview(request, dossier, number, document):
    version = _version(dossier, number)
    return HttpResponse(documents_render.html(version, _document(document, version)))


@require_GET
@member_required()
def document_pdf(request, dossier, number, document):
    """The stored PDF. A definitive version's documents are made by the worker: until one is ready the user is told
    so (409, with a link to the version's progress). Another version's PDF is made on its first download."""
    version = _version(dossier, number)
    document = _document(document, version)
    row = VersionDocument.objects.filter(version=version, document=document).defer("content").first()
    if row is not None and not row.is_ready:
        context = {"version": version, "row": row, "title": title_of(document)}
        return render(request, "documents/version_document_pending.html", context, status=409)
    stored = documents_render.stored_pdf(version, document)
    response = HttpResponse(bytes(stored.content), content_type="application/pdf")
    filename = f"{dossier.slug}-v{version.number}-{document}.pdf"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["X-Content-SHA256"] = stored.sha256
    return response
