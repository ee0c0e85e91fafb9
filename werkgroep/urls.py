"""The werkgroep's pages: `dossier_patterns` are mounted under a dossier (in the `dossier` namespace, so their names
stay `dossier:threads` …), `urlpatterns` are a user's own notifications, outside any dossier."""

from django.urls import path

from . import views

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
    path("advies/", views.advice, name="advice"),
    path("advies/aanvragen/", views.advice_request, name="advice-request"),
    path("advies/ronde/<int:number>/geven/", views.advice_give, name="advice-give"),
]

urlpatterns = [
    path("meldingen/", views.inbox, name="notifications"),
    path("meldingen/gelezen/", views.notifications_read, name="notifications-read"),
    path("meldingen/instellingen/", views.notification_settings, name="notification-settings"),
    path("meldingen/<int:pk>/", views.notification_open, name="notification-open"),
]
