"""Benchmark (not a test): freezing a definitive version of Twenterand with its documents made by real workers.

1. the freeze request (POST versies/ as the kwartiermaker, in process, DEBUG off): median and max;
2. the time from the start of that request until the whole set is ready, made by `--workers` real `db_worker`
   processes (default 2, one per core) polling every 0.1 s: the first set after the workers started (cold: they
   import WeasyPrint and load its fonts) and the median of the later ones (warm);
3. the pathological case: every risk's mitigation and every deelproduct's description rewritten at length, so the
   `wijzigingen` document (the changes against the previous version) becomes a long change list; the freeze request,
   the time until the set is ready, the render time of that document, and what a page request costs while it
   renders in the background.

WeasyPrint against Chromium on the same HTML is `bench/documents_pdf.py` (run it too; README keeps both figures).
Targets: freeze ≤ 300 ms; whole set ≤ 2 s on this 2-core machine.

Run: .venv/bin/python bench/freeze.py [repeats] [--workers N]   (a throwaway SQLite database)"""

import os
import statistics
import subprocess
import sys
import time

os.environ["TASKS_BACKEND"] = "django_tasks_db.DatabaseBackend"  # before Django reads the settings

from common import ROOT, load_twenterand  # noqa: E402  (first: it sets up Django)

LONG = " ".join(
    "De gemeente weegt het risico opnieuw af na het advies van de werkgroep, met een andere beheersmaatregel en een "
    "nieuwe verantwoordelijke voor de uitvoering".split()
)


def main(repeats: int = 5, workers: int = 2):
    load_twenterand(accounts=False)

    from django.conf import settings
    from django.test import Client
    from django.urls import reverse
    from django_tasks_db.models import DBTaskResult

    from documents.models import DossierVersion, VersionDocument
    from dossier.models import Deelproduct, Dossier, Membership, Risk, Role
    from dossier.tests.factories import UserFactory
    from scenarios.models import OneOffCost

    dossier = Dossier.objects.get(slug="twenterand")
    user = UserFactory()
    Membership.objects.create(user=user, dossier=dossier, role=Role.KWARTIERMAKER)
    client = Client()
    client.force_login(user)
    url = reverse("dossier:versions", args=["twenterand"])
    counter = iter(range(1, 10_000))

    costs = list(OneOffCost.objects.filter(scenario__dossier=dossier).order_by("pk"))

    def change():
        """A small edit of a text and of a figure, so the next freeze is not refused as the same content and has a
        scenario to compute again (its uncertainty bands, the tornados, the fan chart): the common case."""
        n = next(counter)
        risk = Risk.objects.filter(dossier=dossier).order_by("pk").first()
        Risk.objects.filter(pk=risk.pk).update(owner=f"Kwartiermaker (wijziging {n})")
        cost = costs[n % len(costs)]
        OneOffCost.objects.filter(pk=cost.pk).update(amount=cost.amount + n)

    def freeze() -> tuple[float, DossierVersion, float]:
        change()
        start = time.perf_counter()
        response = client.post(url, {"status": "definitief"})
        elapsed = time.perf_counter() - start
        assert response.status_code == 302, response.status_code
        return elapsed, DossierVersion.objects.filter(dossier=dossier).order_by("-number").first(), start

    def ready(version, start) -> float:
        rows = VersionDocument.objects.filter(version=version)
        while True:
            states = set(rows.values_list("state", flat=True))
            if states == {"ready"}:
                return time.perf_counter() - start
            assert "failed" not in states, list(rows.filter(state="failed").values_list("document", "error"))
            time.sleep(0.02)

    # 1. The request alone (no worker yet: the tasks wait in the queue and are dropped before the workers start).
    freeze()  # warm up: templates, translations, the engine's caches
    request_times = [freeze()[0] for _ in range(repeats)]
    DBTaskResult.objects.all().delete()
    VersionDocument.objects.all().update(state="failed", error="bench: not made")

    # 2. Real workers on the same database.
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{settings.DATABASES['default']['NAME']}"}
    command = [sys.executable, str(ROOT / "manage.py"), "db_worker", "--interval", "0.1", "--no-startup-delay"]
    processes = [
        subprocess.Popen([*command, "--no-reload"], cwd=ROOT, env=env, stdout=subprocess.DEVNULL)  # noqa: S603
        for _ in range(workers)
    ]
    try:
        request, version, start = freeze()
        cold = ready(version, start)
        warm = []
        for _ in range(repeats):
            request, version, start = freeze()
            request_times.append(request)
            warm.append(ready(version, start))
        per_document = {
            row.document: (row.finished_at - row.started_at).total_seconds()
            for row in VersionDocument.objects.filter(version=version)
        }

        # 3. The long change list.
        for risk in Risk.objects.filter(dossier=dossier):
            Risk.objects.filter(pk=risk.pk).update(mitigation=f"{risk.mitigation} {LONG}. " * 12)
        for item in Deelproduct.objects.filter(dossier=dossier):
            Deelproduct.objects.filter(pk=item.pk).update(description=f"{item.description} {LONG}. " * 12)
        request_long, version, start = freeze()
        page = reverse("dossier:version", args=["twenterand", version.number])
        page_times = []
        rows = VersionDocument.objects.filter(version=version)
        while rows.exclude(state="ready").exists():
            t = time.perf_counter()
            assert client.get(page).status_code == 200
            page_times.append(time.perf_counter() - t)
            time.sleep(0.05)
        whole_long = time.perf_counter() - start
        changes = rows.get(document="wijzigingen")
        changes_time = (changes.finished_at - changes.started_at).total_seconds()
    finally:
        for process in processes:
            process.terminate()
        for process in processes:
            process.wait(timeout=30)

    median_request = statistics.median(request_times)
    median_set = statistics.median(warm)
    print(f"Freeze of a definitive version of Twenterand, {workers} worker process(es), {repeats} runs:")
    print(
        f"  freeze request (POST, answers before any PDF)  median {median_request * 1000:.0f} ms   "
        f"max {max(request_times) * 1000:.0f} ms   ({len(request_times)} requests)"
    )
    print(
        f"  whole set ready, from the start of the request  warm median {median_set:.2f} s   "
        f"max {max(warm):.2f} s;   first set after the workers started {cold:.2f} s"
    )
    print("  per document (warm, last run): " + ", ".join(f"{d} {s:.2f} s" for d, s in per_document.items()))
    print(
        f"  long change list: freeze request {request_long * 1000:.0f} ms; set ready after {whole_long:.2f} s; "
        f"wijzigingen rendered in {changes_time:.2f} s ({changes.size:,} bytes)"
    )
    if page_times:
        print(
            f"  the version page meanwhile: median {statistics.median(page_times) * 1000:.0f} ms, "
            f"max {max(page_times) * 1000:.0f} ms over {len(page_times)} requests"
        )
    print(
        f"Targets: freeze ≤ 300 ms {'met' if median_request <= 0.3 else 'NOT met'}; "
        f"whole set ≤ 2 s {'met' if median_set <= 2 else 'NOT met'}"
    )


if __name__ == "__main__":
    arguments = [a for a in sys.argv[1:] if not a.startswith("--workers")]
    count = next((int(a.split("=", 1)[1]) for a in sys.argv[1:] if a.startswith("--workers=")), 2)
    main(int(arguments[0]) if arguments else 5, workers=count)
