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
import http.client
import json
import math
import os
import random
import re
import shlex
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal
from html.parser import HTMLParser
from http.cookies import SimpleCookie
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from finance.numbers import input_text, parse_number  # noqa: E402 - pure Python, the one Dutch number rule

SLUG = "twenterand"
PASSWORD = "bench-load-2026"
RECOMPUTE, REFRESH, BOTH, DOSSIER, COMPARISON, FLOOR, RESYNC, LOGIN = (
    "recompute: the save (htmx)",
    "recompute: the refresh (was → nu)",
    "recompute: save + refresh",
    "dossier page (bestuursopdracht)",
    "comparison page",
    "floor: dossier list",
    "edit form (reads the version)",
    "login",
)
MEASURED = (RECOMPUTE, REFRESH, BOTH, DOSSIER, COMPARISON, FLOOR)
CLEAN = re.compile(r"probeer het\b[^<]{0,40}\bopnieuw", re.IGNORECASE)


def arguments():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    length = parser.add_mutually_exclusive_group()
    length.add_argument("--minutes", type=float, default=2, help="length of the run (default 2)")
    length.add_argument("--seconds", type=float, help="length of the run in seconds, for a quick run")
    parser.add_argument("--users", type=int, default=20, help="simulated users (default 20)")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers (default 2)")
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


# --- the application's side: data, server, database ---------------------------------------------------------------


@dataclass
class Target:
    """One scenario input a user saves again and again, and the scenario editor it is saved from."""

    kind: str  # the kind's URL key, e.g. "tarief"
    model: str  # app_label.ModelName, for counting
    pk: int
    field: str  # the number that changes
    editor: str  # path of the scenario editor whose result refreshes after the save


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
    if len(targets) < users:
        sys.exit(f"only {len(targets)} scenario inputs for {users} users")
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


def start_gunicorn(workers: int, conn_max_age: int, log: Path, access: Path) -> tuple[subprocess.Popen, int]:
    """gunicorn's access log records each request's time in the worker (%(D)s: without the wait in the queue)."""
    port = free_port()
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings.ci", "DB_CONN_MAX_AGE": str(conn_max_age)}
    server = subprocess.Popen(  # noqa: S603 - our own gunicorn, fixed arguments
        [
            *(str(ROOT / ".venv" / "bin" / "gunicorn"), "config.wsgi", "-w", str(workers), "-b", f"127.0.0.1:{port}"),
            *("--access-logfile", str(access), "--access-logformat", "%(m)s %(U)s %(s)s %(D)s"),
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


# --- the simulated users ---------------------------------------------------------------------------------------------


@dataclass
class Answer:
    status: int
    body: str
    seconds: float
    headers: dict = field(default_factory=dict)  # lower-case names


class Http:
    """A minimal browser: cookies, a fresh connection per request (gunicorn's sync workers close it anyway)."""

    def __init__(self, port: int):
        self.port = port
        self.cookies: dict[str, str] = {}

    def request(self, method: str, path: str, data: dict | None = None, headers: dict | None = None) -> Answer:
        headers = dict(headers or {})
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if data is not None:
            body = urllib.parse.urlencode(data)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            if "csrftoken" in self.cookies:
                headers["X-CSRFToken"] = self.cookies["csrftoken"]
        start = time.perf_counter()
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        try:
            conn.request(method, path, body=body, headers=headers)
            response = conn.getresponse()
            content = response.read()
        finally:
            conn.close()
        seconds = time.perf_counter() - start
        for header in response.headers.get_all("Set-Cookie") or []:
            for name, morsel in SimpleCookie(header).items():
                if morsel["max-age"] == "0" or not morsel.value:
                    self.cookies.pop(name, None)
                else:
                    self.cookies[name] = morsel.value
        headers = {k.lower(): v for k, v in response.getheaders()}
        return Answer(response.status, content.decode("utf-8", "replace"), seconds, headers)

    def get(self, path, headers=None) -> Answer:
        return self.request("GET", path, headers=headers)


class FormFields(HTMLParser):
    """The values a browser would submit for the first form of a page: inputs, checked boxes, selects, textareas."""

    def __init__(self):
        super().__init__()
        self.values: dict[str, str] = {}
        self._select = self._textarea = None
        self._done = False

    def handle_starttag(self, tag, attrs):
        if self._done:
            return
        a = dict(attrs)
        name = a.get("name")
        if tag == "input" and name and a.get("type") not in ("submit", "button"):
            if a.get("type") in ("checkbox", "radio"):
                if "checked" in a:
                    self.values[name] = a.get("value") or "on"
            else:
                self.values[name] = a.get("value") or ""
        elif tag == "select" and name:
            self._select = name
        elif tag == "option" and self._select:
            if "selected" in a or self._select not in self.values:
                self.values[self._select] = a.get("value") or ""
        elif tag == "textarea" and name:
            self._textarea = name
            self.values[name] = ""

    def handle_data(self, data):
        if self._textarea:
            self.values[self._textarea] += data

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None
        elif tag == "form":
            self._done = True


def has(text: str):
    """A check of an answer: its body contains `text`."""
    return lambda answer: text in answer.body


def form_values(page: str) -> dict[str, str]:
    parser = FormFields()
    parser.feed(page)
    return parser.values


@dataclass
class Record:
    endpoint: str
    start: float  # time.monotonic()
    end: float
    seconds: float
    ok: bool
    status: int  # 0: no answer (connection refused, reset, timeout)
    clean: bool  # a failure answered with the Dutch "probeer het opnieuw" page, no traceback
    reason: str = ""


@dataclass
class Run:
    records: list[Record] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)
    stop: threading.Event = field(default_factory=threading.Event)
    acknowledged: Counter = field(default_factory=Counter)  # target -> saves the user was told succeeded
    uncertain: Counter = field(default_factory=Counter)  # target -> saves that failed (may have committed)
    bodies: dict = field(default_factory=dict)  # one example body per kind of failure

    def add(self, record: Record, body: str = ""):
        with self.lock:
            self.records.append(record)
            if not record.ok:
                self.bodies.setdefault((record.status, record.clean), body[:600])


def clean_failure(status: int, body: str) -> bool:
    return (
        status in (500, 502, 503)
        and bool(CLEAN.search(body))
        and "Traceback" not in body
        and "Internal Server Error" not in body  # gunicorn's own page
    )


class User(threading.Thread):
    def __init__(self, number: int, port: int, target: Target, run: Run, think: tuple[float, float], seed: int):
        super().__init__(name=f"bench-{number:02d}", daemon=True)
        self.http = Http(port)
        self.target = target
        self.run_ = run
        self.think = think
        self.random = random.Random(seed)
        self.saves = 0
        self.edit_path = f"/d/{SLUG}/{target.kind}/{target.pk}/bewerken/"
        self.htmx = {"HX-Request": "true"}
        self.form: dict[str, str] | None = None  # the edit form's values, read once and after a failed save
        self.base: Decimal | None = None

    def timed(self, endpoint, call, check) -> Answer | None:
        start = time.monotonic()
        try:
            answer = call()
        except (OSError, http.client.HTTPException) as exc:
            end = time.monotonic()
            self.run_.add(Record(endpoint, start, end, end - start, False, 0, False, type(exc).__name__))
            return None
        ok = answer.status == 200 and check(answer)
        clean = not ok and clean_failure(answer.status, answer.body)
        reason = "" if ok else f"{answer.status}" + ("" if answer.status != 200 else " (unexpected body)")
        self.run_.add(
            Record(endpoint, start, start + answer.seconds, answer.seconds, ok, answer.status, clean, reason),
            answer.body,
        )
        return answer if ok else None

    def login(self) -> bool:
        """The login form, as a browser fills it in; a successful login answers 302 with a session cookie."""
        start = time.monotonic()
        try:
            page = self.http.get("/accounts/login/")
            token = form_values(page.body).get("csrfmiddlewaretoken", "")
            data = {"csrfmiddlewaretoken": token, "username": self.name, "password": PASSWORD}
            answer = self.http.request("POST", "/accounts/login/", data)
        except (OSError, http.client.HTTPException) as exc:
            self.run_.add(Record(LOGIN, start, time.monotonic(), 0, False, 0, False, type(exc).__name__))
            return False
        ok = answer.status == 302 and "sessionid" in self.http.cookies
        self.run_.add(Record(LOGIN, start, time.monotonic(), answer.seconds, ok, answer.status, False), answer.body)
        return ok

    def read_form(self) -> None:
        answer = self.timed(RESYNC, lambda: self.http.get(self.edit_path, headers=self.htmx), has("<form"))
        if answer is not None:
            self.form = form_values(answer.body)
            if self.base is None:
                self.base = parse_number(self.form[self.target.field], money=True)  # as the form shows it: 7.799,00

    def save(self) -> None:
        if self.form is None:
            self.read_form()
            if self.form is None:
                return
        self.saves += 1
        data = {**self.form, self.target.field: input_text(self.base + Decimal(self.saves % 7), places=2)}
        answer = self.timed(
            RECOMPUTE,
            lambda: self.http.request("POST", self.edit_path, data, headers=self.htmx),
            lambda a: "scenario-changed" in a.headers.get("hx-trigger-after-settle", ""),
        )
        if answer is not None:  # the editor's summary asks its result again, with the figures from before the save
            was = json.loads(answer.headers["hx-trigger-after-settle"])["scenario-changed"]["was"]
            path = f"{self.target.editor}resultaat/?{urllib.parse.urlencode({'was': was})}"
            refreshed = self.timed(REFRESH, lambda: self.http.get(path, headers=self.htmx), has("Laatste wijziging"))
            if refreshed is not None:
                start = time.monotonic()
                seconds = answer.seconds + refreshed.seconds
                self.run_.add(Record(BOTH, start - seconds, start, seconds, True, 200, False))
        key = (self.target.pk, self.target.model)
        with self.run_.lock:
            if answer is not None:
                self.run_.acknowledged[key] += 1
            else:
                self.run_.uncertain[key] += 1
        if answer is None:
            self.form = None  # read the version again before the next save
        else:
            self.form["expected_version"] = str(int(self.form["expected_version"]) + 1)

    def pause(self) -> bool:
        return not self.run_.stop.wait(self.random.uniform(*self.think))

    def run(self):
        if not self.login():
            return
        self.read_form()
        steps = [
            self.save,
            lambda: self.timed(DOSSIER, lambda: self.http.get(f"/d/{SLUG}/bestuursopdracht/"), has("<main")),
            lambda: self.timed(COMPARISON, lambda: self.http.get(f"/d/{SLUG}/scenarios/vergelijking/"), has("<main")),
            lambda: self.timed(FLOOR, lambda: self.http.get("/"), has("<main")),
        ]
        while self.pause():
            for step in steps:
                step()
                if not self.pause():
                    return


# --- the report ------------------------------------------------------------------------------------------------------


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[max(0, math.ceil(q * len(ordered)) - 1)]


def endpoint_of(method: str, path: str) -> str | None:
    if re.fullmatch(rf"/d/{SLUG}/[a-z]+/\d+/bewerken/", path):
        return RECOMPUTE if method == "POST" else RESYNC
    if re.fullmatch(rf"/d/{SLUG}/scenarios/\d+/resultaat/(\?.*)?", path):
        return REFRESH
    pages = {f"/d/{SLUG}/bestuursopdracht/": DOSSIER, f"/d/{SLUG}/scenarios/vergelijking/": COMPARISON, "/": FLOOR}
    return LOGIN if path == "/accounts/login/" else pages.get(path)


def worker_times(access: Path) -> dict[str, list[float]]:
    """Milliseconds per endpoint spent in a gunicorn worker (answered < 400), from the access log."""
    times: dict[str, list[float]] = {}
    for line in access.read_text().splitlines():
        method, path, status, micros = line.split()
        endpoint = endpoint_of(method, path)
        if endpoint is not None and int(status) < 400:
            times.setdefault(endpoint, []).append(int(micros) / 1000)
    return times


def report_latency(records: list[Record], restart: bool, worker: dict[str, list[float]]) -> bool:
    print("\nms, as the client sees it (queue included)                       | in the worker")
    print(
        f"{'endpoint':36s} {'count':>6s} {'p50':>7s} {'p95':>7s} {'p99':>7s} {'max':>7s} {'errors':>6s} | "
        f"{'p50':>6s} {'p95':>6s}"
    )
    p95 = {}
    errors = 0
    for endpoint in (*MEASURED, RESYNC, LOGIN):
        rows = [r for r in records if r.endpoint == endpoint]
        if not rows:
            continue
        good = [r.seconds * 1000 for r in rows if r.ok]
        failed = sum(not r.ok for r in rows)
        if endpoint in MEASURED:
            errors += failed
        served = worker.get(endpoint)
        inside = f"{percentile(served, 0.5):6.1f} {percentile(served, 0.95):6.1f}" if served else f"{'—':>6s} {'—':>6s}"
        if good:
            p95[endpoint] = percentile(good, 0.95)
            figures = (percentile(good, 0.5), p95[endpoint], percentile(good, 0.99), max(good))
            line = " ".join(f"{f:7.1f}" for f in figures)
        else:
            line = " ".join(f"{'—':>7s}" for _ in range(4))
        print(f"{endpoint:36s} {len(rows):6d} {line} {failed:6d} | {inside}")
    if restart:
        print("(latencies above include the restart; the targets are judged on a run without --restart-db)")
        return True
    both, floor = p95.get(BOTH, math.inf), p95.get(FLOOR, math.inf)
    checks = [
        (f"recompute (save + refresh) p95 ≤ 50 ms ({both:.1f} ms)", both <= 50),
        *[
            (
                f"{e} p95 ≤ 3× the floor's p95 ({p95.get(e, math.inf):.1f} ≤ 3 × {floor:.1f} = {3 * floor:.1f} ms)",
                p95.get(e, math.inf) <= 3 * floor,
            )
            for e in (RECOMPUTE, REFRESH)
        ],
        *[
            (f"{e} p95 ≤ 200 ms ({p95.get(e, math.inf):.1f} ms)", p95.get(e, math.inf) <= 200)
            for e in (DOSSIER, COMPARISON)
        ],
        (f"0 errors ({errors})", errors == 0),
    ]
    print("\nTargets:")
    for text, met in checks:
        print(f"  {'met    ' if met else 'NOT met'}  {text}")
    return all(met for _, met in checks)


def report_restart(run: Run, down: float, up: float, before, after) -> bool:
    records = sorted(run.records, key=lambda r: r.start)
    during = [r for r in records if r.end >= down and r.start <= up]
    after_up = [r for r in records if r.start >= up]
    first_ok = next((r for r in after_up if r.ok), None)
    failures = [r for r in records if not r.ok]
    late = [r for r in after_up if not r.ok]
    print(f"\nPostgreSQL down for {up - down:.1f} s (fast shutdown, start again with the same options).")
    statuses = Counter((r.status, "ok" if r.ok else ("clean" if r.clean else "NOT clean")) for r in during)
    print(
        f"Requests during the outage: {len(during)}; by status: "
        + ", ".join(f"{s or 'no answer'} {c}: {n}" for (s, c), n in sorted(statuses.items()))
    )
    unclean = [r for r in failures if not r.clean]
    print(f"Failed requests in the whole run: {len(failures)}; not a clean Dutch error page: {len(unclean)}")
    for (status, clean), body in run.bodies.items():
        flat = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", body)).strip()
        print(f"  e.g. {status or 'no answer'} ({'clean' if clean else 'NOT clean'}): {flat[:200]}")
    recovery = (first_ok.end - up) if first_ok else math.inf
    first_sent = (after_up[0].start - up) if after_up else math.inf
    print(
        f"First successful request after the server was back: {recovery:.2f} s "
        f"({first_ok.endpoint if first_ok else '—'}; the first request sent after it was back left at "
        f"+{first_sent:.2f} s, the users were thinking); failed requests started after it was back: {len(late)}"
    )
    for r in late[:5]:
        print(f"  {r.endpoint}: {r.status or r.reason} at +{r.start - up:.2f} s")
    acknowledged = sum(run.acknowledged.values())
    uncertain = sum(run.uncertain.values())
    versions = sum(after[k][0] - before[k][0] for k in after)
    history = sum(after[k][1] for k in after)
    lost = sum(max(0, run.acknowledged[k] - (after[k][0] - before[k][0])) for k in after)
    phantom = sum(max(0, (after[k][0] - before[k][0]) - run.acknowledged[k] - run.uncertain[k]) for k in after)
    unacknowledged = versions - acknowledged
    print(
        f"Edits: {acknowledged} acknowledged to the users, {uncertain} failed; in the database "
        f"{versions} version increments and {history} history rows written during the run "
        f"({unacknowledged} committed although the user got an error)"
    )
    checks = [
        ("every failure is a clean Dutch page asking to try again", not unclean),
        (f"recovers by itself within 10 s ({recovery:.2f} s)", recovery <= 10),
        (f"no acknowledged edit lost ({lost} lost)", lost == 0),
        ("history rows match the version increments", history == versions),
        (f"no edit appeared that nobody sent ({phantom})", phantom == 0),
    ]
    print("\nRestart checks:")
    for text, met in checks:
        print(f"  {'met    ' if met else 'NOT met'}  {text}")
    return all(met for _, met in checks)


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

    server, port = start_gunicorn(args.workers, args.conn_max_age, log, access)
    try:
        since = timezone.now()
        before = committed(targets, since)
        run = Run()
        users = [User(i + 1, port, t, run, args.think_range, seed=i) for i, t in enumerate(targets)]
        print(
            f"gunicorn -w {args.workers} on 127.0.0.1:{port} (DB_CONN_MAX_AGE={args.conn_max_age}); "
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
