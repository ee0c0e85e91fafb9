"""The MFA pages of a local account, mounted at /accounts/tweestaps/ (namespace `mfa`)."""

from django.urls import path

from . import views

app_name = "mfa"
urlpatterns = [
    path("", views.manage, name="manage"),
    path("instellen/", views.enrol, name="enrol"),
    path("controleren/", views.verify, name="verify"),
    path("reservecodes/", views.backup_codes, name="backup-codes"),
    path("opnieuw/", views.reset, name="reset"),
]
