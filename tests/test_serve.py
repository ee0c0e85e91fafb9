"""`manage.py serve` (what `make run` ends with): the development server and the task workers start together, the
server answers, and one Ctrl-C stops every process of them, the autoreloaders' children included."""

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from django.db import connection

from .test_worker import DATABASE_BACKEND, _database_url

pytestmark = pytest.mark.django_db(transaction=True)
ROOT = Path(__file__).resolve().parent.parent


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _processes_of(parent: int) -> list[int]:
    """Every descendant of the process `parent` (from ps)."""
    out = subprocess.run(["ps", "-eo", "pid=,ppid="], capture_output=True, text=True, check=True).stdout
    rows = [tuple(int(x) for x in line.split()) for line in out.splitlines() if line.strip()]
    family = {parent}
    changed = True
    while changed:
        changed = False
        for pid, ppid in rows:
            if ppid in family and pid not in family:
                family.add(pid)
                changed = True
    return sorted(family - {parent})


def test_serve_runs_server_and_workers_and_ctrl_c_stops_them_all(transactional_db, tmp_path):
    assert connection.vendor in ("sqlite", "postgresql")
    port = _free_port()
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.ci",
        "DATABASE_URL": _database_url(),
        "TASKS_BACKEND": DATABASE_BACKEND,
    }
    log = tmp_path / "serve.log"
    with open(log, "w") as out:
        launcher = subprocess.Popen(
            [sys.executable, str(ROOT / "manage.py"), "serve", f"127.0.0.1:{port}", "--workers", "2"],
            cwd=ROOT,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    try:
        deadline = time.monotonic() + 120
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/accounts/login/", timeout=5) as answer:
                    assert answer.status == 200
                    break
            except OSError:
                assert launcher.poll() is None, log.read_text()
                assert time.monotonic() < deadline, log.read_text()
                time.sleep(0.2)
        children = _processes_of(launcher.pid)
        commands = subprocess.run(
            ["ps", "-o", "args=", "-p", ",".join(map(str, children))], capture_output=True, text=True
        ).stdout
        assert commands.count("db_worker") >= 2 and "runserver" in commands, commands
        assert f"Serving on http://127.0.0.1:{port}/" in log.read_text()

        launcher.send_signal(signal.SIGINT)  # Ctrl-C
        assert launcher.wait(timeout=60) == 0
        for pid in children:
            deadline = time.monotonic() + 15
            while Path(f"/proc/{pid}").exists() and time.monotonic() < deadline:
                time.sleep(0.1)
            assert not Path(f"/proc/{pid}").exists() or "Z" in Path(f"/proc/{pid}/stat").read_text().split()[2], pid
    finally:
        if launcher.poll() is None:
            launcher.kill()
            launcher.wait()
