"""SSO end to end in a real browser against a real OpenID provider: django-oidc-provider in a second process
(tests/oidc_op, its own SQLite file), the application under test on pytest-django's live server. No part of
mozilla-django-oidc or of the provider is mocked: the browser is redirected to the provider, logs in on its form,
and comes back with a code the application exchanges for RS256-signed tokens checked against the provider's JWKS."""

import os
import signal
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from playwright.sync_api import expect

from accounts.models import AuditEvent, SsoIdentity
from dossier.tests.factories import DossierFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ROOT = Path(__file__).resolve().parent.parent.parent
CLIENT_ID, CLIENT_SECRET = "beslisdossier-test", "test-client-secret-not-real"
OP_USER, OP_PASSWORD, OP_EMAIL = "sanne", "provider-password-1", "s.devries@twenterand.example"
WAIT = 60  # seconds at most for the provider to answer (a busy 2-core machine)


@dataclass
class Provider:
    url: str
    db: Path

    @property
    def issuer(self):
        return f"{self.url}/openid"

    def set_email(self, email):
        with sqlite3.connect(self.db) as db:
            db.execute("UPDATE auth_user SET email = ? WHERE username = ?", (email, OP_USER))


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def provider(live_server, tmp_path_factory):
    """The provider in its own process, its client registered for the live server's callback; killed at the end."""
    db = tmp_path_factory.mktemp("oidc_op") / "op.sqlite3"
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "tests.oidc_op.settings", "OIDC_OP_DB": str(db)}
    env.pop("DATABASE_URL", None)
    callback = f"{live_server.url}/oidc/callback/"
    subprocess.run(
        [sys.executable, "-m", "tests.oidc_op.setup", callback, CLIENT_ID, CLIENT_SECRET]
        + [OP_USER, OP_PASSWORD, OP_EMAIL],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
    )
    port = _free_port()
    url = f"http://127.0.0.1:{port}"
    process = subprocess.Popen(
        [sys.executable, "-m", "django", "runserver", "--noreload", f"127.0.0.1:{port}"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    try:
        deadline = time.monotonic() + WAIT
        while True:
            try:
                urllib.request.urlopen(f"{url}/openid/.well-known/openid-configuration", timeout=5).close()
                break
            except OSError:
                if process.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError("the test OpenID provider did not start") from None
                time.sleep(0.3)
        yield Provider(url, db)
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=30)


@pytest.fixture
def sso(provider, settings):
    """The application configured for the provider as a gemeente would, through the OIDC_* settings."""
    settings.OIDC_RP_CLIENT_ID = CLIENT_ID
    settings.OIDC_RP_CLIENT_SECRET = CLIENT_SECRET
    settings.OIDC_OP_ISSUER = provider.issuer
    settings.OIDC_OP_AUTHORIZATION_ENDPOINT = f"{provider.issuer}/authorize"
    settings.OIDC_OP_TOKEN_ENDPOINT = f"{provider.issuer}/token"
    settings.OIDC_OP_USER_ENDPOINT = f"{provider.issuer}/userinfo"
    settings.OIDC_OP_JWKS_ENDPOINT = f"{provider.issuer}/jwks"
    settings.OIDC_PROVIDER_NAME = "Twenterand"
    provider.set_email(OP_EMAIL)
    return provider


@pytest.fixture
def page(transactional_db, context):
    page = context.new_page()
    yield page
    page.close()


def start_sso(page, live_server):
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_role("link", name="Inloggen met Twenterand-account").click()


def provider_login(page, provider):
    page.wait_for_url(f"{provider.url}/accounts/login/**")
    page.get_by_label("Username").fill(OP_USER)
    page.get_by_label("Password").fill(OP_PASSWORD)
    page.get_by_role("button", name="Sign in at the provider").click()


def test_first_log_in_creates_the_user_by_sub_and_the_second_reuses_it(page, live_server, sso):
    dossier = DossierFactory()
    start_sso(page, live_server)
    provider_login(page, sso)
    page.wait_for_url(f"{live_server.url}/")

    identity = SsoIdentity.objects.get()
    user = identity.user
    assert (identity.issuer, identity.subject) == (sso.issuer, identity.subject)
    assert identity.subject and identity.subject != OP_EMAIL
    assert (user.username, user.email, user.first_name, user.last_name) == (
        "sso-sdevries",  # the e-mail name: the provider gives no preferred_username
        OP_EMAIL,
        "Sanne",
        "de Vries",
    )
    assert not user.has_usable_password() and not user.is_staff and not user.is_superuser
    actions = list(AuditEvent.objects.filter(actor=user).order_by("pk").values_list("action", flat=True))
    assert actions == ["sso user created", "login", "sso login"]
    assert AuditEvent.objects.get(action="login").details["backend"] == "accounts.sso.Backend"
    # No membership yet: beheer gives those per dossier. The dossier is not listed and answers 404.
    expect(page.get_by_text(dossier.gemeente)).to_have_count(0)
    assert page.goto(f"{live_server.url}/d/{dossier.slug}/").status == 404

    # Log out here only (the provider's session stays), the e-mail address changes at the provider, log in again:
    # the same account, found by its sub, with the new address; no second account.
    page.context.clear_cookies(domain="localhost")
    sso.set_email("sanne.de.vries@twenterand.example")
    start_sso(page, live_server)
    page.wait_for_url(f"{live_server.url}/")
    assert get_user_model().objects.count() == 1 and SsoIdentity.objects.count() == 1
    user.refresh_from_db()
    assert user.email == "sanne.de.vries@twenterand.example"
    assert AuditEvent.objects.filter(action="sso login", actor=user).count() == 2
    assert AuditEvent.objects.filter(action="sso user created").count() == 1
    # No token, code or state in the audit log.
    for event in AuditEvent.objects.all():
        assert "code=" not in str(event.details) and "state" not in event.details


def test_a_tampered_state_is_refused(page, live_server, sso):
    """The provider's answer comes back with another state than the one this browser's session was given: the
    application refuses it (no log-in, a message, a warning in the audit log) and does not use the code."""
    # Logged in at the provider already, so its authorize URL answers at once with the redirect to the callback.
    page.goto(f"{sso.url}/accounts/login/?next=/openid/jwks")
    page.get_by_label("Username").fill(OP_USER)
    page.get_by_label("Password").fill(OP_PASSWORD)
    page.get_by_role("button", name="Sign in at the provider").click()
    page.wait_for_url(f"{sso.url}/openid/jwks")
    # The application's redirect to the provider (it stores the real state in the session), not yet followed.
    authorize = page.request.get(f"{live_server.url}/oidc/authenticate/", max_redirects=0).headers["location"]

    def forge_state(route):
        answer = route.fetch(max_redirects=0)
        back = answer.headers["location"]
        assert back.startswith(f"{live_server.url}/oidc/callback/?") and "code=" in back
        route.fulfill(status=302, headers={"location": back.replace("state=", "state=forged")})

    page.route(f"{sso.issuer}/authorize**", forge_state)
    page.goto(authorize)
    page.wait_for_url(f"{live_server.url}/accounts/login/")
    expect(page.locator(".messages")).to_contain_text("Inloggen via de identiteitsprovider is niet gelukt")
    assert not SsoIdentity.objects.exists()
    refused = AuditEvent.objects.get(action="sso refused")
    assert "state" in refused.details["reason"] and "forged" not in str(refused.details)
    assert not AuditEvent.objects.filter(action__in=["sso login", "login"]).exists()
    # Still not logged in: the application sends the browser to its login page.
    page.goto(f"{live_server.url}/")
    assert page.url.startswith(f"{live_server.url}/accounts/login/")
