"""Benchmark (not a test): dossier pages when the werkgroep has written 5,000 comments. Every element shows its
comment count (one grouped query per page), so the pages should cost about the same as without comments.
Target: a dossier page with 5,000 comments, server time p95 ≤ 200 ms.

Run: .venv/bin/python bench/werkgroep_pages.py [repeats] [comments]   (a throwaway SQLite database; DEBUG off)"""

import sys

from common import load_twenterand, timed  # first: it sets up Django
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext


def seed(total: int) -> None:
    """`total` comments in threads of 5 on the risks, the research areas, the functions and the
    bestuursopdracht's sections, by the werkgroep and the kwartiermaker, a third of the threads settled."""
    from django.contrib.auth import get_user_model
    from django.contrib.contenttypes.models import ContentType

    from dossier.models import Dossier, InfrastructureFunction, ResearchArea, Risk
    from werkgroep.anchors import anchor_type_for
    from werkgroep.models import Comment, Thread

    dossier = Dossier.objects.get(slug="twenterand")
    users = {u.username: u for u in get_user_model().objects.all()}
    writers = [
        (users["werkgroep-juridisch"], "werkgroep", "juridisch"),
        (users["werkgroep-financien"], "werkgroep", "financien"),
        (users["kwartiermaker"], "kwartiermaker", ""),
    ]
    anchors = [(o, "") for o in Risk.objects.filter(dossier=dossier)]
    anchors += [(o, "") for o in ResearchArea.objects.filter(dossier=dossier)]
    anchors += [(o, "") for o in InfrastructureFunction.objects.filter(dossier=dossier)]
    anchors += [(dossier, name) for name in Dossier.text_fields]
    threads = []
    for n in range(total // 5):
        obj, part = anchors[n % len(anchors)]
        author, _role, discipline = writers[n % 2]
        threads.append(
            Thread(
                dossier=dossier,
                content_type=ContentType.objects.get_for_model(obj),
                object_id=obj.pk,
                anchor_kind=anchor_type_for(obj).name,
                part=part,
                anchor_label=str(obj)[:90],
                opened_by=author,
                discipline=discipline,
                status=["open", "open", "verwerkt"][n % 3],
            )
        )
    threads = Thread.objects.bulk_create(threads)
    comments = [
        Comment(
            thread=t,
            author=writers[(i + k) % 3][0],
            role=writers[(i + k) % 3][1],
            discipline=writers[(i + k) % 3][2],
            text=f"Reactie {k + 1} in discussie {i}: zie **paragraaf {k}** en [de bron](https://example.org/{i}).",
        )
        for i, t in enumerate(threads)
        for k in range(5)
    ]
    Comment.objects.bulk_create(comments, batch_size=1000)


def main(repeats: int = 60, total: int = 5000):
    load_twenterand()

    from django.contrib.auth import get_user_model

    from dossier.models import ResearchArea, Risk
    from werkgroep.models import Comment

    client = Client()
    client.force_login(get_user_model().objects.get(username="werkgroep-juridisch"))
    area = ResearchArea.objects.filter(dossier__slug="twenterand").order_by("number").first()
    risk = Risk.objects.filter(dossier__slug="twenterand").first()
    pages = {
        "bestuursopdracht (9 text sections + items)": "/d/twenterand/bestuursopdracht/",
        "risks (every risk with its count)": "/d/twenterand/risicos/",
        "research area 1": f"/d/twenterand/onderzoeksgebieden/{area.number}/",
        "comments overview (page 1 of 50)": "/d/twenterand/reacties/",
        "threads of one risk (panel, htmx)": f"/d/twenterand/reacties/risico/{risk.pk}/",
    }

    def queries(url):
        with CaptureQueriesContext(connection) as ctx:
            client.get(url)
        return len(ctx.captured_queries)

    before = {name: queries(url) for name, url in pages.items()}
    seed(total)
    print(f"Werkgroep pages with {Comment.objects.count():,} comments, {repeats} runs each (server time, SQLite):")
    worst = 0.0
    for name, url in pages.items():
        median, p95 = timed(lambda url=url: client.get(url), repeats)
        after = queries(url)
        if not name.startswith("threads of one"):
            worst = max(worst, p95)
        print(f"  {name:44s} median {median:6.1f} ms   p95 {p95:6.1f} ms   queries {before[name]} → {after}")
    print(f"Target dossier page p95 ≤ 200 ms: {'met' if worst <= 200 else 'NOT met'} (slowest page p95 {worst:.1f} ms)")


if __name__ == "__main__":
    main(*(int(a) for a in sys.argv[1:3]))
