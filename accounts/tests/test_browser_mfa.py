"""MFA in the browser: beheer logs in with a password, enrols an authenticator (the test computes the app's code from
the key the page shows), keeps the backup codes, and at the next log-in passes with a backup code; every page is
checked with axe, and the enrolment page is kept as a screenshot."""

import os
import re
from base64 import b32decode
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import expect

from tests.browser_helpers import assert_accessible, log_out, page_load

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "Een-lang-wachtwoord-2026"
SCREENSHOTS = Path(os.environ.get("SCREENSHOT_DIR", "/tmp"))


@pytest.fixture
def page(transactional_db, context):
    """Closed before the test database is emptied (see tests/conftest.py)."""
    page = context.new_page()
    yield page
    page.close()


@pytest.fixture
def beheer(transactional_db):
    return get_user_model().objects.create_user(
        "beheer", password=PASSWORD, first_name="Bea", last_name="Beheer", is_staff=True, is_superuser=True
    )


def password_log_in(page, url):
    page.goto(f"{url}/accounts/login/?next=/beheer/")
    page.get_by_label("Gebruikersnaam").fill("beheer")
    page.get_by_label("Wachtwoord").fill(PASSWORD)
    with page_load(page):
        page.get_by_role("button", name="Inloggen").click()


def test_beheer_enrols_an_authenticator_and_logs_in_again_with_a_backup_code(page, live_server, beheer):
    password_log_in(page, live_server.url)
    expect(page.get_by_role("heading", level=1)).to_have_text("Tweestapsverificatie instellen")
    qr = page.get_by_role("img", name="QR-code om Beslisdossier aan uw authenticator-app toe te voegen")
    expect(qr).to_be_visible()
    assert qr.get_attribute("src").startswith("data:image/svg+xml")
    assert_accessible(page, "enrolment")
    page.screenshot(path=SCREENSHOTS / "mfa-enrol.png", full_page=True)

    secret = page.locator("#mfa-secret").inner_text().replace(" ", "")
    key = b32decode(secret + "=" * (-len(secret) % 8))
    page.get_by_label("Code").fill("000000" if f"{totp(key):06d}" != "000000" else "111111")
    page.get_by_role("button", name="Bevestigen").click()
    expect(page.get_by_text("Deze code klopt niet.")).to_be_visible()
    assert_accessible(page, "enrolment with a wrong code")

    # django-otp refuses any code for a second after a wrong one (its throttle): a user waits, the test does not.
    TOTPDevice.objects.update(throttling_failure_timestamp=None)
    page.get_by_label("Code").fill(f"{totp(key):06d}")
    with page_load(page):
        page.get_by_role("button", name="Bevestigen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Uw reservecodes")
    codes = page.locator("#backup-codes code").all_inner_texts()
    assert len(codes) == 10 and all(re.fullmatch(r"[a-z2-7]{8}", code) for code in codes)
    assert_accessible(page, "backup codes")
    page.screenshot(path=SCREENSHOTS / "mfa-backup-codes.png", full_page=True)
    with page_load(page):
        page.get_by_role("link", name="Ik heb ze bewaard: verder").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Uw dossiers")
    page.goto(f"{live_server.url}/beheer/")
    expect(page).to_have_url(f"{live_server.url}/beheer/")

    page.goto(f"{live_server.url}/")
    log_out(page)
    password_log_in(page, live_server.url)
    expect(page.get_by_role("heading", level=1)).to_have_text("Tweestapsverificatie")
    assert_accessible(page, "verification")
    page.get_by_label("Code").fill(codes[0])
    with page_load(page):
        page.get_by_role("button", name="Controleren").click()
    expect(page).to_have_url(f"{live_server.url}/beheer/")
