"""The audit log of authentication: who logged in or out, which username failed, from where. Never a password,
a session key or a CSRF token — only the username as typed and the client's address."""

import logging

from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

audit = logging.getLogger("dossier.audit")


def _address(request) -> str:
    return request.META.get("REMOTE_ADDR", "-") if request is not None else "-"


@receiver(user_logged_in)
def logged_in(sender, request, user, **kwargs):
    audit.info("login: user=%s address=%s", user.get_username(), _address(request))


@receiver(user_logged_out)
def logged_out(sender, request, user, **kwargs):
    audit.info("logout: user=%s address=%s", user.get_username() if user else "-", _address(request))


@receiver(user_login_failed)
def login_failed(sender, credentials, request=None, **kwargs):
    # `credentials` is already cleansed by Django (the password is masked); only the username is logged.
    audit.warning("login failed: username=%r address=%s", str(credentials.get("username", ""))[:150], _address(request))
