"""COMPUTED_CACHE_DIR: the worker processes of one host share the `computed` cache (finance.computed.kept)."""

import os
import subprocess
import sys

from django.conf import settings

# Keeps a value under a key, or reads it back with a computation that must not run: what a second worker does.
PROBE = """
import sys
import django
django.setup()
from django.core.cache import caches
from finance.computed import kept

def computed_here():
    if sys.argv[1] == "read":
        raise SystemExit("computed again: the other process's value was not found")
    return {"figure": 42}

print(type(caches["computed"]).__name__, kept("test:shared", ("the same input",), computed_here)["figure"])
"""


def run(step, directory):
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings.ci", "COMPUTED_CACHE_DIR": str(directory)}
    done = subprocess.run(  # noqa: S603 - our own interpreter and a fixed script
        [sys.executable, "-c", PROBE, step], cwd=settings.BASE_DIR, env=env, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    return done.stdout.split()


def test_what_one_process_computed_another_process_finds(tmp_path):
    directory = tmp_path / "computed"
    assert run("write", directory) == ["FileBasedCache", "42"]
    assert run("read", directory) == ["FileBasedCache", "42"]
    assert oct(directory.stat().st_mode & 0o777) == "0o700"  # private to the user the application runs as


def test_without_it_each_process_keeps_its_own():
    assert settings.CACHES["computed"]["BACKEND"].endswith("LocMemCache")
