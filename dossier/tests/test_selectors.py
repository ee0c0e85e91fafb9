"""Dashboard figures and the deploy check of the production settings."""

import datetime
import os
import secrets
import subprocess
import sys

import pytest
from django.conf import settings

from dossier.selectors import dossier_dashboard

from .factories import DossierFactory, FunctionFactory, MilestoneFactory, ResearchAreaFactory

pytestmark = pytest.mark.django_db
TODAY = datetime.date(2026, 11, 22)


def test_dashboard_counts_days_to_the_next_open_milestone_and_flags_overdue_ones():
    dossier = DossierFactory()
    MilestoneFactory(dossier=dossier, title="Te laat", date=datetime.date(2026, 9, 30))
    MilestoneFactory(dossier=dossier, title="Al gedaan", date=datetime.date(2026, 11, 30), status="gereed")
    MilestoneFactory(dossier=dossier, title="Collegebesluit", date=datetime.date(2026, 12, 15))
    MilestoneFactory(dossier=dossier, title="Later", date=datetime.date(2027, 3, 31))
    dashboard = dossier_dashboard(dossier=dossier, today=TODAY)
    assert dashboard.next_milestone.title == "Collegebesluit" and dashboard.days_to_next == 23
    assert [m.title for m in dashboard.overdue] == ["Te laat"]
    assert dashboard.dvo_days_left == (datetime.date(2026, 10, 1) - TODAY).days


def test_dashboard_reports_how_much_of_the_areas_and_functions_is_filled_in():
    dossier = DossierFactory()
    ResearchAreaFactory(dossier=dossier, findings="x", current_state="y")  # 2 of 4 fields
    FunctionFactory(dossier=dossier)  # 0 of 6
    dashboard = dossier_dashboard(dossier=dossier, today=TODAY)
    assert (dashboard.areas.filled, dashboard.areas.total, dashboard.areas.percent) == (2, 4, 50)
    assert (dashboard.functions.filled, dashboard.functions.total) == (0, 6)
    assert dashboard.next_milestone is None and dashboard.overdue == []


def test_production_settings_pass_the_deploy_check():
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"}  # set for the browser tests
    env |= {
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        "SECRET_KEY": secrets.token_urlsafe(60),
        "ALLOWED_HOSTS": "beslisdossier.twenterand.nl",
        # PostgreSQL (nothing listens there: the checks open no connection); SQLite is refused or warned about.
        "DATABASE_URL": "postgres://u:p@127.0.0.1:9/x",
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        env=env,
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_production_settings_refuse_to_start_without_a_secret_key():
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        "SECRET_KEY": "",
        "ALLOWED_HOSTS": "x",
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check"], env=env, cwd=settings.BASE_DIR, capture_output=True, text=True
    )
    assert result.returncode != 0 and "SECRET_KEY" in result.stderr
