"""Beheer creates a dossier in the admin, gives it the standard structure and adds members."""

import pytest
from django.urls import reverse

from accounts.tests.mfa_helpers import login_verified
from dossier.models import Deelproduct, Dossier, InfrastructureFunction, ResearchArea

from .factories import UserFactory

pytestmark = pytest.mark.django_db


def test_beheer_creates_a_dossier_with_the_standard_structure(client):
    login_verified(client, UserFactory(is_staff=True, is_superuser=True))  # beheer has passed MFA (accounts.mfa)
    response = client.post(
        reverse("admin:dossier_dossier_add"),
        {
            "slug": "wierden",
            "gemeente": "Wierden",
            "title": "Toekomst sw",
            "zaaknummer": "",
            "status": "voorbereiding",
            "dvo_provider": "Ontplooj",
            "dvo_end": "2026-10-01",
            "dvo_notice_deadline": "2025-10-01",
            "dvo_renewal_years": "5",
            "memberships-TOTAL_FORMS": "0",
            "memberships-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    dossier = Dossier.objects.get(slug="wierden")
    # A new dossier starts from the template.
    assert ResearchArea.objects.filter(dossier=dossier).count() == 6
    assert InfrastructureFunction.objects.filter(dossier=dossier).count() == 9
    # The action gives an existing dossier what it lacks of the structure (here a research area removed).
    ResearchArea.objects.filter(dossier=dossier, number=6).delete()
    client.post(
        reverse("admin:dossier_dossier_changelist"),
        {"action": "add_standard_structure", "_selected_action": [dossier.pk]},
    )
    assert ResearchArea.objects.filter(dossier=dossier).count() == 6
    assert InfrastructureFunction.objects.filter(dossier=dossier).count() == 9
    assert Deelproduct.objects.filter(dossier=dossier).count() == 4
    # Running it again adds nothing.
    client.post(
        reverse("admin:dossier_dossier_changelist"),
        {"action": "add_standard_structure", "_selected_action": [dossier.pk]},
    )
    assert ResearchArea.objects.filter(dossier=dossier).count() == 6


def test_members_of_the_site_without_staff_rights_cannot_reach_the_admin(client):
    client.force_login(UserFactory())
    response = client.get(reverse("admin:dossier_dossier_changelist"))
    assert response.status_code == 302 and "login" in response["Location"]
