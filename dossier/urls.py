"""The dossier's pages under /d/<slug>/ (composed with the other apps' in config/urls.py, all in the `dossier`
namespace): `dossier_patterns` first, the generic `element_patterns` last."""

from django.urls import path

from .views import editing, finance, history, milestones, pages

dossier_patterns = [
    path("", pages.overview, name="overview"),
    path("bestuursopdracht/", pages.bestuursopdracht, name="bestuursopdracht"),
    path("onderzoeksgebieden/", pages.areas, name="areas"),
    path("onderzoeksgebieden/<int:number>/", pages.area, name="area"),
    path("functies/", pages.functions, name="functions"),
    path("functies/<int:number>/", pages.function, name="function"),
    path("kaders/", pages.kaders, name="kaders"),
    path("planning/", pages.planning, name="planning"),
    path("planning/<int:pk>/status/", milestones.milestone_status, name="milestone-status"),
    path("risicos/", pages.risks, name="risks"),
    path("participatie/", pages.participation, name="participation"),
    path("bronnen/", pages.sources, name="sources"),
    path("financien/berenschot/", finance.berenschot, name="finance-berenschot"),
    path("financien/projectie/", finance.projection_page, name="finance-projection"),
    path("financien/projectie/inlezen/", finance.projection_upload, name="finance-projection-upload"),
    path("geschiedenis/", history.history, name="history"),
    path("geschiedenis/<slug:model>/<int:history_id>/terugdraaien/", editing.change_undo, name="undo"),
    path("geschiedenis/<slug:model>/<int:history_id>/opnieuw/", editing.change_redo, name="redo"),
]

# The generic editing of any registered kind: mounted after every other app's pages (a kind's slug could
# otherwise shadow them).
element_patterns = [
    path("<slug:kind>/nieuw/", editing.element_create, name="create"),
    path("<slug:kind>/<int:pk>/bewerken/", editing.element_edit, name="edit"),
    path("<slug:kind>/<int:pk>/bewerken/<slug:section>/", editing.element_edit, name="edit-section"),
    path("<slug:kind>/<int:pk>/verwijderen/", editing.element_delete, name="delete"),
]

list_patterns = [path("", pages.dossier_list, name="list")]
