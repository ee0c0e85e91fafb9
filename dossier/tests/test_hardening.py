"""Security settings and behaviour that hold for the whole site: the Content-Security-Policy, the production
deploy check, login throttling, the idle timeout, the audit log and the page shown while the database is away."""

import logging
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.db import OperationalError
from django.test import Client, override_settings
from django.urls import path, reverse

from dossier.middleware import LAST_SEEN
from dossier.models import Membership, Role
from dossier.tests.factories import UserFactory

ROOT = Path(__file__).resolve().parents[2]
PASSWORD = "een-lang-wachtwoord-2026"


@pytest.fixture
def user(db):
    return UserFactory(username="sanne", password=PASSWORD)


def login(client, username="sanne", password=PASSWORD):
    return client.post(reverse("login"), {"username": username, "password": password})


def last_request_ago(client, seconds: int) -> None:
    """Pretend the session's last request was `seconds` ago."""
    session = client.session
    session[LAST_SEEN] = int(time.time()) - seconds
    session.save()


def directives(header: str) -> dict[str, list[str]]:
    return {d.split()[0]: d.split()[1:] for d in (part.strip() for part in header.split(";")) if d}


@pytest.mark.django_db
def test_every_page_has_a_strict_csp(client, user):
    client.force_login(user)
    for url in (reverse("login"), reverse("dossier:list"), reverse("notifications")):
        header = client.get(url)["Content-Security-Policy"]
        policy = directives(header)
        assert policy["default-src"] == ["'self'"]
        assert policy["script-src"] == ["'self'"] and policy["style-src"] == ["'self'"]
        assert policy["frame-ancestors"] == ["'none'"] and policy["object-src"] == ["'none'"]
        assert "unsafe-inline" not in header and "unsafe-eval" not in header


@pytest.mark.django_db
def test_htmx_is_configured_for_the_csp(client, user):
    """htmx 2 injects an indicator <style> and may eval; base.html switches both off and keeps requests on site."""
    client.force_login(user)
    html = client.get(reverse("dossier:list")).content.decode()
    assert '"includeIndicatorStyles": false' in html
    assert '"allowEval": false' in html and '"selfRequestsOnly": true' in html
    assert "<script>" not in html and " style=" not in html and "hx-on" not in html


def test_templates_have_no_inline_script_or_style():
    """CSP refuses them in the browser; catch them before a user does (the PDF templates are not served under it
    as pages with scripts, but have none either)."""
    offenders = []
    for template in (ROOT / "templates").rglob("*.html"):
        text = template.read_text()
        if "<script>" in text or " style=" in text or "<style" in text or "hx-on" in text:
            offenders.append(str(template.relative_to(ROOT)))
    assert offenders == []


PRODUCTION = {
    "DJANGO_SETTINGS_MODULE": "config.settings.production",
    "SECRET_KEY": "x" * 30 + "-production-like-secret-key-0123456789",
    "ALLOWED_HOSTS": "beslisdossier.example.nl",
    # Nothing listens there: `check` without --database opens no connection.
    "DATABASE_URL": "postgres://u:p@127.0.0.1:9/x",
    "PATH": "/usr/bin:/bin",
}


def deploy_check(**env):
    return subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=PRODUCTION | env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_production_settings_pass_the_deploy_check():
    result = deploy_check()
    assert result.returncode == 0, result.stdout + result.stderr
    assert "beslisdossier.W001" not in result.stdout + result.stderr


def test_production_settings_refuse_sqlite():
    """A forgotten DATABASE_URL falls back to SQLite: production refuses to start on it."""
    without_url = {k: v for k, v in PRODUCTION.items() if k != "DATABASE_URL"}
    for env in (PRODUCTION | {"DATABASE_URL": "sqlite:///:memory:"}, without_url):
        result = subprocess.run(
            [sys.executable, "manage.py", "check"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
        )
        assert result.returncode != 0
        assert "PostgreSQL" in result.stderr and "ALLOW_SQLITE_IN_PRODUCTION" in result.stderr


def test_production_on_sqlite_allowed_knowingly_is_still_warned_about():
    result = deploy_check(DATABASE_URL="sqlite:///:memory:", ALLOW_SQLITE_IN_PRODUCTION="1")
    assert result.returncode != 0  # --fail-level WARNING
    assert "beslisdossier.W001" in result.stderr and "SQLite" in result.stderr
    plain = subprocess.run(  # without --deploy the settings load and nothing is said
        [sys.executable, "manage.py", "check"],
        cwd=ROOT,
        env=PRODUCTION | {"DATABASE_URL": "sqlite:///:memory:", "ALLOW_SQLITE_IN_PRODUCTION": "1"},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert plain.returncode == 0 and "W001" not in plain.stdout + plain.stderr


@pytest.mark.django_db
def test_production_settings_refuse_a_missing_secret():
    result = subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=ROOT,
        env={"DJANGO_SETTINGS_MODULE": "config.settings.production", "ALLOWED_HOSTS": "x", "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode != 0 and "SECRET_KEY" in result.stderr


@pytest.mark.django_db
@override_settings(AXES_FAILURE_LIMIT=3)
def test_repeated_failed_logins_lock_the_username_out_and_are_logged(client, user, caplog):
    caplog.set_level(logging.INFO)
    for _ in range(2):
        response = login(client, password="fout")
        assert response.status_code == 200 and "sanne" not in response.context.get("user").get_username()
    response = login(client, password="fout")  # the third failure locks
    assert response.status_code == 429
    assert "Tijdelijk geblokkeerd" in response.content.decode()
    # Even the right password is refused while locked out.
    response = login(client)
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session
    failures = [r for r in caplog.records if r.name == "dossier.audit" and "login failed" in r.getMessage()]
    assert len(failures) >= 3 and all("sanne" in r.getMessage() for r in failures)
    assert not any("fout" in r.getMessage() or PASSWORD in r.getMessage() for r in caplog.records)


@pytest.mark.django_db
@override_settings(AXES_FAILURE_LIMIT=3)
def test_a_lockout_is_per_username_and_address(client, user):
    for _ in range(3):
        login(client, password="fout")
    UserFactory(username="joris", password=PASSWORD)
    assert login(client, username="joris").status_code == 302  # another user from the same address
    assert login(Client(REMOTE_ADDR="10.0.0.9")).status_code == 302  # the same user from elsewhere


@pytest.mark.django_db
def test_a_successful_login_is_logged_without_secrets(client, user, caplog):
    caplog.set_level(logging.INFO)
    assert login(client).status_code == 302
    messages = [r.getMessage() for r in caplog.records]
    assert any("login: user=sanne" in m for m in messages)
    assert not any(PASSWORD in m or client.session.session_key in m for m in messages)


@pytest.mark.django_db
def test_refused_requests_are_logged_with_the_path_only(client, user, caplog, twenterand):
    Membership.objects.create(user=user, dossier=twenterand, role=Role.COLLEGE)
    client.force_login(user)
    caplog.set_level(logging.WARNING, logger="django.request")
    response = client.post(reverse("dossier:advice-request", args=[twenterand.slug]), {"note": "x"})
    assert response.status_code == 403
    assert any("Forbidden" in r.getMessage() and r.status_code == 403 for r in caplog.records)


@pytest.mark.django_db
@override_settings(SESSION_IDLE_TIMEOUT=600)
def test_an_idle_session_is_logged_out(client, user):
    client.force_login(user)
    assert client.get(reverse("dossier:list")).status_code == 200
    last_request_ago(client, 601)
    response = client.get(reverse("notifications"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))
    assert "next=" in response["Location"]
    assert "_auth_user_id" not in client.session
    page = client.get(response["Location"]).content.decode()
    assert "zonder activiteit" in page


@pytest.mark.django_db
@override_settings(SESSION_IDLE_TIMEOUT=600)
def test_an_idle_htmx_request_is_sent_to_the_login_page(client, user):
    client.force_login(user)
    client.get(reverse("dossier:list"))
    last_request_ago(client, 601)
    response = client.get(reverse("notifications"), headers={"HX-Request": "true"})
    assert response.status_code == 204 and response["HX-Redirect"].startswith(reverse("login"))


@pytest.mark.django_db
@override_settings(SESSION_IDLE_TIMEOUT=600)
def test_an_active_session_stays(client, user):
    client.force_login(user)
    client.get(reverse("dossier:list"))
    last_request_ago(client, 300)
    assert client.get(reverse("notifications")).status_code == 200
    assert client.session[LAST_SEEN] >= int(time.time()) - 5  # refreshed: the clock starts again


def _database_gone(request):
    raise OperationalError("server closed the connection unexpectedly")


def _broken(request):
    raise ValueError("a bug")


urlpatterns = [path("weg/", _database_gone), path("stuk/", _broken)]
handler500 = "dossier.views.errors.server_error"


@pytest.mark.django_db
@override_settings(ROOT_URLCONF=__name__)
def test_a_lost_database_gives_a_dutch_retry_page(user, caplog):
    client = Client(raise_request_exception=False)
    client.force_login(user)
    response = client.get("/weg/")
    assert response.status_code == 503 and response["Retry-After"] == "5"
    text = response.content.decode()
    assert "Probeer het over een paar seconden opnieuw" in text and "Traceback" not in text
    assert any(r.name == "dossier.errors" and "database unavailable" in r.getMessage() for r in caplog.records)
    other = client.get("/stuk/")  # any other error keeps the general page
    assert other.status_code == 500 and "Er ging iets mis" in other.content.decode()


def test_the_readme_lists_every_environment_variable():
    from django.conf import settings

    readme = (ROOT / "README.md").read_text()
    missing = [name for name in settings.ENVIRONMENT_VARIABLES if f"`{name}`" not in readme]
    assert missing == []


@pytest.mark.django_db
def test_any_htmx_request_sent_to_log_in_moves_the_whole_page(client, user):
    """Not only after the idle timeout: an expired session or a log-out in another tab too."""
    response = client.get(reverse("notifications"), headers={"HX-Request": "true"})
    assert response.status_code == 204 and response["HX-Redirect"].startswith(reverse("login"))
    assert client.get(reverse("notifications")).status_code == 302  # without htmx: the usual redirect
