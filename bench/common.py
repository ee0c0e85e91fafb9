"""What the Django benchmarks share: a throwaway SQLite database with the Twenterand dossier (DEBUG off, as in
the test settings) and the timing of a request. Import it first: it sets up Django."""

import io
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.chdir(ROOT)
os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings.ci"
# A throwaway SQLite database, unless a benchmark runs under .ci/with-postgres and says so (BENCH_DATABASE_URL).
os.environ["DATABASE_URL"] = os.environ.get("BENCH_DATABASE_URL") or f"sqlite:///{tempfile.mkdtemp()}/bench.sqlite3"
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # Playwright's sync API beside the ORM

import django  # noqa: E402

django.setup()


def load_twenterand(*, accounts: bool = True) -> None:
    """Migrate the throwaway database and load Twenterand as `make run` does (demo accounts too, unless not)."""
    from django.core.management import call_command
    from django.test.utils import setup_test_environment

    from dossier.tests import twenterand

    setup_test_environment()
    out = io.StringIO()
    call_command("migrate", verbosity=0, stdout=out)
    twenterand.load_twenterand()
    if accounts:
        call_command("demo_accounts", stdout=out)


def timed(call, repeats: int) -> tuple[float, float]:
    """Median and p95 in milliseconds of `call` (a request that must answer 200), after one warm-up call."""
    call()  # warm up (templates, translations)
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        response = call()
        times.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200, response.status_code
    times.sort()
    return statistics.median(times), times[max(0, int(len(times) * 0.95) - 1)]
