"""The werkgroep's query counts: the risks page, the bestuursopdracht, the threads overview, the advice matrix and a
thread's page and panel use the same number of queries however many comments there are (thousands), and the answer
to an in-place save counts only the comments of its own kind of element."""

import datetime
import re

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from dossier.kinds import KINDS
from dossier.models import Role
from dossier.tests.factories import MembershipFactory, RiskFactory

from .. import anchors, services
from ..models import AdviceRound, Comment, CommentRevision, Thread
from .helpers import HTMX, Status, url

pytestmark = pytest.mark.django_db


def bulk_comments(dossier, author, targets, count, *, per_thread=10, start=0):
    """`count` comments in threads of `per_thread`, spread round-robin over `targets` ((object, part) pairs).
    One comment in seven is withdrawn; every third thread is settled. Returns {(ct id, pk, part): visible count}."""
    now = timezone.now()
    threads = []
    for i in range((count + per_thread - 1) // per_thread):
        obj, part = targets[i % len(targets)]
        atype = anchors.anchor_type_for(obj)
        threads.append(
            Thread(
                dossier=dossier,
                content_type=ContentType.objects.get_for_model(obj),
                object_id=obj.pk,
                anchor_kind=atype.name,
                part=part,
                anchor_label=str(obj)[:300],
                opened_by=author,
                discipline="juridisch",
                status=Status.VERWERKT if i % 3 == 2 else Status.OPEN,
                opened_at=now - datetime.timedelta(minutes=start + i),
            )
        )
    threads = Thread.objects.bulk_create(threads)
    comments = [
        Comment(
            thread=threads[n // per_thread],
            author=author,
            role=Role.WERKGROEP,
            discipline="juridisch",
            text=f"Reactie {start + n}",
            created_at=now - datetime.timedelta(seconds=start + n),
            withdrawn_at=now if n % 7 == 6 else None,
        )
        for n in range(count)
    ]
    Comment.objects.bulk_create(comments, batch_size=1000)
    visible = {}
    for comment in comments:
        t = comment.thread
        key = (t.content_type_id, t.object_id, t.part)
        visible[key] = visible.get(key, 0) + (comment.withdrawn_at is None)
    return visible


def queries(client, address, **headers) -> int:
    """The queries of one GET (after a first GET, so per-process caches such as content types are warm)."""
    assert client.get(address, **headers).status_code == 200
    with CaptureQueriesContext(connection) as captured:
        response = client.get(address, **headers)
    assert response.status_code == 200
    return len(captured)


def comment_link_counts(page: str) -> dict[str, int]:
    """The number each comment link shows, by the link's address."""
    return {
        href: int(number)
        for href, number in re.findall(r'<a id="[^"]*" class="comment-link" href="([^"]+)"[^>]*>(\d+)', page)
    }


@pytest.fixture
def risks(dossier):
    return [RiskFactory(dossier=dossier, description=f"Risico {n}") for n in range(20)]


def test_the_risks_page_counts_comments_in_the_same_queries_however_many_there_are(client_as, dossier, members, risks):
    client = client_as("college")
    address = url("risks", dossier)
    targets = [(r, "") for r in risks]
    bulk_comments(dossier, members["werkgroep"], targets[:5], 10, per_thread=2)
    few = queries(client, address)

    bulk_comments(dossier, members["werkgroep"], targets, 4_990, start=10)
    many = queries(client, address)

    assert many == few
    expected = _visible_counts(dossier)
    shown = comment_link_counts(client.get(address).content.decode())
    ct = ContentType.objects.get_for_model(risks[0]).pk
    for r in risks:
        assert shown[url("anchor-threads", dossier, kind="risico", pk=r.pk)] == expected[(ct, r.pk, "")]


def _visible_counts(dossier):
    counts = {}
    for t in Thread.objects.filter(dossier=dossier).prefetch_related("comments"):
        key = (t.content_type_id, t.object_id, t.part)
        counts[key] = counts.get(key, 0) + sum(1 for c in t.comments.all() if c.withdrawn_at is None)
    return counts


def test_the_bestuursopdracht_page_counts_comments_in_the_same_queries(client_as, dossier, members):
    client = client_as("werkgroep")
    address = url("bestuursopdracht", dossier)
    targets = [(dossier, section.key) for section in KINDS["bestuursopdracht"].sections]
    bulk_comments(dossier, members["werkgroep"], targets, 10, per_thread=2)
    few = queries(client, address)

    bulk_comments(dossier, members["werkgroep"], targets, 4_990, start=10)
    many = queries(client, address)

    assert many == few
    shown = comment_link_counts(client.get(address).content.decode())
    ct = ContentType.objects.get_for_model(dossier).pk
    expected = _visible_counts(dossier)
    for section in KINDS["bestuursopdracht"].sections:
        link = url("anchor-threads-part", dossier, kind="bestuursopdracht", pk=dossier.pk, part=section.key)
        assert shown[link] == expected[(ct, dossier.pk, section.key)]


@pytest.mark.parametrize("query", ["", "?te_doen=1", "?status=open&soort=risico"])
def test_the_overview_uses_the_same_queries_however_many_comments(client_as, dossier, members, risks, query):
    client = client_as("kwartiermaker")
    address = url("threads", dossier) + query
    targets = [(dossier, ""), *((r, "") for r in risks)]  # both kinds of element on every first page
    bulk_comments(dossier, members["werkgroep"], targets, 10, per_thread=1)
    few = queries(client, address)

    bulk_comments(dossier, members["werkgroep"], targets, 4_990, start=10)
    many = queries(client, address)

    assert many == few


@pytest.mark.parametrize("role", ["kwartiermaker", "werkgroep", "college"])
def test_the_advice_matrix_uses_the_same_queries_however_many_comments(client_as, dossier, m, members, risks, role):
    client = client_as(role)
    address = url("advice", dossier)
    targets = [(r, "") for r in risks]
    bulk_comments(dossier, members["werkgroep"], targets, 10, per_thread=2)
    first = services.advice_round_request(membership=m["kwartiermaker"])
    colleague = MembershipFactory(dossier=dossier, role=Role.WERKGROEP, discipline="hr")
    services.advice_give(
        membership=colleague, advice_round=first, verdict="positief", text="Ok", threads=Thread.objects.all()[:3]
    )
    few = queries(client, address)

    bulk_comments(dossier, members["werkgroep"], targets, 4_990, start=10)
    services.advice_round_request(membership=m["kwartiermaker"])
    second = AdviceRound.objects.get(number=2)
    services.advice_give(
        membership=colleague, advice_round=second, verdict="negatief", text="Nee", threads=Thread.objects.all()[:50]
    )
    many = queries(client, address)

    assert many == few


def test_a_thread_page_and_panel_use_the_same_queries_however_many_comments(client_as, dossier, members, risk):
    client = client_as("werkgroep")
    bulk_comments(dossier, members["werkgroep"], [(risk, "")], 4, per_thread=2)
    thread = Thread.objects.first()
    pages = [
        url("thread", dossier, pk=thread.pk),
        url("anchor-threads", dossier, kind="risico", pk=risk.pk),
    ]
    few = [queries(client, p) for p in pages] + [queries(client, pages[1], **HTMX)]

    bulk_comments(dossier, members["werkgroep"], [(risk, "")], 200, per_thread=50, start=4)
    Comment.objects.filter(thread=thread).update(edited_at=timezone.now())
    for comment in Comment.objects.filter(thread=thread):
        CommentRevision.objects.create(comment=comment, text="Oud", written_at=comment.created_at)
    many = [queries(client, p) for p in pages] + [queries(client, pages[1], **HTMX)]

    assert many == few


def test_a_saved_row_counts_only_the_comments_of_its_kind_and_shows_its_own(client_as, dossier, members, risks):
    """The answer to an in-place save (htmx) shows the element's comment count; it counts the comments of that
    kind of element only, not the whole dossier's (thousands, on other kinds, would cost more than the save)."""
    from dossier.models import Deelproduct

    area = Deelproduct.objects.create(dossier=dossier, number=1, title="Werkbedrijf", description="")
    visible = bulk_comments(dossier, members["werkgroep"], [(risks[0], ""), (area, "")], 40, per_thread=5)
    risk = risks[0]
    client = client_as("kwartiermaker")
    data = {
        "description": "Aangescherpt",
        "likelihood": risk.likelihood,
        "impact": risk.impact,
        "mitigation": risk.mitigation,
        "owner": risk.owner,
        "status": risk.status,
        "expected_version": risk.version,
    }
    with CaptureQueriesContext(connection) as captured:
        response = client.post(url("edit", dossier, kind="risico", pk=risk.pk), data, **HTMX)
    assert response.status_code == 200, response.content.decode()[:500]
    counting = [q["sql"] for q in captured if 'FROM "dossier_thread"' in q["sql"] and "COUNT(" in q["sql"]]
    assert len(counting) == 1 and "content_type_id" in counting[0].split("WHERE", 1)[1]
    ct = ContentType.objects.get_for_model(risk).pk
    shown = comment_link_counts(response.content.decode())
    assert shown[url("anchor-threads", dossier, kind="risico", pk=risk.pk)] == visible[(ct, risk.pk, "")]
