"""What several of the werkgroep's test modules share: the htmx request header, the addresses of the dossier's
werkgroep pages, the status and notification kinds, and adding a member to a dossier."""

from django.urls import reverse

from dossier.models import Role
from dossier.tests.factories import MembershipFactory, UserFactory

from ..models import Notification, Thread

HTMX = {"HTTP_HX_REQUEST": "true"}
Status = Thread.Status
Kind = Notification.Kind


def url(name, dossier, **kwargs):
    return reverse(f"dossier:{name}", kwargs={"slug": dossier.slug, **kwargs})


def anchor_url(dossier, obj, kind="risico", part=""):
    kwargs = {"kind": kind, "pk": obj.pk}
    return (
        url("anchor-threads-part", dossier, part=part, **kwargs) if part else url("anchor-threads", dossier, **kwargs)
    )


def add_member(dossier, username, role=Role.WERKGROEP, discipline=None, email=""):
    discipline = discipline if discipline is not None else ("financien" if role == Role.WERKGROEP else "")
    user = UserFactory(username=username, email=email)
    return MembershipFactory(dossier=dossier, user=user, role=role, discipline=discipline)
