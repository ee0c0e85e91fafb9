"""The SSO backend and views without a provider (the real provider is in test_sso_browser.py): identity by issuer
and sub, never by e-mail; the checks beyond the library's (userinfo sub, issuer, audience); SSO off means no button
and no working URL; refusals in the audit log without codes."""

import time
from types import SimpleNamespace

import jwt
import pytest
from axes.models import AccessAttempt
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from django.contrib.auth import get_user_model
from django.core.exceptions import SuspiciousOperation
from django.test import RequestFactory
from django.urls import reverse
from mozilla_django_oidc import auth as oidc_auth

from accounts import sso
from accounts.models import AuditEvent, SsoIdentity

ISSUER = "https://login.twenterand.example/realms/gemeente"
CLIENT_ID = "beslisdossier"
KEY = rsa.generate_private_key(public_exponent=65537, key_size=2048)
PUBLIC_PEM = KEY.public_key().public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
CLAIMS = {"iss": ISSUER, "sub": "f2b1c0de-0001", "email": "sanne@twenterand.example", "given_name": "Sanne"}


@pytest.fixture
def sso_on(settings):
    settings.OIDC_RP_CLIENT_ID = CLIENT_ID
    settings.OIDC_RP_CLIENT_SECRET = "not-a-real-secret"
    settings.OIDC_OP_ISSUER = ISSUER
    settings.OIDC_OP_AUTHORIZATION_ENDPOINT = f"{ISSUER}/protocol/openid-connect/auth"
    settings.OIDC_OP_TOKEN_ENDPOINT = f"{ISSUER}/protocol/openid-connect/token"
    settings.OIDC_OP_USER_ENDPOINT = f"{ISSUER}/protocol/openid-connect/userinfo"
    settings.OIDC_OP_JWKS_ENDPOINT = f"{ISSUER}/protocol/openid-connect/certs"
    settings.OIDC_PROVIDER_NAME = "Twenterand"
    return settings


def backend(request=None):
    b = sso.Backend()
    b.request = request or RequestFactory().get("/oidc/callback/")
    return b


def userinfo_answer(monkeypatch, info):
    headers = {"content-type": "application/json"}
    answer = SimpleNamespace(headers=headers, json=lambda: info, raise_for_status=lambda: None)
    monkeypatch.setattr(oidc_auth.requests, "get", lambda *args, **kwargs: answer)


# ---------------------------------------------------------------------------------------------- identity


def test_a_local_account_with_the_same_e_mail_is_never_taken_over(db, sso_on):
    local = get_user_model().objects.create_user("sanne", email=CLAIMS["email"], password="Een-lang-wachtwoord-1")
    b = backend()
    assert list(b.filter_users_by_claims(CLAIMS)) == []
    user = b.create_user(CLAIMS)
    assert user != local and user.username == "sso-sanne" and not user.has_usable_password()
    assert SsoIdentity.objects.get().user == user
    local.refresh_from_db()
    assert local.has_usable_password() and not local.sso_identities.exists()


def test_a_user_is_found_by_issuer_and_sub_and_refreshed(db, sso_on):
    b = backend()
    user = b.create_user(CLAIMS)
    changed = {**CLAIMS, "email": "s.devries@twenterand.example", "family_name": "de Vries"}
    assert list(b.filter_users_by_claims(changed)) == [user]
    b.update_user(user, changed)
    user.refresh_from_db()
    assert (user.email, user.last_name) == ("s.devries@twenterand.example", "de Vries")
    # The same sub at another provider is another person.
    assert list(b.filter_users_by_claims({**CLAIMS, "iss": "https://elders.example"})) == []
    assert AuditEvent.objects.get(action="sso user created").details == {"issuer": ISSUER, "subject": CLAIMS["sub"]}


def test_usernames_are_unique_and_never_a_local_accounts(db, sso_on):
    get_user_model().objects.create_user("sso-sanne")
    user = backend().create_user({**CLAIMS, "preferred_username": "Sanne"})
    assert user.username == "sso-sanne-2"
    assert backend().create_user({"iss": ISSUER, "sub": "2"}).username == "sso-gebruiker"


def test_userinfo_of_another_sub_is_refused(db, sso_on, monkeypatch):
    userinfo_answer(monkeypatch, {**CLAIMS, "sub": "someone-else"})
    with pytest.raises(SuspiciousOperation):
        backend().get_or_create_user("access", "id", {"iss": ISSUER, "sub": CLAIMS["sub"]})
    assert not get_user_model().objects.exists()
    refused = AuditEvent.objects.get(action="sso refused")
    assert refused.details["reason"] == "userinfo sub differs from ID token sub"


def test_claims_without_a_sub_are_refused(db, sso_on):
    assert not backend().verify_claims({"iss": ISSUER, "email": CLAIMS["email"]})
    assert AuditEvent.objects.filter(action="sso refused").exists()


# ---------------------------------------------------------------------------------------------- the ID token


def id_token(**claims):
    now = int(time.time())
    payload = {"iss": ISSUER, "aud": CLIENT_ID, "sub": "1", "nonce": "n", "iat": now, "exp": now + 300, **claims}
    return jwt.encode(payload, KEY, algorithm="RS256", headers={"kid": "k"})


@pytest.mark.parametrize(
    ("claims", "reason"),
    [({"iss": "https://elders.example"}, "issuer differs"), ({"aud": "another-app"}, "audience differs")],
)
def test_an_id_token_for_another_issuer_or_client_is_refused(db, sso_on, claims, reason):
    sso_on.OIDC_RP_IDP_SIGN_KEY = PUBLIC_PEM
    assert backend().verify_token(id_token(), nonce="n")["sub"] == "1"
    with pytest.raises(SuspiciousOperation):
        backend().verify_token(id_token(**claims), nonce="n")
    assert AuditEvent.objects.get(action="sso refused").details["reason"] == reason


def test_an_id_token_with_another_nonce_or_signature_is_refused(db, sso_on):
    sso_on.OIDC_RP_IDP_SIGN_KEY = PUBLIC_PEM
    with pytest.raises(SuspiciousOperation):
        backend().verify_token(id_token(), nonce="other")
    shared = "a-shared-secret-of-32-bytes-or-more"
    forged = jwt.encode({"iss": ISSUER, "aud": CLIENT_ID, "sub": "1", "nonce": "n"}, shared, algorithm="HS256")
    with pytest.raises(SuspiciousOperation):
        backend().verify_token(forged, nonce="n")


# ---------------------------------------------------------------------------------------------- views


def test_sso_off_means_no_button_and_no_urls(client, db):
    page = client.get(reverse("login")).content.decode()
    assert "/oidc/" not in page
    for name in ("oidc_authentication_init", "oidc_authentication_callback", "oidc_logout"):
        assert client.get(reverse(name)).status_code == 404
        assert client.post(reverse(name)).status_code == 404
    assert sso.Backend().authenticate(RequestFactory().get("/oidc/callback/?code=c&state=s")) is None


def test_sso_off_ends_an_sso_session(client, db, sso_on, settings):
    user = backend().create_user(CLAIMS)
    client.force_login(user, backend="accounts.sso.Backend")
    assert client.get(reverse("dossier:list")).status_code == 200
    settings.OIDC_RP_CLIENT_ID = ""
    assert client.get(reverse("dossier:list")).status_code == 302


def test_the_button_leads_to_the_provider_with_pkce_nonce_and_state(client, db, sso_on):
    page = client.get(reverse("login") + "?next=/notificaties/").content.decode()
    assert "Inloggen met Twenterand-account" in page
    answer = client.get(reverse("oidc_authentication_init") + "?next=/notificaties/")
    assert answer.status_code == 302
    location = answer["Location"]
    assert location.startswith(sso_on.OIDC_OP_AUTHORIZATION_ENDPOINT + "?")
    for part in ("code_challenge_method=S256", "code_challenge=", "nonce=", "state=", "scope=openid+email+profile"):
        assert part in location
    assert "redirect_uri=http%3A%2F%2Ftestserver%2Foidc%2Fcallback%2F" in location


def test_an_unknown_state_is_refused_with_a_message(client, db, sso_on):
    client.get(reverse("oidc_authentication_init"))
    answer = client.get(reverse("oidc_authentication_callback") + "?code=the-code&state=forged", follow=True)
    assert answer.redirect_chain[-1][0] == reverse("login")
    assert "Inloggen via de identiteitsprovider is niet gelukt" in answer.content.decode()
    assert "_auth_user_id" not in client.session
    refused = AuditEvent.objects.get(action="sso refused")
    assert "the-code" not in str(refused.details) and "forged" not in str(refused.details)


def test_a_refused_callback_leaves_no_code_in_the_lock_out_records(client, db, sso_on, monkeypatch):
    """A sub mismatch makes authenticate fail, so django-axes records the attempt, with the query string masked."""
    client.get(reverse("oidc_authentication_init"))
    state, stored = next(iter(client.session["oidc_states"].items()))
    payload = {"iss": ISSUER, "sub": CLAIMS["sub"], "nonce": stored["nonce"]}
    monkeypatch.setattr(sso.Backend, "get_token", lambda self, data: {"id_token": "i", "access_token": "a"})
    monkeypatch.setattr(sso.Backend, "verify_token", lambda self, token, **kwargs: payload)
    userinfo_answer(monkeypatch, {**CLAIMS, "sub": "someone-else"})
    answer = client.get(reverse("oidc_authentication_callback") + f"?code=the-secret-code&state={state}")
    assert answer.status_code == 302 and answer["Location"] == reverse("login")
    assert "_auth_user_id" not in client.session
    attempts = " ".join(f"{a.get_data} {a.post_data}" for a in AccessAttempt.objects.all())
    assert "the-secret-code" not in attempts and state not in attempts
    assert "the-secret-code" not in str(list(AuditEvent.objects.values_list("details", flat=True)))


def test_logging_out_ends_the_session_here_and_at_the_provider(client, db, sso_on):
    sso_on.OIDC_OP_LOGOUT_ENDPOINT = f"{ISSUER}/protocol/openid-connect/logout"
    sso_on.OIDC_OP_LOGOUT_URL_METHOD = "accounts.sso.provider_logout_url"
    client.force_login(backend().create_user(CLAIMS), backend="accounts.sso.Backend")
    # The header's log-out button of an SSO session posts to the SSO log-out; a local session's to the local one.
    page = client.get(reverse("dossier:list")).content.decode()
    assert f'action="{reverse("oidc_logout")}"' in page and f'action="{reverse("logout")}"' not in page
    assert client.get(reverse("oidc_logout")).status_code == 405  # a log-out is a POST (CSRF-protected)
    answer = client.post(reverse("oidc_logout"))
    assert answer["Location"] == (
        f"{ISSUER}/protocol/openid-connect/logout?client_id={CLIENT_ID}"
        "&post_logout_redirect_uri=http%3A%2F%2Ftestserver%2Faccounts%2Flogin%2F"
    )
    assert "_auth_user_id" not in client.session
    assert AuditEvent.objects.filter(action="logout").exists()
