"""Cross-cutting request handling: the idle timeout of a session, and htmx requests that end at the login page."""

import time
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.signals import user_logged_in
from django.contrib.auth.views import redirect_to_login
from django.dispatch import receiver
from django.http import HttpResponse
from django.shortcuts import resolve_url
from django.utils.translation import gettext as _

from accounts import audit

LAST_SEEN = "last_seen"


@receiver(user_logged_in)
def start_idle_clock(sender, request, user, **kwargs):
    """The idle clock starts at log-in (so the first request after it does not write the session again)."""
    if request is not None and hasattr(request, "session"):
        request.session[LAST_SEEN] = int(time.time())


class HtmxLoginRedirectMiddleware:
    """An htmx request sent to the login page (after the idle timeout, an expired session, a log-out in another tab)
    moves the whole page there (`HX-Redirect`) instead of swapping the login form into a fragment."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if (
            request.headers.get("HX-Request") == "true"
            and response.status_code == 302
            and urlsplit(response["Location"]).path == resolve_url(settings.LOGIN_URL)
        ):
            login, response = response["Location"], HttpResponse(status=204)
            response["HX-Redirect"] = login
        return response


class IdleTimeoutMiddleware:
    """Log a user out after `SESSION_IDLE_TIMEOUT` seconds without a request. The session itself lives at most
    `SESSION_COOKIE_AGE`; the moment of the last request is written at most once per `SESSION_IDLE_RESOLUTION`
    seconds, so a busy user does not cost a session write per request."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            now = int(time.time())
            last_seen = request.session.get(LAST_SEEN)
            if last_seen is not None and now - last_seen > settings.SESSION_IDLE_TIMEOUT:
                audit.event("session expired", request=request, actor=user, idle_seconds=now - last_seen)
                logout(request)
                messages.info(
                    request,
                    _("You were logged out after %(minutes)d minutes without activity. Log in again to continue.")
                    % {"minutes": settings.SESSION_IDLE_TIMEOUT // 60},
                )
                return redirect_to_login(request.get_full_path())
            if last_seen is None or now - last_seen >= settings.SESSION_IDLE_RESOLUTION:
                request.session[LAST_SEEN] = now
        return self.get_response(request)
