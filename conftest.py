"""Suite-wide pytest set-up: Debian's Chromium for Playwright, and loud skips (or failures in CI)."""

import os
from pathlib import Path

import pytest

CHROMIUM = Path(os.environ.get("CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
REQUIRE_BROWSER = os.environ.get("REQUIRE_BROWSER") == "1"
REQUIRE_POSTGRES = os.environ.get("REQUIRE_POSTGRES") == "1"

# Sync Playwright and the Django ORM share one thread in the browser tests.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def pytest_configure(config):
    if REQUIRE_POSTGRES and not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        raise pytest.UsageError("REQUIRE_POSTGRES=1 but DATABASE_URL does not point at PostgreSQL")


def pytest_collection_modifyitems(config, items):
    if CHROMIUM.exists():
        return
    if REQUIRE_BROWSER:
        raise pytest.UsageError(f"REQUIRE_BROWSER=1 but {CHROMIUM} is missing")
    skip = pytest.mark.skip(reason=f"SKIPPED: {CHROMIUM} not installed (apt-get install chromium)")
    for item in items:
        if "browser" in item.keywords:
            item.add_marker(skip)


def pytest_terminal_summary(terminalreporter):
    from django.db import connection

    vendor = connection.vendor
    terminalreporter.write_sep("=", f"database: {vendor}; browser: {'yes' if CHROMIUM.exists() else 'NO (skipped)'}")


@pytest.fixture
def load_twenterand():
    """A function that loads the Twenterand dossier with its reference figures and four scenarios, as `make run`
    does (for fixtures on either kind of test database)."""
    from dossier.tests.twenterand import load_twenterand

    return load_twenterand


@pytest.fixture
def twenterand(db, load_twenterand):
    """The Twenterand dossier, loaded as `make run` does."""
    return load_twenterand()


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {**browser_type_launch_args, "executable_path": str(CHROMIUM), "args": CHROMIUM_ARGS}


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    """Every browser test runs in a Dutch civil servant's browser: nl-NL (its decimal comma and date notation),
    Amsterdam time, and a common laptop screen."""
    return {
        **browser_context_args,
        "locale": "nl-NL",
        "timezone_id": "Europe/Amsterdam",
        "viewport": {"width": 1366, "height": 768},
    }
