"""A dossier's memberships in the security audit log: a role given, changed and taken away, with the actor who did
it in beheer."""

import pytest
from django.urls import reverse

from accounts.models import AuditEvent
from accounts.tests.mfa_helpers import login_verified
from dossier.models import Membership, Role

from .factories import DossierFactory, MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_beheer_giving_changing_and_taking_a_role_is_recorded(client):
    beheer = UserFactory(username="bea", is_staff=True, is_superuser=True)
    login_verified(client, beheer)  # beheer has passed its second factor
    dossier = DossierFactory(slug="wierden")
    sanne = UserFactory(username="sanne")
    add = {"user": sanne.pk, "dossier": dossier.pk, "role": Role.WERKGROEP, "discipline": "juridisch"}
    assert client.post(reverse("admin:dossier_membership_add"), add, REMOTE_ADDR="198.51.100.5").status_code == 302
    membership = Membership.objects.get(user=sanne)
    change = add | {"role": Role.KWARTIERMAKER, "discipline": ""}
    response = client.post(reverse("admin:dossier_membership_change", args=[membership.pk]), change)
    assert response.status_code == 302
    response = client.post(reverse("admin:dossier_membership_delete", args=[membership.pk]), {"post": "yes"})
    assert response.status_code == 302 and not Membership.objects.exists()
    roles = AuditEvent.objects.filter(action__startswith="membership").order_by("pk")
    events = list(roles.values_list("action", "actor", "details"))
    base = {"dossier": "wierden", "user": "sanne"}
    assert events == [
        ("membership created", beheer.pk, base | {"role": "werkgroep", "discipline": "juridisch"}),
        (
            "membership changed",
            beheer.pk,
            base | {"role": "kwartiermaker", "discipline": "", "old_role": "werkgroep", "old_discipline": "juridisch"},
        ),
        ("membership deleted", beheer.pk, base | {"role": "kwartiermaker", "discipline": ""}),
    ]
    assert AuditEvent.objects.filter(action="membership created").get().address == "198.51.100.5"


def test_a_save_without_a_role_change_is_not_recorded_and_a_cascade_is(db):
    membership = MembershipFactory(user__username="sanne", dossier__slug="wierden", role=Role.COLLEGE)
    membership.save()
    assert list(AuditEvent.objects.values_list("action", flat=True)) == ["membership created"]
    membership.dossier.delete()
    deleted = AuditEvent.objects.get(action="membership deleted")
    assert deleted.actor is None and deleted.details["user"] == "sanne"
