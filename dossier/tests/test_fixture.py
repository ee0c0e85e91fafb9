"""The Twenterand fixture: complete, and loadable into an empty database of either engine."""

import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import connection

from dossier.models import Citation, Deelproduct, Dossier, InfrastructureFunction, Kader, ResearchArea, Source

FIXTURE = Path(settings.BASE_DIR) / "fixtures" / "twenterand"
SEED_FILES = {
    "000_d06c2c489346cdee",
    "001_4ffeb4260f7b8f58",
    "002_70ae589b0a2c3972",
    "003_d4f07ddffbed9196",
    "004_fffa0088c412e6e3",
}


@pytest.fixture
def twenterand(db):
    call_command("load_finance_reference", stdout=io.StringIO())
    call_command("load_dossier", str(FIXTURE))
    return Dossier.objects.get(slug="twenterand")


def test_fixture_loads_completely_into_the_test_database(twenterand):
    assert twenterand.gemeente == "Twenterand" and twenterand.zaaknummer == "1309531"
    assert str(twenterand.dvo_end) == "2026-10-01" and str(twenterand.dvo_notice_deadline) == "2025-10-01"
    assert twenterand.dvo_renewal_years == 5
    assert ResearchArea.objects.filter(dossier=twenterand).count() == 6
    assert InfrastructureFunction.objects.filter(dossier=twenterand).count() == 9
    assert Deelproduct.objects.filter(dossier=twenterand).count() == 4
    assert Kader.objects.filter(dossier=twenterand).count() == 12
    references = " ".join(Source.objects.filter(dossier=twenterand).values_list("reference", flat=True))
    assert all(seed in references for seed in SEED_FILES), "every seed document is a source"
    for text_field in Dossier.text_fields:
        assert getattr(twenterand, text_field).strip(), f"dossier.{text_field} is empty"
    for element in [
        *ResearchArea.objects.filter(dossier=twenterand),
        *InfrastructureFunction.objects.filter(dossier=twenterand),
    ]:
        assert Citation.objects.filter(object_id=element.pk, content_type__model=element._meta.model_name).count() >= 2
        assert all(getattr(element, f).strip() for f in type(element).citable_fields[:2]), element
    assert InfrastructureFunction.objects.filter(dossier=twenterand, delivered_by__key="ontplooj").exists()
    assert connection.vendor in {"sqlite", "postgresql"}


def test_loading_twice_changes_nothing(twenterand):
    rows = ResearchArea.history.count()
    call_command("load_dossier", str(FIXTURE))
    assert ResearchArea.history.count() == rows and Dossier.objects.count() == 1


def test_fixture_names_no_real_people():
    text = (FIXTURE / "dossier.json").read_text(encoding="utf-8")
    for name in ["van der Ham", "Rossen", "Koppelman", "Lenters", "Scholten", "Arjan Hof"]:
        assert name not in text


def test_load_dossier_reports_bad_files_clearly(tmp_path, db):
    call_command("load_finance_reference", stdout=io.StringIO())
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="Bestand niet gevonden"):
        call_command("load_dossier", str(tmp_path / "nope.json"))
    broken = tmp_path / "dossier.json"
    broken.write_text("{not json", encoding="utf-8")
    with pytest.raises(CommandError, match="Geen geldige JSON"):
        call_command("load_dossier", str(broken))
    data = json.loads((FIXTURE / "dossier.json").read_text(encoding="utf-8"))
    data["dossier"]["slug"] = "kapot"
    data["risks"][0]["likelihood"] = 9
    broken.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(CommandError, match="Ongeldige inhoud .*risico.*likelihood"):
        call_command("load_dossier", str(broken))
    assert not Dossier.objects.filter(slug="kapot").exists(), "nothing is half-saved"


def test_fixture_loads_into_an_empty_sqlite_database(tmp_path):
    """Whatever engine the suite runs on, the embedded default must load the fixture too."""
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{tmp_path / 'empty.sqlite3'}",
        "DJANGO_SETTINGS_MODULE": "config.settings.ci",
    }
    manage = [sys.executable, str(Path(settings.BASE_DIR) / "manage.py")]
    subprocess.run([*manage, "migrate", "-v0"], env=env, check=True, cwd=settings.BASE_DIR)
    subprocess.run([*manage, "load_finance_reference"], env=env, check=True, cwd=settings.BASE_DIR, capture_output=True)
    result = subprocess.run(
        [*manage, "load_dossier", str(FIXTURE)],
        env=env,
        check=True,
        capture_output=True,
        text=True,
        cwd=settings.BASE_DIR,
    )
    assert "geladen" in result.stdout
