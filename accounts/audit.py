"""The security audit log: one helper, `event`, for every security event (log-in, log-out, failures, lock-outs,
MFA, SSO, role changes, imports, decisions), written to the `dossier.audit` logger and as an AuditEvent row, with
actor, time and address. Never a password, token, one-time code, TOTP secret or session key: callers pass only
what may be read by beheer, and `event` refuses detail names that smell of a secret."""

import logging

from axes.helpers import get_client_ip_address
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from .models import AuditEvent

log = logging.getLogger("dossier.audit")

_SECRET_WORDS = ("password", "token", "secret", "code", "otp", "session", "csrf")


def address_of(request) -> str:
    """The client's address as django-axes resolves it (behind the proxy: AXES_IPWARE_* settings), or ""."""
    if request is None:
        return ""
    try:
        return get_client_ip_address(request) or request.META.get("REMOTE_ADDR", "")
    except Exception:  # noqa: BLE001 - an odd header must never stop the request being logged
        return request.META.get("REMOTE_ADDR", "")


def event(action: str, *, request=None, actor=None, actor_name: str = "", level: int = logging.INFO, **details):
    """Record one security event. `actor` is the user who acted (default: the request's authenticated user);
    `actor_name` names someone who is not (yet) a user, as typed. `details` must be safe to show to beheer."""
    for name in details:
        if any(word in name.lower() for word in _SECRET_WORDS):
            raise ValueError(f"audit detail {name!r} may hold a secret")
    if actor is None and request is not None:
        user = getattr(request, "user", None)
        actor = user if user is not None and user.is_authenticated else None
    name = (actor.get_username() if actor is not None else actor_name)[:150]
    address = address_of(request)[:45]
    safe = {
        key: value if isinstance(value, int | float | bool | type(None)) else str(value)
        for key, value in details.items()
    }
    AuditEvent.objects.create(action=action, actor=actor, actor_name=name, address=address, details=safe)
    extra = " ".join(f"{key}={value!r}" for key, value in safe.items())
    log.log(level, "%s: user=%s address=%s%s", action, name or "-", address or "-", f" {extra}" if extra else "")


@receiver(user_logged_in)
def logged_in(sender, request, user, **kwargs):
    event("login", request=request, actor=user, backend=getattr(user, "backend", "") or "")


@receiver(user_logged_out)
def logged_out(sender, request, user, **kwargs):
    event("logout", request=request, actor=user, actor_name="-" if user is None else "")


@receiver(user_login_failed)
def login_failed(sender, credentials, request=None, **kwargs):
    # `credentials` is already cleansed by Django (the password is masked); only the username is recorded.
    event(
        "login failed",
        request=request,
        actor=None,
        actor_name=str(credentials.get("username", ""))[:150],
        level=logging.WARNING,
    )
