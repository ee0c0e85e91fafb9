"""Benchmark (not a test): the history page of a dossier with 10,000 history rows. The page is one UNION over the
history tables, sorted and cut in SQL, and only its 50 rows are read whole, so it should cost about the same with 40
rows or 10,000. Target: history page, unfiltered and filtered, server time p95 ≤ 200 ms.

The rows are written as people write them: edits through the services (numbers, texts, choices, a function's
organisations) by three people, spread over half a year, with an undo or a redo now and then.

Run: .venv/bin/python bench/history_page.py [repeats] [rows] [--postgres]   (a throwaway SQLite database, or with
--postgres a throwaway PostgreSQL cluster through .ci/with-postgres; DEBUG off)"""

import gc
import os
import sys
from pathlib import Path

if "--postgres" in sys.argv and os.environ.get("BENCH_POSTGRES") != "1":  # again, under a throwaway cluster
    os.environ["BENCH_POSTGRES"] = "1"
    root = Path(__file__).resolve().parent.parent
    script = str(root / ".ci" / "with-postgres")
    os.execv(script, [script, sys.executable, str(Path(__file__).resolve()), *sys.argv[1:]])  # noqa: S606
if os.environ.get("BENCH_POSTGRES") == "1":
    os.environ["BENCH_DATABASE_URL"] = os.environ["DATABASE_URL"]

from common import load_twenterand, timed  # noqa: E402  (it sets up Django)
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402


def seed(total: int) -> None:
    """Edits through the services until the dossier's history holds `total` rows."""
    import datetime
    from decimal import Decimal

    from django.contrib.auth import get_user_model
    from django.utils import timezone

    from dossier import services
    from dossier.history import audited_models
    from dossier.models import Dossier, InfrastructureFunction, Kader, Milestone, Organisation, ResearchArea, Risk
    from scenarios.models import OneOffCost, ProviderTariff

    dossier = Dossier.objects.get(slug="twenterand")
    people = [get_user_model().objects.get(username=u) for u in ("kwartiermaker", "werkgroep-financien", "college")]
    organisations = list(Organisation.objects.filter(dossier=dossier))
    edits = [
        (
            Risk,
            lambda obj, i: {"likelihood": 1 + i % 5, "impact": 1 + (i // 5) % 5, "status": ["open", "beheerst"][i % 2]},
        ),
        (ResearchArea, lambda obj, i: {"findings": f"{obj.findings[:200]} Bevinding {i}."}),
        (ProviderTariff, lambda obj, i: {"amount": Decimal(4000 + 37 * i) / 10}),
        (OneOffCost, lambda obj, i: {"amount": Decimal(100_000 + i), "year": 2027 + i % 3}),
        (Milestone, lambda obj, i: {"date": datetime.date(2026, 1, 1) + datetime.timedelta(days=i % 700)}),
        (Kader, lambda obj, i: {"title": f"{obj.title.split(' (')[0]} ({i})"}),
        (InfrastructureFunction, lambda obj, i: {"delivered_by": organisations[i % 4 : i % 4 + 1 + i % 3]}),
    ]
    elements = [
        (model, obj, change) for model, change in edits for obj in model.objects.filter(dossier=dossier).order_by("pk")
    ]

    def count():
        return sum(
            services.history_model(m)
            ._default_manager.filter(**({"id": dossier.pk} if m is Dossier else {"dossier_id": dossier.pk}))
            .count()
            for m in audited_models()
        )

    have, i = count(), 0
    while have < total:
        model, obj, change = elements[i % len(elements)]
        obj = model.objects.get(pk=obj.pk)
        user = people[i % 2] if i % 11 else people[0]
        services.content_update(instance=obj, data=change(obj, i), user=user, expected_version=obj.version)
        have += 1
        if i % 20 == 7 and have < total:  # now and then an undo, and sometimes its redo
            step = services.element_steps(model, obj.pk).undo
            record = services.history_model(model)._default_manager.get(history_id=step.history_id)
            services.change_undo(record=record, user=user)
            have += 1
            if i % 40 == 7 and have < total:
                services.change_redo(record=record, user=user)
                have += 1
        i += 1
    # Spread the edits over half a year after the load, in the order they were written (a bench's shortcut: no
    # service writes dates); the load stays one morning at the start.
    rows = []
    for model in audited_models():
        history = services.history_model(model)._default_manager
        rows += [(r.history_date, r.history_id, history, r) for r in history.exclude(history_user=None)]
    rows.sort(key=lambda r: (r[0], r[1]))
    start = timezone.now() - datetime.timedelta(days=183)
    step = datetime.timedelta(days=182) / max(len(rows), 1)
    by_model = {}
    for n, (_date, _id, history, record) in enumerate(rows):
        record.history_date = start + datetime.timedelta(days=1) + n * step
        by_model.setdefault(history, []).append(record)
    loaded = []
    for model in audited_models():  # the load: the morning before, as it happened
        history = services.history_model(model)._default_manager
        loaded += [(history, r) for r in history.filter(history_user=None)]
    first = min((r.history_date for _h, r in loaded), default=start)
    for history, record in loaded:
        record.history_date = start + (record.history_date - first)
        by_model.setdefault(history, []).append(record)
    for history, records in by_model.items():
        history.bulk_update(records, ["history_date"], batch_size=500)
    if connection.vendor == "postgresql":  # what autovacuum does soon after so many writes, not during the timing
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
    return count()


def main(repeats: int = 60, total: int = 10_000):
    load_twenterand()

    from django.contrib.auth import get_user_model
    from django.utils import timezone

    from dossier.models import Risk

    client = Client()
    client.force_login(get_user_model().objects.get(username="kwartiermaker"))
    base = "/d/twenterand/geschiedenis/"

    def queries(url):
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
        return len(ctx.captured_queries)

    before = queries(base)
    rows = seed(total)
    # Time the page as a fresh worker serves it, not in the aftermath of 10,000 writes in this process.
    connection.close()
    gc.collect()
    sanne = get_user_model().objects.get(username="kwartiermaker")
    risk = Risk.objects.filter(dossier__slug="twenterand").order_by("pk").first()
    month_ago = (timezone.localdate() - timezone.timedelta(days=30)).isoformat()
    pages = {
        "history, page 1": base,
        "history, page 200 (5,000 rows deep)": f"{base}?pagina=200",
        "kind: risks": f"{base}?soort=risico",
        "kind + person + last 30 days": f"{base}?soort=tarief&persoon={sanne.pk}&van={month_ago}",
        "one element (a risk)": f"{base}?element=risico:{risk.pk}",
    }
    vendor = connection.vendor
    print(f"History page with {rows:,} history rows in the dossier, {repeats} runs each (server time, {vendor}):")
    worst = 0.0
    for name, url in pages.items():
        median, p95 = timed(lambda url=url: client.get(url), repeats)
        worst = max(worst, p95)
        print(f"  {name:32s} median {median:6.1f} ms   p95 {p95:6.1f} ms   queries {queries(url)}")
    print(f"  (the unfiltered page with the {before} queries it needs before the 10,000 rows: now {queries(base)})")
    print(f"Target history page p95 ≤ 200 ms: {'met' if worst <= 200 else 'NOT met'} (slowest p95 {worst:.1f} ms)")


if __name__ == "__main__":
    numbers = [int(a) for a in sys.argv[1:] if a.isdigit()]
    main(*numbers[:2])
