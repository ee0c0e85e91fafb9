"""MFA for local accounts: beheer enrols at its first log-in (QR code, secret, a code to confirm, backup codes shown
once), verifies each later session with a code from the app or a backup code; wrong and replayed codes are refused
and audited, never with the code or the secret."""

import logging
import re

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.models import AuditEvent

from .mfa_helpers import current_code, login_verified

PASSWORD = "Een-lang-wachtwoord-2026"
pytestmark = pytest.mark.django_db


@pytest.fixture
def beheer():
    return get_user_model().objects.create_user("bea", password=PASSWORD, is_staff=True, is_superuser=True)


@pytest.fixture
def member():
    return get_user_model().objects.create_user("sanne", password=PASSWORD)


def log_in(client, user):
    response = client.post(reverse("login"), {"username": user.username, "password": PASSWORD})
    assert response.status_code == 302, response.content.decode()[:500]


def enrol(client, user) -> tuple[TOTPDevice, list[str]]:
    """Enrol through the pages, as a user with an app would; returns the device and the backup codes shown."""
    client.get(reverse("mfa:enrol"))
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    response = client.post(reverse("mfa:enrol"), {"code": current_code(device)})
    assert response.status_code == 200
    return device, re.findall(r"<li><code>(\w+)</code></li>", response.content.decode())


def actions(user):
    return list(AuditEvent.objects.filter(actor=user).order_by("pk").values_list("action", flat=True))


def test_beheer_enrols_at_its_first_log_in_with_a_qr_code_and_gets_backup_codes_once(client, beheer, caplog):
    caplog.set_level(logging.INFO)
    log_in(client, beheer)
    response = client.get(reverse("admin:index"))
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('mfa:enrol')}?next={reverse('admin:index')}"

    page = client.get(response["Location"])
    device = TOTPDevice.objects.get(user=beheer, confirmed=False)
    html = page.content.decode()
    assert 'src="data:image/svg+xml' in html  # the QR code is drawn here, no external service sees the secret
    secret = re.search(r'<code id="mfa-secret">([A-Z2-7 ]+)</code>', html).group(1)
    assert "no-store" in page["Cache-Control"]
    assert client.get(reverse("admin:index")).status_code == 302  # not yet: the device is unconfirmed

    response = client.post(reverse("mfa:enrol"), {"code": current_code(device)})
    codes = re.findall(r"<li><code>(\w+)</code></li>", response.content.decode())
    assert len(codes) == 10 and len(set(codes)) == 10
    assert "no-store" in response["Cache-Control"]
    device.refresh_from_db()
    assert device.confirmed
    assert client.get(reverse("admin:index")).status_code == 200
    assert actions(beheer) == ["login", "mfa enrolled"]
    logged = " ".join(r.getMessage() for r in caplog.records) + str(list(AuditEvent.objects.values("details")))
    for secret_text in (secret.replace(" ", ""), device.key, *codes):
        assert secret_text not in logged


def test_a_wrong_code_is_refused_with_a_dutch_message_and_audited(client, beheer):
    log_in(client, beheer)
    client.get(reverse("mfa:enrol"))
    device = TOTPDevice.objects.get(user=beheer)
    wrong = f"{(int(current_code(device)) + 1) % 10**6:06d}"
    response = client.post(reverse("mfa:enrol"), {"code": wrong})
    assert response.status_code == 200
    assert "Deze code klopt niet" in response.content.decode()
    assert f'value="{wrong}"' in response.content.decode()  # what was typed stays in the field
    assert not TOTPDevice.objects.get(pk=device.pk).confirmed
    event = AuditEvent.objects.get(action="mfa failed")
    assert event.actor == beheer and event.details == {"method": "totp", "step": "enrolment"}
    assert wrong not in str(event.details)
    assert client.get(reverse("admin:index")).status_code == 302


def test_a_code_right_after_a_wrong_one_waits_for_the_throttle(client, beheer):
    log_in(client, beheer)
    client.get(reverse("mfa:enrol"))
    device = TOTPDevice.objects.get(user=beheer)
    client.post(reverse("mfa:enrol"), {"code": "000000" if current_code(device) != "000000" else "111111"})
    response = client.post(reverse("mfa:enrol"), {"code": current_code(device)})
    assert "Te veel onjuiste codes" in response.content.decode()
    TOTPDevice.objects.filter(pk=device.pk).update(throttling_failure_timestamp=None)
    response = client.post(reverse("mfa:enrol"), {"code": current_code(device)})
    assert '<ol id="backup-codes">' in response.content.decode()


def test_a_replayed_code_is_refused_and_audited(client, beheer):
    log_in(client, beheer)
    device, _codes = enrol(client, beheer)
    code = current_code(device)  # the code just used to confirm: its time step is spent
    client.post(reverse("logout"))
    log_in(client, beheer)
    response = client.post(reverse("mfa:verify"), {"code": code})
    assert response.status_code == 200
    assert "Deze code is al gebruikt" in response.content.decode()
    assert actions(beheer)[-1] == "mfa replay refused"
    assert client.get(reverse("admin:index")).status_code == 302


def test_a_later_session_is_verified_with_the_next_code_of_the_app(client, beheer):
    log_in(client, beheer)
    device, _codes = enrol(client, beheer)
    client.post(reverse("logout"))
    TOTPDevice.objects.filter(pk=device.pk).update(last_t=device.last_t - 1)  # as if 30 seconds have passed
    log_in(client, beheer)
    assert client.get(reverse("admin:index"))["Location"].startswith(reverse("mfa:verify"))
    before = client.session.session_key
    response = client.post(f"{reverse('mfa:verify')}?next=/beheer/", {"code": current_code(device), "next": "/beheer/"})
    assert response["Location"] == "/beheer/"
    assert client.session.session_key != before  # a new session key once the second factor is passed
    assert actions(beheer)[-1] == "mfa verified"


def test_a_backup_code_works_once(client, beheer):
    log_in(client, beheer)
    _device, codes = enrol(client, beheer)
    for attempt in (1, 2):
        client.post(reverse("logout"))
        log_in(client, beheer)
        response = client.post(reverse("mfa:verify"), {"code": codes[0].upper()})
        if attempt == 1:
            assert response.status_code == 302 and client.get(reverse("admin:index")).status_code == 200
            assert actions(beheer)[-1] == "mfa backup code used"
            assert AuditEvent.objects.filter(action="mfa backup code used").get().details == {
                "method": "backup",
                "left": 9,
            }
        else:
            assert "Deze code klopt niet" in response.content.decode()
            assert actions(beheer)[-1] == "mfa failed"


def test_new_backup_codes_replace_the_old_ones(client, beheer):
    log_in(client, beheer)
    _device, old = enrol(client, beheer)
    response = client.post(reverse("mfa:backup-codes"))
    assert "no-store" in response["Cache-Control"]
    new = re.findall(r"<li><code>(\w+)</code></li>", response.content.decode())
    assert len(new) == 10 and not set(new) & set(old)
    assert set(StaticToken.objects.values_list("token", flat=True)) == set(new)
    assert actions(beheer)[-1] == "mfa backup codes regenerated"
    assert client.get(reverse("mfa:manage")).content.decode().count("10 ongebruikte reservecodes") == 1


def test_an_unverified_session_can_neither_enrol_again_nor_reset(client, beheer):
    log_in(client, beheer)
    device, _codes = enrol(client, beheer)
    client.post(reverse("logout"))
    log_in(client, beheer)
    assert client.get(reverse("mfa:enrol"))["Location"] == reverse("mfa:verify")
    assert client.post(reverse("mfa:reset"))["Location"] == reverse("mfa:verify")
    assert client.post(reverse("mfa:backup-codes"))["Location"] == reverse("mfa:verify")
    assert TOTPDevice.objects.filter(user=beheer).get() == device


def test_a_verified_session_starts_again_with_a_new_device(client, beheer):
    log_in(client, beheer)
    old, _codes = enrol(client, beheer)
    assert client.post(reverse("mfa:reset"))["Location"] == reverse("mfa:enrol")
    assert not TOTPDevice.objects.filter(pk=old.pk).exists()
    assert client.get(reverse("admin:index"))["Location"].startswith(reverse("mfa:enrol"))
    new, _codes = enrol(client, beheer)
    assert new.pk != old.pk
    assert actions(beheer)[-3:] == ["mfa enrolled", "mfa reset", "mfa enrolled"]


def test_an_htmx_request_of_an_unverified_session_moves_the_whole_page(client, beheer):
    log_in(client, beheer)
    response = client.get(reverse("notifications"), headers={"HX-Request": "true"})
    assert response.status_code == 204
    assert response["HX-Redirect"] == reverse("mfa:enrol")


def test_a_member_is_offered_mfa_but_not_forced(client, member, settings):
    log_in(client, member)
    assert client.get(reverse("dossier:list")).status_code == 200
    assert "Tweestapsverificatie is niet ingesteld" in client.get(reverse("mfa:manage")).content.decode()
    settings.MFA_REQUIRED_FOR_ALL_LOCAL = True
    assert client.get(reverse("dossier:list"))["Location"].startswith(reverse("mfa:enrol"))


def test_a_member_who_enrolled_is_asked_for_a_code_at_the_next_log_in(client, member):
    log_in(client, member)
    enrol(client, member)
    client.post(reverse("logout"))
    log_in(client, member)
    assert client.get(reverse("dossier:list"))["Location"].startswith(reverse("mfa:verify"))


def test_a_session_from_the_sso_back_end_is_never_asked(client, beheer, settings):
    sso = "django.contrib.auth.backends.AllowAllUsersModelBackend"  # stands in for accounts.sso.Backend
    settings.AUTHENTICATION_BACKENDS = [*settings.AUTHENTICATION_BACKENDS, sso]
    settings.MFA_EXEMPT_BACKENDS = [sso]
    client.force_login(beheer, backend=sso)
    assert client.get(reverse("admin:index")).status_code == 200
    assert client.get(reverse("mfa:enrol")).status_code == 404
    assert "eenmalige aanmelding" in client.get(reverse("mfa:manage")).content.decode()


def test_beheer_removes_a_lost_device_in_the_admin_and_its_owner_enrols_again(client, beheer, member):
    lost = TOTPDevice.objects.create(user=member, name="authenticator", confirmed=True)
    login_verified(client, beheer)
    page = client.get(reverse("admin:otp_totp_totpdevice_change", args=[lost.pk])).content.decode()
    assert lost.key not in page and 'name="_save"' not in page  # no key shown, nothing to change
    response = client.post(reverse("admin:otp_totp_totpdevice_delete", args=[lost.pk]), {"post": "yes"})
    assert response.status_code == 302 and not TOTPDevice.objects.filter(pk=lost.pk).exists()
    event = AuditEvent.objects.get(action="mfa device removed")
    assert (event.actor, event.details) == (beheer, {"subject": "sanne", "kind": "totpdevice"})
