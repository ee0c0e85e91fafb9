from django.contrib import admin
from django.urls import include, path

from scenarios import views as scenario_views

from .views import editing, finance, pages

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
    path("scenarios/", scenario_views.scenario_list, name="scenario-list"),
    path("scenarios/vergelijking/", scenario_views.comparison, name="scenario-comparison"),
    path("scenarios/aanbieders/", scenario_views.providers_page, name="providers"),
    path("scenarios/weging/", scenario_views.weights_page, name="weights"),
    path("scenarios/<int:pk>/", scenario_views.scenario_page, name="scenario-detail"),
    path("scenarios/<int:pk>/resultaat/", scenario_views.scenario_result, name="scenario-result"),
    path("scenarios/<int:pk>/<slug:action>/", scenario_views.scenario_action, name="scenario-action"),
    path("geschiedenis/", pages.history, name="history"),
    path("geschiedenis/<slug:model>/<int:history_id>/terugdraaien/", editing.change_undo, name="undo"),
    path("<slug:kind>/nieuw/", editing.element_create, name="create"),
    path("<slug:kind>/<int:pk>/bewerken/", editing.element_edit, name="edit"),
    path("<slug:kind>/<int:pk>/bewerken/<slug:section>/", editing.element_edit, name="edit-section"),
    path("<slug:kind>/<int:pk>/verwijderen/", editing.element_delete, name="delete"),
]

dossier_urls = (
    [path("", pages.dossier_list, name="list"), path("d/<slug:slug>/", include(dossier_patterns))],
    "dossier",
)

urlpatterns = [
    path("beheer/", admin.site.urls),
    path("accounts/", include("django.contrib.auth.urls")),
    path("", include(dossier_urls)),
]
