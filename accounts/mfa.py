"""MFA for local accounts (django-otp): a TOTP authenticator app plus single-use backup codes. Who must pass it, the
enrolment, the verification of a session and the renewal of the backup codes; every step is audited, never with a
code or a secret."""

import enum
import logging
import time
from base64 import b32encode

import django_otp
import segno
from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY
from django.contrib.auth.signals import user_logged_in
from django.db import transaction
from django.dispatch import receiver
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from . import audit

# The session remembers that its user enrolled (set at log-in and at enrolment), so a member who chose MFA is asked
# for it without a query on every request.
ENROLLED = "mfa_enrolled"
DEVICE_NAME = "authenticator"
BACKUP_NAME = "backup"


class Outcome(enum.Enum):
    VERIFIED = "verified"
    WRONG = "wrong"
    REPLAYED = "replayed"  # a right code that was already used (or an older one): refused
    THROTTLED = "throttled"  # too many wrong codes in a row: wait before the next try


def exempt(request) -> bool:
    """A session from a back-end whose log-in is already multi-factor (the gemeente's SSO)."""
    return request.session.get(BACKEND_SESSION_KEY) in settings.MFA_EXEMPT_BACKENDS


def required(request) -> bool:
    """Must this session's user pass the second factor? Beheer always, every local account when the setting says so,
    and whoever enrolled; never a session from an exempt back-end."""
    user = request.user
    if not user.is_authenticated or exempt(request):
        return False
    return user.is_staff or settings.MFA_REQUIRED_FOR_ALL_LOCAL or bool(request.session.get(ENROLLED))


def offered(request) -> bool:
    """May this session's user enrol (a local account, not SSO)?"""
    return request.user.is_authenticated and not exempt(request)


def enrolled(user) -> bool:
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


@receiver(user_logged_in)
def remember_enrolment(sender, request, user, **kwargs):
    if request is not None and hasattr(request, "session"):
        request.session[ENROLLED] = enrolled(user)


def pending_device(user) -> TOTPDevice:
    """The unconfirmed device of an enrolment under way (made once, so a reload shows the same QR code)."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("pk").last()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=DEVICE_NAME, confirmed=False)
    return device


def qr_data_uri(device: TOTPDevice) -> str:
    """The otpauth:// address as a QR code in an SVG data: URI, drawn here (no external service sees the secret)."""
    return segno.make(device.config_url, error="m").svg_data_uri(scale=5, border=2)


def secret_for_display(device: TOTPDevice) -> str:
    """The base32 secret in groups of four, for typing it into an app by hand."""
    secret = b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


def _replayed(device: TOTPDevice, token: str) -> bool:
    """Whether `token` is a code of this device that verify_token refused only because its time step was used."""
    try:
        value = int(token)
    except ValueError:
        return False
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time()
    return totp.verify(value, device.tolerance)


def _clean(token: str) -> str:
    return "".join(token.split()).lower()


def _throttled(device) -> bool:
    allowed, _info = device.verify_is_allowed()
    return not allowed


def _login(request, device):
    """The session has passed the second factor: remember the device, and give the session a new key (as Django does
    at log-in), so a key seen before the second factor is worth nothing after it."""
    django_otp.login(request, device)
    request.session[ENROLLED] = True
    request.session.cycle_key()


def enrolment_confirm(request, device: TOTPDevice, token: str) -> tuple[Outcome, list[str]]:
    """Confirm the pending device with a code from the app: it replaces any earlier device, the session is verified
    and a fresh set of backup codes is returned (to be shown once)."""
    token = _clean(token)
    if _throttled(device):
        return Outcome.THROTTLED, []
    if not device.verify_token(token):
        audit.event("mfa failed", request=request, method="totp", step="enrolment", level=logging.WARNING)
        return Outcome.WRONG, []
    with transaction.atomic():
        TOTPDevice.objects.filter(user=device.user).exclude(pk=device.pk).delete()
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        codes = _new_backup_codes(device.user)
    _login(request, device)
    audit.event("mfa enrolled", request=request, method="totp", backups=len(codes))
    return Outcome.VERIFIED, codes


def verify(request, token: str) -> Outcome:
    """Verify the session with a code of the authenticator app or one of the backup codes (which is then used up)."""
    user, token = request.user, _clean(token)
    totp = TOTPDevice.objects.filter(user=user, confirmed=True).order_by("pk").last()
    backup = StaticDevice.objects.filter(user=user, confirmed=True).order_by("pk").last()
    is_totp = token.isdigit() and len(token) < 8  # an app's code has 6 digits, a backup code 8 letters and digits
    device = totp if is_totp else backup
    if device is None:
        outcome = Outcome.WRONG
    elif _throttled(device):
        outcome = Outcome.THROTTLED
    elif device.verify_token(token):
        outcome = Outcome.VERIFIED
    elif is_totp and _replayed(device, token):
        outcome = Outcome.REPLAYED
    else:
        outcome = Outcome.WRONG
    method = "totp" if is_totp else "backup"
    if outcome is Outcome.VERIFIED:
        _login(request, device)
        if is_totp:
            audit.event("mfa verified", request=request, method=method)
        else:
            left = device.token_set.count()
            audit.event("mfa backup code used", request=request, method=method, left=left)
    elif outcome is Outcome.REPLAYED:
        audit.event("mfa replay refused", request=request, method=method, level=logging.WARNING)
    elif outcome is Outcome.WRONG:
        audit.event("mfa failed", request=request, method=method, level=logging.WARNING)
    else:
        audit.event("mfa throttled", request=request, method=method, level=logging.WARNING)
    return outcome


def _new_backup_codes(user) -> list[str]:
    device, _ = StaticDevice.objects.get_or_create(user=user, name=BACKUP_NAME, defaults={"confirmed": True})
    device.token_set.all().delete()
    codes = [StaticToken.random_token() for _ in range(settings.MFA_BACKUP_CODES)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return codes


def backup_codes_renew(request) -> list[str]:
    """A new set of backup codes for the session's user; the old ones stop working."""
    with transaction.atomic():
        codes = _new_backup_codes(request.user)
    audit.event("mfa backup codes regenerated", request=request, count=len(codes))
    return codes


def backup_codes_left(user) -> int:
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()


def reset(request):
    """Remove the session's user's devices and backup codes (a lost phone, a new app): enrolment starts again."""
    with transaction.atomic():
        TOTPDevice.objects.filter(user=request.user).delete()
        StaticDevice.objects.filter(user=request.user).delete()
    request.session[ENROLLED] = False
    request.session.pop(django_otp.DEVICE_ID_SESSION_KEY, None)
    audit.event("mfa reset", request=request)
