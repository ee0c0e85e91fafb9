"""The MFA gate: a session that must pass the second factor (accounts.mfa.required) and has not goes to the
verification (or, without a device yet, to the enrolment) before any other page; htmx requests move the whole page."""

from django.contrib.auth.views import redirect_to_login
from django.http import HttpResponse
from django.urls import reverse
from django_otp import user_has_device

from . import mfa

# What an unverified session may still reach: the MFA pages themselves, logging in and out.
ALLOWED_NAMESPACES = {"mfa"}
ALLOWED_NAMES = {"login", "logout"}


class MFARequiredMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        match = request.resolver_match
        if match is not None and (match.namespace in ALLOWED_NAMESPACES or match.url_name in ALLOWED_NAMES):
            return None
        if not mfa.required(request) or request.user.is_verified():
            return None
        name = "mfa:verify" if user_has_device(request.user) else "mfa:enrol"
        if request.headers.get("HX-Request") == "true":
            response = HttpResponse(status=204)
            response["HX-Redirect"] = reverse(name)
            return response
        return redirect_to_login(request.get_full_path(), reverse(name))
