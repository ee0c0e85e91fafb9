"""Log-in through the gemeente's identity provider with OpenID Connect (mozilla-django-oidc), configured in
config/settings/base.py from the environment; off while OIDC_RP_CLIENT_ID is empty (no button, every /oidc/ URL
answers 404, the backend authenticates nobody and ends earlier SSO sessions).

A person is identified by the provider (`iss`) and its `sub` claim (an `SsoIdentity`), never by e-mail address or
name: the library's default of matching an existing account by e-mail would let whoever controls an address at the
provider take over a local account. The ID token is checked beyond what the library does (issuer and audience), and
the userinfo's `sub` must be the ID token's (OpenID Connect Core 5.3.2). A new person gets an account on the first
log-in, without a password and without any membership: beheer gives memberships per dossier, as for local accounts.

Security events go to the audit log (accounts.audit.event): "sso login", "sso user created", and "sso refused" as a
warning with the reason; never a token, code, state or nonce."""

import logging
from urllib.parse import urlencode

import jwt
import requests
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import BACKEND_SESSION_KEY, get_user_model
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import SuspiciousOperation
from django.db import IntegrityError, transaction
from django.http import Http404
from django.shortcuts import resolve_url
from django.urls import path, reverse
from django.utils.text import slugify
from django.utils.translation import gettext as _
from mozilla_django_oidc import views
from mozilla_django_oidc.auth import OIDCAuthenticationBackend

from . import audit
from .models import SsoIdentity

SSO_BACKEND = "accounts.sso.Backend"  # the dotted path Django stores in a session logged in through SSO

USERNAME_PREFIX = "sso-"


def enabled() -> bool:
    return bool(getattr(settings, "OIDC_RP_CLIENT_ID", ""))


def context(request):
    """Template context: the provider's name for the login page's button, or None while SSO is off; and whether
    this session came in through SSO (its log-out then ends the session at the provider too)."""
    on = enabled()
    session = getattr(request, "session", None)
    through_sso = on and session is not None and session.get(BACKEND_SESSION_KEY) == SSO_BACKEND
    return {"sso_provider_name": settings.OIDC_PROVIDER_NAME if on else None, "sso_session": through_sso}


def refused(request, reason: str, **details) -> None:
    audit.event("sso refused", request=request, actor=None, level=logging.WARNING, reason=reason, **details)


def unique_username(claims: dict) -> str:
    """A readable username that no other account has: "sso-" and the person's preferred name, e-mail name or full
    name, numbered when taken. Only a label for beheer: the account is found by its SsoIdentity, never by this."""
    users = get_user_model().objects
    email_name = (claims.get("email") or "").partition("@")[0]
    full_name = f"{claims.get('given_name', '')} {claims.get('family_name', '')}"
    stem = slugify(claims.get("preferred_username") or email_name or full_name)[:40].strip("-_") or "gebruiker"
    base = f"{USERNAME_PREFIX}{stem}"
    username, number = base, 1
    while users.filter(username__iexact=username).exists():
        number += 1
        username = f"{base}-{number}"
    return username


class Backend(OIDCAuthenticationBackend):
    """mozilla-django-oidc's backend, keyed by issuer and `sub` instead of e-mail. Its dotted path,
    "accounts.sso.Backend", is what the session records; the MFA of local accounts exempts sessions of it."""

    def authenticate(self, request, **kwargs):
        if not enabled():
            return None
        return super().authenticate(request, **kwargs)

    def get_user(self, user_id):
        # Turning SSO off ends the sessions it opened.
        return super().get_user(user_id) if enabled() else None

    def verify_token(self, token, **kwargs):
        """The library checks the signature (RS256 against the provider's JWKS), expiry and nonce; the issuer and
        audience are checked here, so a token the provider made for another application is refused."""
        payload = super().verify_token(token, **kwargs)
        audience = payload.get("aud")
        audiences = [audience] if isinstance(audience, str) else list(audience or [])
        if payload.get("iss") != settings.OIDC_OP_ISSUER:
            refused(self.request, "issuer differs", issuer=str(payload.get("iss", ""))[:200])
            raise SuspiciousOperation("ID token issuer differs from OIDC_OP_ISSUER")
        client = self.OIDC_RP_CLIENT_ID
        if client not in audiences or (len(audiences) > 1 and payload.get("azp") != client):
            refused(self.request, "audience differs")
            raise SuspiciousOperation("ID token is not for this client")
        return payload

    def get_userinfo(self, access_token, id_token, payload):
        info = super().get_userinfo(access_token, id_token, payload)
        if not payload.get("sub") or info.get("sub") != payload.get("sub"):
            refused(self.request, "userinfo sub differs from ID token sub", issuer=payload.get("iss", ""))
            raise SuspiciousOperation("userinfo sub differs from the ID token's")
        return {**info, "iss": payload["iss"]}

    def verify_claims(self, claims):
        if not claims.get("sub") or len(str(claims["sub"])) > 255:
            refused(self.request, "no usable sub claim", issuer=claims.get("iss", ""))
            return False
        return True

    def describe_user_by_claims(self, claims):
        return f"sub {claims.get('sub')} at {claims.get('iss')}"

    def filter_users_by_claims(self, claims):
        return self.UserModel.objects.filter(
            sso_identities__issuer=claims["iss"], sso_identities__subject=claims["sub"]
        ).distinct()

    def create_user(self, claims):
        try:
            with transaction.atomic():
                user = self.UserModel.objects.create_user(unique_username(claims), password=None)
                SsoIdentity.objects.create(user=user, issuer=claims["iss"], subject=claims["sub"])
        except IntegrityError:
            # The same person's first log-in in two tabs at once: the other one created the account.
            return self.update_user(self.filter_users_by_claims(claims).get(), claims)
        self.update_user(user, claims)
        audit.event("sso user created", request=self.request, actor=user, issuer=claims["iss"], subject=claims["sub"])
        return user

    def update_user(self, user, claims):
        """The name and e-mail address as the provider has them now (they are display data, not identity)."""
        fields = {
            "first_name": str(claims.get("given_name") or "")[:150],
            "last_name": str(claims.get("family_name") or "")[:150],
            "email": str(claims.get("email") or "")[:254],
        }
        changed = [name for name, value in fields.items() if getattr(user, name) != value]
        for name in changed:
            setattr(user, name, fields[name])
        if changed:
            user.save(update_fields=changed)
        return user


class Callback(views.OIDCAuthenticationCallbackView):
    """The provider's redirect back: a refused answer (an error, an unknown state, a token that fails a check)
    goes back to the login page with a message, and is in the audit log."""

    def get(self, request):
        if request.GET.get("error"):
            refused(request, "provider answered with an error", error=request.GET["error"][:100])
        try:
            return super().get(request)
        except SuspiciousOperation as exc:
            refused(request, str(exc)[:200])
        except jwt.InvalidTokenError as exc:  # expired, not yet valid, malformed: the library lets these through
            refused(request, f"ID token refused: {type(exc).__name__}")
        except requests.RequestException as exc:  # the provider down, slow (OIDC_TIMEOUT) or refusing the code
            refused(request, f"provider not reachable or refused the request: {type(exc).__name__}")
        return self.login_failure()

    @property
    def failure_url(self):
        # The library redirects to the setting as is; it names a URL pattern here ("login").
        return resolve_url(settings.LOGIN_REDIRECT_URL_FAILURE)

    def login_failure(self):
        messages.error(self.request, _("Logging in through the identity provider did not succeed. Please try again."))
        return super().login_failure()

    def login_success(self):
        response = super().login_success()
        identity = self.user.sso_identities.order_by("pk").first()
        audit.event(
            "sso login",
            request=self.request,
            actor=self.user,
            issuer=identity.issuer if identity else "",
            subject=identity.subject if identity else "",
        )
        return response


def provider_logout_url(request) -> str:
    """OIDC_OP_LOGOUT_URL_METHOD: after the log-out here, end the session at the provider too (RP-initiated
    logout), coming back to the login page."""
    back = request.build_absolute_uri(reverse(settings.LOGOUT_REDIRECT_URL))
    query = urlencode({"client_id": settings.OIDC_RP_CLIENT_ID, "post_logout_redirect_uri": back})
    return f"{settings.OIDC_OP_LOGOUT_ENDPOINT}?{query}"


def when_enabled(view):
    """The library's view, reachable without a log-in (it is the log-in), and a 404 while SSO is off."""

    def wrapped(request, *args, **kwargs):
        if not enabled():
            raise Http404("SSO is off")
        return view(request, *args, **kwargs)

    return login_not_required(wrapped)


# The library's URL names, which it reverses itself (the callback).
urlpatterns = [
    path("authenticate/", when_enabled(views.OIDCAuthenticationRequestView.as_view()), name="oidc_authentication_init"),
    path("callback/", when_enabled(Callback.as_view()), name="oidc_authentication_callback"),
    path("logout/", when_enabled(views.OIDCLogoutView.as_view()), name="oidc_logout"),
]
