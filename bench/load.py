"""Benchmark (not a test): gunicorn (2 workers) + PostgreSQL under simulated users, optionally with PostgreSQL
restarted in the middle.

Each simulated user logs in (the login form, its own kwartiermaker account) and loops, with a think time after
every request: the scenario recompute as the editor does it (an htmx save of one scenario input — a tariff, a
one-off cost or a staff line of its own, so users never conflict — answered with the saved row and the
`scenario-changed` event, then the editor's refresh of its result with the figures from before the save: was → nu),
the dossier page (bestuursopdracht), the scenario comparison, and the dossier list as the floor (the lightest
authenticated page). Times are measured by the client: connect, request, whole answer, including the wait in
gunicorn's queue.

Targets: recompute (save + refresh, as the user waits for them) p95 ≤ 50 ms, the save and the refresh each ≤ 3× the
floor's p95; pages p95 ≤ 200 ms; 0 errors.
With --restart-db: PostgreSQL is stopped (fast shutdown) halfway, kept down --outage seconds and started again.
Every request during the outage must fail cleanly (the Dutch error page asking to try again, no traceback, not
gunicorn's own 500); the application must recover by itself; no edit a user was told was saved may be missing.

Run:  .venv/bin/python bench/load.py [--minutes 2 | --seconds 30] [--users 20] [--think 1-3] [--restart-db]
It starts its own throwaway PostgreSQL (it re-executes itself under .ci/with-postgres), migrates, loads Twenterand
and the accounts, serves with `gunicorn config.wsgi -w 2` (settings config.settings.ci: DEBUG off, no static
files needed — the client fetches only pages) and removes everything afterwards."""

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

from load_client import Run, User
from load_common import ROOT
from load_report import report_latency, report_restart, worker_times
from load_server import Postgres, committed, prepare, start_gunicorn


def arguments():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    length = parser.add_mutually_exclusive_group()
    length.add_argument("--minutes", type=float, default=2, help="length of the run (default 2)")
    length.add_argument("--seconds", type=float, help="length of the run in seconds, for a quick run")
    parser.add_argument("--users", type=int, default=20, help="simulated users (default 20)")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers (default 2)")
    parser.add_argument("--threads", type=int, default=1, help="threads per gunicorn worker (default 1: sync workers)")
    parser.add_argument("--think", default="1-3", help="think time after each request, seconds MIN-MAX (default 1-3)")
    parser.add_argument(
        "--conn-max-age", type=int, default=60, help="DB_CONN_MAX_AGE for gunicorn (default 60: kept connections)"
    )
    parser.add_argument("--restart-db", action="store_true", help="restart PostgreSQL halfway through the run")
    parser.add_argument("--outage", type=float, default=5, help="seconds PostgreSQL stays down (default 5)")
    args = parser.parse_args()
    args.duration = args.seconds if args.seconds is not None else args.minutes * 60
    low, _, high = args.think.partition("-")
    args.think_range = (float(low), float(high or low))
    return args


def under_throwaway_postgres():
    """Re-execute under .ci/with-postgres, which starts a cluster, exports DATABASE_URL/PGDATA/PGBIN and removes
    the cluster afterwards."""
    if os.environ.get("BENCH_LOAD_CLUSTER") == "1":
        return
    os.environ["BENCH_LOAD_CLUSTER"] = "1"
    os.chdir(ROOT)
    script = str(ROOT / ".ci" / "with-postgres")
    os.execv(script, [script, sys.executable, str(Path(__file__).resolve()), *sys.argv[1:]])  # noqa: S606


def main():
    args = arguments()
    under_throwaway_postgres()
    os.chdir(ROOT)
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings.ci"
    work = Path(tempfile.mkdtemp(prefix="bench-load-"))
    log, access = work / "gunicorn.log", work / "access.log"
    print(f"Preparing: migrate, Twenterand, {args.users} accounts …", flush=True)
    targets = prepare(args.users)
    from django.utils import timezone

    server, port = start_gunicorn(args.workers, args.conn_max_age, log, access, args.threads)
    try:
        since = timezone.now()
        before = committed(targets, since)
        run = Run()
        users = [User(i + 1, port, t, run, args.think_range, seed=i) for i, t in enumerate(targets)]
        print(
            f"gunicorn -w {args.workers} --threads {args.threads} on 127.0.0.1:{port} "
            f"(DB_CONN_MAX_AGE={args.conn_max_age}, COMPUTED_CACHE_DIR shared by the workers); "
            f"{args.users} users, think {args.think} s, {args.duration:.0f} s"
            + (f", PostgreSQL down for {args.outage:.0f} s halfway" if args.restart_db else ""),
            flush=True,
        )
        started, load = time.monotonic(), os.getloadavg()
        for user in users:
            user.start()
        down = up = None
        if args.restart_db:
            pg = Postgres()
            run.stop.wait(args.duration / 2)
            down = time.monotonic()
            pg.stop()
            print(f"  PostgreSQL stopped at +{down - started:.1f} s", flush=True)
            time.sleep(args.outage)
            pg.start()
            up = time.monotonic()
            print(f"  PostgreSQL back at +{up - started:.1f} s", flush=True)
        run.stop.wait(max(0.0, args.duration - (time.monotonic() - started)))
        run.stop.set()
        for user in users:
            user.join(timeout=90)
        elapsed = time.monotonic() - started
        after = committed(targets, since)
    finally:
        server.terminate()
        server.wait(timeout=30)
    records = list(run.records)
    print(f"\n{len(records)} requests in {elapsed:.0f} s ({len(records) / elapsed:.1f}/s); gunicorn log: {log}")
    print(f"Load (1 min): {load[0]:.1f} at the start, {os.getloadavg()[0]:.1f} at the end; {os.cpu_count()} CPUs")
    ok = report_latency(records, args.restart_db, worker_times(access))
    if args.restart_db:
        ok = report_restart(run, down, up, before, after) and ok
    else:
        lost = sum(max(0, run.acknowledged[k] - (after[k][0] - before[k][0])) for k in after)
        print(f"Edits acknowledged: {sum(run.acknowledged.values())}; lost: {lost}")
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
