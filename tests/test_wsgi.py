"""The WSGI entry point, loaded as gunicorn loads it (a process of its own: freezing the collector is for good)."""

import os
import subprocess
import sys

from django.conf import settings

PROBE = """
import gc, sys
import config.wsgi
frozen = gc.get_freeze_count()
views = "scenarios.views" in sys.modules and "documents.views" in sys.modules
print(frozen, views, config.wsgi.keep_large_blocks())
"""


def test_the_loaded_application_is_frozen_out_of_the_collectors_sight():
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings.ci"}
    done = subprocess.run(  # noqa: S603 - our own interpreter and a fixed script
        [sys.executable, "-c", PROBE], cwd=settings.BASE_DIR, env=env, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    frozen, views, allocator = done.stdout.split()
    # Everything loaded by then (Django, the apps, every view through the URLconf) is out of the full collections.
    assert int(frozen) > 50_000
    assert views == "True"
    # On glibc (this image) the allocator keeps large blocks for numpy's arrays.
    assert allocator == "True"
