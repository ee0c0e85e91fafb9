"""The documents' pages under a dossier (mounted in the `dossier` namespace by config/urls.py): the proposal and
the reactie, the versions, their documents as preview and PDF, and the college's decision on a version; and the
public Woo pages (`public_patterns`, under /woo/, without logging in)."""

from django.urls import path

from .views import decisions, documents, pages, versions, woo

dossier_patterns = [
    path("documenten/", documents.documents_page, name="documents"),
    path("documenten/voorstel/", pages.proposal, name="proposal"),
    path("documenten/reactie/", pages.reaction, name="reaction"),
    path("versies/", versions.version_list, name="versions"),
    path("versies/wijzigingen/", versions.version_changes, name="version-changes"),
    path("versies/<int:number>/", versions.version_detail, name="version"),
    path("versies/<int:number>/archiefpakket/", versions.version_archive, name="version-archive"),
    path("versies/<int:number>/documenten/", versions.version_documents, name="version-documents"),
    path("versies/<int:number>/besluit/", decisions.decision_record, name="decision-record"),
    path("versies/<int:number>/besluit/<int:pk>/corrigeren/", decisions.decision_correct, name="decision-correct"),
    path("versies/<int:number>/besluit/<int:pk>/publiceren/", decisions.decision_publish, name="decision-publish"),
    path("versies/<int:number>/<slug:document>/opnieuw/", versions.document_retry, name="document-retry"),
    path("versies/<int:number>/<slug:document>/", documents.document_preview, name="document-preview"),
    path("versies/<int:number>/<slug:document>/pdf/", documents.document_pdf, name="document-pdf"),
]

public_patterns = [
    path("woo/<slug:slug>/sitemap.xml", woo.sitemap, name="woo-sitemap"),
    path("woo/<slug:slug>/<int:number>/<slug:document>.pdf", woo.document, name="woo-document"),
]
