"""Browser tests: the Twenterand fixture, demo accounts and a logged-in Playwright page per role."""

import pytest
from django.core.management import call_command

PASSWORD = "twenterand-demo-2026"


@pytest.fixture
def page(transactional_db, context):
    """pytest-playwright's page, set up after the test database, so it is closed before the database is emptied:
    a request the page still sends (an htmx refresh after the last step) then never reaches the live server while
    its tables are being truncated (on PostgreSQL the two deadlocked)."""
    page = context.new_page()
    yield page
    page.close()


@pytest.fixture
def twenterand(transactional_db, load_twenterand):
    dossier = load_twenterand()
    call_command("demo_accounts", stdout=open("/dev/null", "w"))  # noqa: SIM115
    return dossier


@pytest.fixture
def login(page, live_server, twenterand):
    def as_user(username):
        page.goto(f"{live_server.url}/accounts/login/")
        page.get_by_label("Gebruikersnaam").fill(username)
        page.get_by_label("Wachtwoord").fill(PASSWORD)
        page.get_by_role("button", name="Inloggen").click()
        page.wait_for_url(f"{live_server.url}/")
        return page

    return as_user
