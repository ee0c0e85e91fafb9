"""The MFA pages of a local account: enrolment (QR code and secret, confirmed with a code, then the backup codes
shown once), the verification of a session, and the page to renew the backup codes or start again. A page that
shows a secret or codes is never cached."""

from django.conf import settings
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_otp import user_has_device

from . import mfa
from .forms import CodeForm

REFUSED = {
    mfa.Outcome.WRONG: _("This code is not right. Check the time on your phone and type the code shown now."),
    mfa.Outcome.REPLAYED: _("This code has already been used. Wait for the next code of your app."),
    mfa.Outcome.THROTTLED: _("Too many wrong codes in a row. Wait a few seconds and try again."),
}


def _next(request) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return target
    return settings.LOGIN_REDIRECT_URL


def _codes_page(request, codes):
    return render(request, "accounts/mfa_backup_codes.html", {"codes": codes})


@never_cache
@require_http_methods(["GET", "POST"])
def enrol(request):
    if not mfa.offered(request):
        raise Http404
    # A new device only after verifying with what the user has (an app, or backup codes left after beheer removed it).
    if user_has_device(request.user) and not request.user.is_verified():
        return redirect("mfa:verify")
    if mfa.enrolled(request.user):  # a second app only by starting again (the reset)
        return redirect("mfa:manage")
    device = mfa.pending_device(request.user)
    form = CodeForm(request.POST or None)
    if form.is_valid():
        outcome, codes = mfa.enrolment_confirm(request, device, form.cleaned_data["code"])
        if outcome is mfa.Outcome.VERIFIED:
            return _codes_page(request, codes)
        form.add_error("code", REFUSED[outcome])
    context = {
        "form": form,
        "qr": mfa.qr_data_uri(device),
        "secret": mfa.secret_for_display(device),
        "required": mfa.required(request),
        "next": _next(request),
    }
    return render(request, "accounts/mfa_enrol.html", context)


@never_cache
@require_http_methods(["GET", "POST"])
def verify(request):
    if request.user.is_verified():
        return redirect(_next(request))
    if not user_has_device(request.user):
        return redirect("mfa:enrol")
    form = CodeForm(request.POST or None, backup=True)
    if form.is_valid():
        outcome = mfa.verify(request, form.cleaned_data["code"])
        if outcome is mfa.Outcome.VERIFIED:
            return redirect(_next(request))
        form.add_error("code", REFUSED[outcome])
    return render(request, "accounts/mfa_verify.html", {"form": form, "next": _next(request)})


def _verified_or_redirect(request):
    """The page to go to first when renewing or resetting needs a verified session, or None."""
    if not mfa.offered(request):
        raise Http404
    if not user_has_device(request.user):
        return redirect("mfa:enrol")
    return None if request.user.is_verified() else redirect("mfa:verify")


@require_GET
def manage(request):
    context = {"offered": mfa.offered(request), "enrolled": False}
    if context["offered"] and user_has_device(request.user):
        context.update(
            enrolled=True,
            verified=request.user.is_verified(),
            left=mfa.backup_codes_left(request.user),
            required=mfa.required(request),
        )
    return render(request, "accounts/mfa_manage.html", context)


@never_cache
@require_POST
def backup_codes(request):
    if (elsewhere := _verified_or_redirect(request)) is not None:
        return elsewhere
    return _codes_page(request, mfa.backup_codes_renew(request))


@require_POST
def reset(request):
    if (elsewhere := _verified_or_redirect(request)) is not None:
        return elsewhere
    mfa.reset(request)
    return redirect("mfa:enrol")
