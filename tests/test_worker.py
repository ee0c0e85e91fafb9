"""The documents of a definitive version made by a REAL worker process (`manage.py db_worker` of django-tasks-db)
against the test database: freeze → progress → download; a failed render shows the retry and the retry succeeds;
a worker killed mid-render leaves its document waiting or being made, never a version that claims a PDF it lacks.

The requests go through Django's test client in this process, which enqueues through the database backend like the
server does; the worker reads the same database (on SQLite the test database is a file, see config/settings/ci.py).
"""

import os
import signal
import subprocess
import sys
import time
from datetime import timedelta
from pathlib import Path

import pytest
from django.db import connection
from django.tasks import task_backends
from django.urls import reverse
from django.utils import timezone
from django.utils.connection import Local

from documents.models import DossierVersion, VersionDocument
from documents.viewmodel import DOCUMENTS
from dossier.models import Membership, Role

pytestmark = pytest.mark.django_db(transaction=True)
ROOT = Path(__file__).resolve().parent.parent
DATABASE_BACKEND = "django_tasks_db.DatabaseBackend"
WAIT = 180  # seconds at most for the worker (a busy 2-core machine); the tests wait for a state, not for a time


def _reset_task_backends():
    task_backends._settings = None
    task_backends.__dict__.pop("settings", None)
    task_backends._connections = Local(task_backends.thread_critical)


@pytest.fixture
def database_tasks(settings):
    """This process enqueues into the database, as the server does in production."""
    settings.TASKS = {"default": {"BACKEND": DATABASE_BACKEND, "QUEUES": ["default"]}}
    _reset_task_backends()
    yield
    _reset_task_backends()


def _database_url() -> str:
    db = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{db['NAME']}"
    return f"postgres://{db['USER']}:{db['PASSWORD']}@{db['HOST'] or 'localhost'}:{db['PORT'] or 5432}/{db['NAME']}"


@pytest.fixture
def worker(database_tasks, tmp_path):
    """Starts worker processes on the test database; all are killed at the end."""
    started = []

    def start(*, hooks: dict | None = None):
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "config.settings.ci",
            "DATABASE_URL": _database_url(),
            "TASKS_BACKEND": DATABASE_BACKEND,
            **(hooks or {}),
        }
        program = [str(ROOT / "tests" / "worker_hooks.py")] if hooks else [str(ROOT / "manage.py"), "db_worker"]
        log = open(tmp_path / f"worker-{len(started)}.log", "w")  # noqa: SIM115
        process = subprocess.Popen(
            [sys.executable, *program, "--interval", "0.1", "--no-startup-delay", "--no-reload"],
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        started.append(process)
        return process

    yield start
    for process in started:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


@pytest.fixture
def kwartiermaker(twenterand):
    return Membership.objects.filter(dossier=twenterand, role=Role.KWARTIERMAKER).select_related("user").first()


def wait_for(condition, what: str):
    deadline = time.monotonic() + WAIT
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.1)
    raise AssertionError(f"not within {WAIT} s: {what}")


def states() -> dict[str, str]:
    return dict(VersionDocument.objects.values_list("document", "state"))


def freeze(client):
    response = client.post(reverse("dossier:versions", args=["twenterand"]), {"status": "definitief"})
    assert response.status_code == 302, response.content.decode()[:2000]
    return DossierVersion.objects.get(dossier__slug="twenterand", status="definitief")


def test_freeze_progress_and_download_with_a_real_worker(client, kwartiermaker, worker):
    from django_tasks_db.models import DBTaskResult

    client.force_login(kwartiermaker.user)
    version = freeze(client)
    assert set(states().values()) == {"waiting"}
    assert DBTaskResult.objects.count() == len(DOCUMENTS)  # enqueued when the freeze committed
    worker()
    progress = reverse("dossier:version-documents", args=["twenterand", version.number])
    seen = set()

    def all_ready():
        fragment = client.get(progress).content.decode()
        seen.add(sum(1 for s in states().values() if s == "ready"))
        return "hx-trigger" not in fragment  # the page stops polling when nothing is left to wait for

    wait_for(all_ready, "every document made")
    assert set(states().values()) == {"ready"}, states()
    assert seen >= {len(DOCUMENTS)}
    assert set(DBTaskResult.objects.values_list("status", flat=True)) == {"SUCCESSFUL"}
    client.force_login(Membership.objects.get(dossier=version.dossier, role=Role.COLLEGE).user)
    pdf = client.get(reverse("dossier:document-pdf", args=["twenterand", version.number, "collegevoorstel"]))
    assert pdf.status_code == 200 and bytes(pdf.content).startswith(b"%PDF")
    assert pdf["X-Content-SHA256"] == VersionDocument.objects.get(version=version, document="collegevoorstel").sha256


def test_a_failed_render_is_retried_by_the_kwartiermaker_and_then_succeeds(client, kwartiermaker, worker, tmp_path):
    marker = tmp_path / "fail"
    marker.touch()
    worker(hooks={"RENDER_FAIL_WHILE": str(marker)})
    client.force_login(kwartiermaker.user)
    version = freeze(client)
    wait_for(lambda: set(states().values()) == {"failed"}, "every render failed")
    page = client.get(reverse("dossier:version", args=["twenterand", version.number])).content.decode()
    retry = reverse("dossier:document-retry", args=["twenterand", version.number, "collegevoorstel"])
    assert f'action="{retry}"' in page and "opzettelijk, in de test" in page
    pdf = reverse("dossier:document-pdf", args=["twenterand", version.number, "collegevoorstel"])
    assert client.get(pdf).status_code == 409

    marker.unlink()  # whatever broke is mended
    assert client.post(retry, headers={"HX-Request": "true"}).status_code == 200
    wait_for(lambda: states()["collegevoorstel"] == "ready", "the retried document made")
    response = client.get(pdf)
    assert response.status_code == 200 and bytes(response.content).startswith(b"%PDF")
    assert VersionDocument.objects.get(version=version, document="collegevoorstel").attempt == 2
    assert {s for d, s in states().items() if d != "collegevoorstel"} == {"failed"}  # only what was retried


def test_a_worker_killed_mid_render_leaves_no_document_claimed_that_is_not_stored(client, kwartiermaker, worker):
    hung = worker(hooks={"RENDER_HANG": "600"})
    client.force_login(kwartiermaker.user)
    version = freeze(client)
    wait_for(lambda: "rendering" in states().values(), "a render started")
    os.killpg(hung.pid, signal.SIGKILL)  # the worker dies mid-render
    hung.wait()

    rows = VersionDocument.objects.filter(version=version)
    assert rows.count() == len(DOCUMENTS)
    assert not rows.filter(state="ready").exists() and set(states().values()) <= {"waiting", "rendering"}
    assert all(row.content in (b"", None) or bytes(row.content) == b"" for row in rows)
    pdf = reverse("dossier:document-pdf", args=["twenterand", version.number, "collegevoorstel"])
    assert client.get(pdf).status_code == 409
    page = client.get(reverse("dossier:version", args=["twenterand", version.number])).content.decode()
    assert "hx-trigger" in page  # still to come, not yet called stuck

    # Minutes later the stuck render is offered again; a new worker makes it.
    stuck = rows.get(state="rendering")
    rows.filter(pk=stuck.pk).update(started_at=timezone.now() - timedelta(hours=1))
    retry = reverse("dossier:document-retry", args=["twenterand", version.number, stuck.document])
    assert (
        f'action="{retry}"'
        in client.get(reverse("dossier:version", args=["twenterand", version.number])).content.decode()
    )
    assert client.post(retry).status_code == 302
    worker()
    wait_for(lambda: set(states().values()) == {"ready"}, "every document made by the new worker")
    assert rows.get(pk=stuck.pk).attempt == 2
