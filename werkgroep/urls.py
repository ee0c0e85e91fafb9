"""The werkgroep's pages: `dossier_patterns` are mounted under a dossier (in the `dossier` namespace, so their names
stay `dossier:threads` …), `urlpatterns` are a user's own notifications, outside any dossier."""

from django.urls import path

from . import advice_views, route_views, views

dossier_patterns = [
    path("reacties/", views.overview, name="threads"),
    path("reacties/leden/", views.members, name="members"),
    path("reacties/draad/<int:pk>/", views.thread_page, name="thread"),
    path("reacties/draad/<int:pk>/reageren/", views.thread_reply, name="thread-reply"),
    path("reacties/draad/<int:pk>/status/", views.thread_status, name="thread-status"),
    path("reacties/reactie/<int:pk>/bewerken/", views.comment_edit, name="comment-edit"),
    path("reacties/reactie/<int:pk>/intrekken/", views.comment_withdraw, name="comment-withdraw"),
    path("reacties/<slug:kind>/<int:pk>/", views.anchor_threads, name="anchor-threads"),
    path("reacties/<slug:kind>/<int:pk>/<slug:part>/", views.anchor_threads, name="anchor-threads-part"),
    path("advies/", advice_views.advice, name="advice"),
    path("advies/aanvragen/", advice_views.advice_request, name="advice-request"),
    path("advies/ronde/<int:number>/geven/", advice_views.advice_give, name="advice-give"),
    path("advies/verouderd/<int:pk>/bevestigen/", advice_views.review_confirm, name="advice-confirm"),
    path("advies/verouderd/<int:pk>/herzien/", advice_views.review_revise, name="advice-revise"),
    path("route/", route_views.route_plan, name="route"),
    path("route/inrichten/", route_views.route_set_up, name="route-set-up"),
    path("route/rollen/<int:pk>/", route_views.route_roles, name="route-roles"),
    path("route/versie/<int:number>/", route_views.route_version, name="route-version"),
    path("route/versie/<int:number>/aanbieden/", route_views.route_offer, name="route-offer"),
    path("route/stap/<int:pk>/afronden/", route_views.step_complete, name="route-step-complete"),
    path("route/stap/<int:pk>/overslaan/", route_views.step_skip, name="route-step-skip"),
]

urlpatterns = [
    path("meldingen/", views.inbox, name="notifications"),
    path("meldingen/gelezen/", views.notifications_read, name="notifications-read"),
    path("meldingen/instellingen/", views.notification_settings, name="notification-settings"),
    path("meldingen/<int:pk>/", views.notification_open, name="notification-open"),
]
