"""The load benchmark's report (bench/load.py): latency per endpoint from the client and gunicorn's access log,
and what a PostgreSQL restart did to the requests and the edits."""

import math
import re
from collections import Counter
from pathlib import Path

from load_client import Record, Run
from load_common import BOTH, COMPARISON, DOSSIER, FLOOR, LOGIN, MEASURED, RECOMPUTE, REFRESH, RESYNC, SLUG

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
