"""The load benchmark's application side (bench/load.py): the data and accounts, gunicorn, the throwaway
PostgreSQL it stops and starts again."""

import os
import shlex
import socket
import subprocess
import sys
import time
from pathlib import Path

from load_client import Http
from load_common import PASSWORD, ROOT, SLUG, Target

# --- the application's side: data, server, database ---------------------------------------------------------------


def prepare(users: int) -> list[Target]:
    """Migrate, load Twenterand and the accounts; one scenario input per user."""
    import io

    import django

    sys.path.insert(0, str(ROOT))
    django.setup()
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.db import connections

    from dossier.models import Membership, Role
    from dossier.tests.twenterand import load_twenterand
    from scenarios.models import OneOffCost, ProviderTariff, Scenario, StaffLine

    out = io.StringIO()
    call_command("migrate", verbosity=0, stdout=out)
    dossier = load_twenterand()
    for i in range(1, users + 1):
        user = get_user_model().objects.create_user(f"bench-{i:02d}", password=PASSWORD, first_name=f"Gebruiker {i}")
        Membership.objects.create(user=user, dossier=dossier, role=Role.KWARTIERMAKER)

    def editor(scenario):
        return f"/d/{SLUG}/scenarios/{scenario.pk}/"

    def scenario_using(provider):
        using = Scenario.objects.filter(dossier=dossier, sourcing__provider=provider).order_by("pk")
        return (
            using.exclude(kind="dvo_verlengen").first() or using.first() or Scenario.objects.filter(dossier=dossier)[0]
        )

    targets = []
    for row in ProviderTariff.objects.filter(provider__dossier=dossier).order_by("pk"):
        targets.append(
            Target("tarief", "scenarios.ProviderTariff", row.pk, "amount", editor(scenario_using(row.provider)))
        )
    for row in OneOffCost.objects.filter(scenario__dossier=dossier).order_by("pk"):
        targets.append(Target("eenmalig", "scenarios.OneOffCost", row.pk, "amount", editor(row.scenario)))
    for row in StaffLine.objects.filter(provider__dossier=dossier).order_by("pk"):
        targets.append(
            Target("personeel", "scenarios.StaffLine", row.pk, "cost_per_fte", editor(scenario_using(row.provider)))
        )
    # One input per user, so that users never edit the same row (a conflict is not what this measures). The fixture
    # has fewer inputs than the default 20 users: the rest are copies of its one-off costs, made for the bench.
    costs = list(OneOffCost.objects.filter(scenario__dossier=dossier).order_by("pk"))
    for n in range(users - len(targets)):
        if not costs:
            sys.exit(f"only {len(targets)} scenario inputs for {users} users")
        original = costs[n % len(costs)]
        copy = OneOffCost.objects.get(pk=original.pk)
        copy.pk = None
        copy.description = f"{original.description[:250]} (kopie {n + 1})"
        copy.save()
        targets.append(Target("eenmalig", "scenarios.OneOffCost", copy.pk, "amount", editor(copy.scenario)))
    connections.close_all()
    return targets[:users]


def committed(targets: list[Target], since) -> dict[tuple[int, str], tuple[int, int]]:
    """Per target: (its version now, history rows of edits since `since`)."""
    from django.apps import apps
    from django.db import connections

    counts = {}
    for target in targets:
        model = apps.get_model(target.model)
        version = model.objects.get(pk=target.pk).version
        edits = model.history.filter(id=target.pk, history_type="~", history_date__gte=since).count()
        counts[target.pk, target.model] = (version, edits)
    connections.close_all()  # no connection of ours is left open across the restart
    return counts


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_gunicorn(
    workers: int, conn_max_age: int, log: Path, access: Path, threads: int = 1
) -> tuple[subprocess.Popen, int]:
    """gunicorn's access log records each request's time in the worker (%(D)s: without the wait in the queue); with
    threads > 1 the workers are gthread workers, each serving that many requests at once."""
    port = free_port()
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.ci",
        "DB_CONN_MAX_AGE": str(conn_max_age),
        "COMPUTED_CACHE_DIR": str(log.parent / "computed"),  # as docs/operations.md recommends: shared by the workers
    }
    server = subprocess.Popen(  # noqa: S603 - our own gunicorn, fixed arguments
        [
            *(str(ROOT / ".venv" / "bin" / "gunicorn"), "config.wsgi", "-w", str(workers), "-b", f"127.0.0.1:{port}"),
            *("--access-logfile", str(access), "--access-logformat", "%(m)s %(U)s %(s)s %(D)s"),
            *(("--threads", str(threads)) if threads > 1 else ()),
        ],
        cwd=ROOT,
        env=env,
        stdout=log.open("ab"),
        stderr=subprocess.STDOUT,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if Http(port).get("/accounts/login/").status == 200:
                return server, port
        except OSError:
            pass
        time.sleep(0.2)
    server.terminate()
    sys.exit(f"gunicorn did not answer within 60 s; see {log}")


class Postgres:
    """Stop and start the throwaway cluster of .ci/with-postgres with the options it was started with."""

    def __init__(self):
        self.bin = Path(os.environ["PGBIN"])
        self.data = Path(os.environ["PGDATA"])
        options = shlex.split((self.data / "postmaster.opts").read_text())[1:]
        if "-D" in options:
            at = options.index("-D")
            del options[at : at + 2]
        self.options = shlex.join(options)

    def _pg_ctl(self, *args):
        command = [str(self.bin / "pg_ctl"), "-D", str(self.data), *args]
        if os.geteuid() == 0:
            command = ["runuser", "-u", "postgres", "--", *command]
        subprocess.run(command, check=True, stdout=subprocess.DEVNULL)  # noqa: S603 - pg_ctl of our cluster

    def stop(self):
        self._pg_ctl("-m", "fast", "-w", "stop")

    def start(self):
        self._pg_ctl("-l", str(self.data.parent / "log"), "-w", "-o", self.options, "start")
