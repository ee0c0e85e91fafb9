"""The scenarios' pages under a dossier (mounted in the `dossier` namespace by config/urls.py)."""

from django.urls import path

from . import views

dossier_patterns = [
    path("scenarios/meerjarenraming/", views.budget_page, name="finance-budget"),
    path("scenarios/onzekerheid/", views.uncertainty_page, name="finance-uncertainty"),
    path("scenarios/", views.scenario_list, name="scenario-list"),
    # The generic create URL of the kind "scenario" (dossier:create), served by the scenarios' own view.
    path("scenario/nieuw/", views.scenario_create, name="scenario-create"),
    path("scenarios/standaard/", views.scenario_template, name="scenario-template"),
    path("scenarios/vergelijking/", views.comparison, name="scenario-comparison"),
    path("scenarios/aanbieders/", views.providers_page, name="providers"),
    path("scenarios/weging/", views.weights_page, name="weights"),
    path("scenarios/<int:pk>/", views.scenario_page, name="scenario-detail"),
    path("scenarios/<int:pk>/resultaat/", views.scenario_result, name="scenario-result"),
    path("scenarios/<int:pk>/<slug:action>/", views.scenario_action, name="scenario-action"),
]
