"""The WSGI entry point, loaded as gunicorn loads it (a process of its own: freezing the collector is for good)."""

import gc
import json
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


def _loaded_as_gunicorn_does(script: str) -> str:
    """What `script` (which imports config.wsgi, as gunicorn does) prints, run in a process of its own."""
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings.ci"}
    done = subprocess.run(  # noqa: S603 - our own interpreter and a fixed script
        [sys.executable, "-c", script], cwd=settings.BASE_DIR, env=env, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_the_loaded_application_is_frozen_out_of_the_collectors_sight():
    frozen, views, allocator = _loaded_as_gunicorn_does(PROBE).split()
    # Everything loaded by then (Django, the apps, every view through the URLconf) is out of the full collections.
    assert int(frozen) > 50_000
    assert views == "True"
    # On glibc (this image) the allocator keeps large blocks for numpy's arrays.
    assert allocator == "True"


BETWEEN = """
import gc, json
import config.wsgi
from django.core.signals import request_finished
from unittest import mock

threshold0, threshold1, threshold2 = gc.get_threshold()
kept = [[] for _ in range(threshold0 // config.wsgi.SAFETY_FACTOR + 10)]  # past the usual threshold, not the new
before = gc.get_count()
request_finished.send(sender=None)
after = gc.get_count()
policy = config.wsgi.BetweenRequests((100, 2, 3))
due = []
with mock.patch("gc.collect") as collect:
    for counts in [(100, 0, 0), (101, 0, 0), (101, 2, 0), (101, 3, 0), (101, 3, 4), (101, 0, 4)]:
        with mock.patch("gc.get_count", return_value=counts):
            due.append(policy())
    calls = [c.args[0] for c in collect.call_args_list]
print(json.dumps({"thresholds": [threshold0, threshold1, threshold2], "before": before, "after": after,
                  "due": due, "calls": calls}))
"""


def test_the_collector_runs_between_requests_not_inside_them():
    seen = json.loads(_loaded_as_gunicorn_does(BETWEEN))
    usual0, usual1, usual2 = gc.get_threshold()
    # During a request only a request that allocates ten times the usual is collected automatically.
    assert seen["thresholds"] == [usual0 * 10, usual1, usual2]
    # Past the usual threshold, the end of the request collects the young generation.
    assert seen["before"][0] >= usual0
    assert seen["after"][0] < seen["before"][0]
    assert seen["after"][1] == seen["before"][1] + 1
    # The collector's own rule: past threshold0, the oldest generation past its threshold, else the youngest.
    assert seen["due"] == [None, 0, 0, 1, 2, 2]
    assert seen["calls"] == [0, 0, 1, 2, 2]
