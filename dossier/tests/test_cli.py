"""The commands scripts call: a bad call prints exactly one line "<command>: <problem>" on stderr (no banner of a
library before it) and exits 2, and writes nothing."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

CALLS = [
    ["proposal_pdf", "--dossier", "bestaat-niet", "--out", "{tmp}/voorstel.pdf"],
    ["dossier_export", "--dossier", "bestaat-niet", "--out", "{tmp}/export.json"],
    ["dossier_import", "{tmp}/bestaat-niet.json"],
    ["scenario_compare", "--dossier", "bestaat-niet"],
    ["scenario_compare"],  # argparse's own complaint (a required option) takes the same form
]


def manage(*args, database: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings.ci", "DATABASE_URL": f"sqlite:///{database}"}
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=300
    )


@pytest.fixture(scope="module")
def database(tmp_path_factory):
    path = tmp_path_factory.mktemp("cli") / "db.sqlite3"
    assert manage("migrate", "--verbosity", "0", database=path).returncode == 0
    return path


@pytest.mark.parametrize("call", CALLS, ids=[" ".join(c[:2]) for c in CALLS])
def test_a_bad_call_says_one_line_and_exits_2(call, database, tmp_path):
    result = manage(*[part.format(tmp=tmp_path) for part in call], database=database)
    assert result.returncode == 2, result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"{call[0]}: "), result.stderr
    assert list(tmp_path.iterdir()) == []
