from django.contrib import admin
from django.urls import include, path

from scenarios import views as scenario_views
from werkgroep import urls as werkgroep_urls

from .views import documents, editing, finance, history, pages, versions

dossier_patterns = [
    path("", pages.overview, name="overview"),
    path("bestuursopdracht/", pages.bestuursopdracht, name="bestuursopdracht"),
    path("onderzoeksgebieden/", pages.areas, name="areas"),
    path("onderzoeksgebieden/<int:number>/", pages.area, name="area"),
    path("functies/", pages.functions, name="functions"),
    path("functies/<int:number>/", pages.function, name="function"),
    path("kaders/", pages.kaders, name="kaders"),
    path("planning/", pages.planning, name="planning"),
    path("risicos/", pages.risks, name="risks"),
    path("participatie/", pages.participation, name="participation"),
    path("bronnen/", pages.sources, name="sources"),
    path("financien/berenschot/", finance.berenschot, name="finance-berenschot"),
    path("financien/projectie/", finance.projection_page, name="finance-projection"),
    path("financien/projectie/inlezen/", finance.projection_upload, name="finance-projection-upload"),
    path("scenarios/meerjarenraming/", scenario_views.budget_page, name="finance-budget"),
    path("scenarios/onzekerheid/", scenario_views.uncertainty_page, name="finance-uncertainty"),
    path("scenarios/", scenario_views.scenario_list, name="scenario-list"),
    path("scenarios/standaard/", scenario_views.scenario_template, name="scenario-template"),
    path("scenarios/vergelijking/", scenario_views.comparison, name="scenario-comparison"),
    path("scenarios/aanbieders/", scenario_views.providers_page, name="providers"),
    path("scenarios/weging/", scenario_views.weights_page, name="weights"),
    path("scenarios/<int:pk>/", scenario_views.scenario_page, name="scenario-detail"),
    path("scenarios/<int:pk>/resultaat/", scenario_views.scenario_result, name="scenario-result"),
    path("scenarios/<int:pk>/<slug:action>/", scenario_views.scenario_action, name="scenario-action"),
    *werkgroep_urls.dossier_patterns,
    path("documenten/", documents.documents_page, name="documents"),
    path("documenten/voorstel/", pages.proposal, name="proposal"),
    path("documenten/reactie/", pages.reaction, name="reaction"),
    path("versies/", versions.version_list, name="versions"),
    path("versies/wijzigingen/", versions.version_changes, name="version-changes"),
    path("versies/<int:number>/", versions.version_detail, name="version"),
    path("versies/<int:number>/documenten/", versions.version_documents, name="version-documents"),
    path("versies/<int:number>/<slug:document>/opnieuw/", versions.document_retry, name="document-retry"),
    path("versies/<int:number>/<slug:document>/", documents.document_preview, name="document-preview"),
    path("versies/<int:number>/<slug:document>/pdf/", documents.document_pdf, name="document-pdf"),
    path("geschiedenis/", history.history, name="history"),
    path("geschiedenis/<slug:model>/<int:history_id>/terugdraaien/", editing.change_undo, name="undo"),
    path("geschiedenis/<slug:model>/<int:history_id>/opnieuw/", editing.change_redo, name="redo"),
    path("<slug:kind>/nieuw/", editing.element_create, name="create"),
    path("<slug:kind>/<int:pk>/bewerken/", editing.element_edit, name="edit"),
    path("<slug:kind>/<int:pk>/bewerken/<slug:section>/", editing.element_edit, name="edit-section"),
    path("<slug:kind>/<int:pk>/verwijderen/", editing.element_delete, name="delete"),
]

dossier_urls = (
    [path("", pages.dossier_list, name="list"), path("d/<slug:slug>/", include(dossier_patterns))],
    "dossier",
)

handler500 = "dossier.views.errors.server_error"

urlpatterns = [
    path("beheer/", admin.site.urls),
    path("accounts/", include("django.contrib.auth.urls")),
    path("", include(werkgroep_urls)),
    path("", include(dossier_urls)),
]
