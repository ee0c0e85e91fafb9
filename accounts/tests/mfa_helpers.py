"""For tests that log in beheer (or any user who must pass MFA): a confirmed authenticator for the user and a session
that has passed the second factor, as after the verification page; and the code an app would show now."""

from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.mfa import ENROLLED


def current_code(device: TOTPDevice) -> str:
    """The code the user's authenticator app shows now."""
    return f"{totp(device.bin_key, device.step, device.t0, device.digits, device.drift):0{device.digits}d}"


def verify_session(client, user) -> TOTPDevice:
    """Give `user` a confirmed device (their existing one, or a new one) and mark `client`'s session, logged in as
    `user` (force_login), as verified with it."""
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="authenticator", confirmed=True)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session[ENROLLED] = True
    session.save()
    return device


def login_verified(client, user) -> TOTPDevice:
    """force_login plus a verified second factor: what a staff user's session is after the verification page."""
    client.force_login(user)
    return verify_session(client, user)
