"""The public Woo pages: the sitemap with DiWoo metadata and the published documents, without logging in. They
serve what is published and nothing else: any other dossier, version or document is a 404, the same as a slug that
does not exist, so nothing unpublished is disclosed."""

from django.contrib.auth.decorators import login_not_required
from django.http import Http404, HttpResponse
from django.views.decorators.http import require_GET

from dossier.models import Dossier

from .. import woo


@login_not_required
@require_GET
def sitemap(request, slug):
    """An empty sitemap for a dossier without publications, whether or not it exists."""
    dossier = Dossier.objects.filter(slug=slug).first()
    try:
        body = woo.sitemap(dossier)
    except woo.WooError:
        body = woo.sitemap(None)  # the publisher is unknown: publish nothing rather than invalid metadata
    return HttpResponse(body, content_type="application/xml; charset=utf-8")


@login_not_required
@require_GET
def document(request, slug, number, document):
    row = woo.published_document(slug, number, document)
    if row is None:
        raise Http404
    response = HttpResponse(bytes(row.content), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{slug}-v{number}-{document}.pdf"'
    response["X-Content-SHA256"] = row.sha256
    return response
