"""The MFA gate (accounts.middleware): beheer without a verified second factor reaches no page of /beheer/, whatever
the URL, before the view runs; only logging in and out and the MFA pages stay open."""

import re

import pytest
from django.urls import reverse

from dossier.tests.factories import UserFactory
from tests.authz_matrix import walk

from .mfa_helpers import login_verified

pytestmark = pytest.mark.django_db

OPEN = {"admin:login", "admin:logout"}  # the admin's own log-in and log-out: like the site's, reachable
ADMIN_URLS = sorted(
    "/" + re.sub(r"<[^>]+>", "1", route)
    for key, route in walk()
    if route.startswith("beheer/") and key not in OPEN and "(?P" not in route
)


def test_every_page_of_the_admin_is_tried():
    assert len(ADMIN_URLS) > 50 and "/beheer/" in ADMIN_URLS


@pytest.mark.parametrize("method", ["get", "post"])
def test_beheer_without_mfa_is_sent_to_the_enrolment_from_every_admin_url(client, method):
    user = UserFactory(is_staff=True, is_superuser=True)
    client.force_login(user)
    wrong = {}
    for url in ADMIN_URLS:
        response = getattr(client, method)(url)
        if response.status_code != 302 or not response["Location"].startswith(reverse("mfa:enrol")):
            wrong[url] = (response.status_code, response.get("Location"))
    assert not wrong


def test_beheer_with_a_verified_session_reaches_the_admin(client):
    login_verified(client, UserFactory(is_staff=True, is_superuser=True))
    assert client.get(reverse("admin:index")).status_code == 200
