"""`manage.py serve [ADDR:PORT] [--workers N]`: the development server and the task workers (`db_worker`, which make
a definitive version's PDFs) in one command, as `make run` starts them. Ctrl-C (or SIGTERM) stops them all; when one
of them stops by itself, the others are stopped too and its exit status is returned.

Each child runs in its own process group, so a signal reaches the whole of it (runserver's and db_worker's
autoreloaders start a child of their own) and nothing is left behind. Production runs gunicorn and `db_worker`
under its own supervisor instead (README)."""

import os
import signal
import subprocess
import sys
import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

GRACE = 10  # seconds a worker may finish the document it is rendering before it is killed


class Command(BaseCommand):
    help = "Run the development server and the task workers together; Ctrl-C stops them all."

    def add_arguments(self, parser):
        parser.add_argument("addrport", nargs="?", default="127.0.0.1:8000", help="address:port to serve on")
        parser.add_argument("--workers", type=int, default=2, help="task workers (one per core; default 2)")
        parser.add_argument("--interval", default="0.25", help="seconds an idle worker waits before it looks again")

    def handle(self, *args, addrport, workers, interval, **options):
        if workers < 1:
            raise CommandError("--workers must be at least 1")
        manage = [sys.executable, str(settings.BASE_DIR / "manage.py")]
        commands = [[*manage, "runserver", addrport]]
        commands += [[*manage, "db_worker", "--interval", interval, "--no-startup-delay"] for _ in range(workers)]
        # Also when started in the background of a script, where SIGINT is ignored (and Python then leaves it so).
        signal.signal(signal.SIGINT, _interrupt)
        signal.signal(signal.SIGTERM, _interrupt)
        children = []
        status = 0
        try:
            for command in commands:
                children.append(subprocess.Popen(command, start_new_session=True))  # noqa: S603
            host = addrport if ":" in addrport else f"127.0.0.1:{addrport}"
            self.stdout.write(
                f"Serving on http://{host}/ with {workers} task worker{'s' if workers > 1 else ''}; "
                "Ctrl-C stops them all."
            )
            while True:
                exited = [child for child in children if child.poll() is not None]
                if exited:
                    status = exited[0].returncode
                    self.stderr.write(f"{' '.join(exited[0].args[2:4])} stopped (exit status {status}); stopping all.")
                    break
                time.sleep(0.2)
        except KeyboardInterrupt:
            self.stdout.write("Stopping the server and the workers …")
        finally:
            _stop(children)
        if status:
            sys.exit(status)


def _interrupt(signum, frame):
    raise KeyboardInterrupt


def _stop(children) -> None:
    """SIGTERM to each child's process group (a worker finishes its task), then SIGKILL after the grace period."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # a second Ctrl-C must not leave children behind
    for child in children:
        _signal_group(child, signal.SIGTERM)
    deadline = time.monotonic() + GRACE
    for child in children:
        try:
            child.wait(timeout=max(0.1, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            pass
    for child in children:
        _signal_group(child, signal.SIGKILL)  # the group may outlive its leader (an autoreloader's child)
        child.wait()


def _signal_group(child, signum) -> None:
    try:
        os.killpg(child.pid, signum)
    except ProcessLookupError:
        pass
