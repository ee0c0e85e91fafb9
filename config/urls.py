"""The project's URLs: each app's patterns, composed in one place.

Everything under a dossier (/d/<slug>/) is in the `dossier` namespace (`dossier:threads`, `dossier:scenario-detail`)
whichever app serves it; the generic element editing comes last, after every app's own pages."""

from django.contrib import admin
from django.urls import include, path

from accounts import sso
from accounts.password_reset import ThrottledPasswordResetView
from documents import urls as documents
from dossier import urls as dossier
from scenarios import urls as scenarios
from werkgroep import urls as werkgroep

per_dossier = [
    *dossier.dossier_patterns,
    *scenarios.dossier_patterns,
    *documents.dossier_patterns,
    *werkgroep.dossier_patterns,
]
per_dossier += dossier.element_patterns

handler500 = "dossier.views.errors.server_error"

urlpatterns = [
    path("beheer/", admin.site.urls),
    # Before the include: the same path and name, with the reset throttles (accounts.throttle).
    path("accounts/password_reset/", ThrottledPasswordResetView.as_view(), name="password_reset"),
    path("accounts/tweestaps/", include("accounts.urls")),
    path("accounts/", include("django.contrib.auth.urls")),
    path("oidc/", include(sso.urlpatterns)),  # SSO (404 while off)
    *documents.public_patterns,
    path("", include(werkgroep)),
    path("", include(([*dossier.list_patterns, path("d/<slug:slug>/", include(per_dossier))], "dossier"))),
]
