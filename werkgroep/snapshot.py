"""What a frozen version keeps of the werkgroep (registered with the dossier's versioning in `WerkgroepConfig`)."""

from django.db.models import Prefetch

from dossier.legacy import kind_label
from dossier.models import Dossier
from dossier.values import plain_value

from .models import AdviceRound, Route, RouteStep, Thread


def snapshot_part(dossier: Dossier) -> dict:
    """The werkgroep in a version's snapshot: every thread (its anchor `label:pk` or `label:pk:part`, by the stable
    name of the element's model) with its comments (and their earlier texts), every advice round with its advice,
    and (once a version ran one) the latest advice and paraaf route as it stands, for the collegevoorstel's
    paraafblok."""
    threads = (
        Thread.objects.filter(dossier=dossier)
        .select_related("opened_by", "status_by")
        .prefetch_related("comments__author", "comments__revisions", "comments__mentions")
        .order_by("pk")
    )
    rounds = AdviceRound.objects.filter(dossier=dossier).prefetch_related("advices__advisor", "advices__threads")
    part = {
        "threads": [
            {
                "id": t.pk,
                "anchor": f"{t.anchor_kind}:{t.object_id}" + (f":{t.part}" if t.part else ""),
                "element": t.anchor_label,
                "status": t.status,
                "status_note": t.status_note,
                "in_version": t.in_version,
                "opened_by": t.opened_by.username,
                "discipline": t.discipline,
                "comments": [
                    {
                        "author": c.author.username,
                        "discipline": c.discipline,
                        "written": plain_value(c.created_at),
                        "edited": plain_value(c.edited_at),
                        "withdrawn": plain_value(c.withdrawn_at),
                        "text": c.text,
                        "earlier": [r.text for r in c.revisions.all()],
                    }
                    for c in t.comments.all()
                ],
            }
            for t in threads
        ],
        "advice": [
            {
                "round": r.number,
                "version": r.version.number if r.version_id else None,
                "advices": [
                    {
                        "discipline": a.discipline,
                        "verdict": a.verdict,
                        "text": a.text,
                        "advisor": a.advisor.username,
                        "threads": sorted(t.pk for t in a.threads.all()),
                    }
                    for a in sorted(r.advices.all(), key=lambda a: a.discipline)
                ],
            }
            for r in rounds.order_by("number")
        ],
    }
    route = _latest_route(dossier)
    if route is not None:  # only then: a dossier without a route keeps the snapshot it always had
        part["route"] = route
    return part


def _latest_route(dossier: Dossier) -> dict | None:
    """The route of the latest version submitted ter advisering: its steps by role or discipline (never a name),
    what became of each and when, and when the version was offered to the college."""
    steps = Prefetch("steps", RouteStep.objects.order_by("position"))
    route = (
        Route.objects.filter(dossier=dossier, version__isnull=False)
        .select_related("version")
        .prefetch_related(steps)
        .order_by("-version__number")
        .first()
    )
    if route is None:
        return None
    return {
        "version": route.version.number,
        "offered": plain_value(route.offered_at),
        "steps": [
            {
                "position": step.position,
                "kind": step.kind,
                "discipline": step.discipline,
                "role": step.role,
                "mandatory": step.mandatory,
                "status": step.status,
                "done": plain_value(step.done_at),
                "reason": step.skip_reason,
            }
            for step in route.steps.all()
        ],
    }


def read_part(part: dict, schema: int) -> dict:
    """The werkgroep's part of an older snapshot as `snapshot_part` makes it now: before schema 2 a thread's anchor
    named its kind by the registry's key (`risico:12`), now by the model's label (`dossier.risk:12`)."""
    if schema >= 2:
        return part
    return {**part, "threads": [{**t, "anchor": _anchor_named(t.get("anchor", ""))} for t in part.get("threads", [])]}


def _anchor_named(anchor: str) -> str:
    kind, sep, rest = anchor.partition(":")
    return f"{kind_label(kind)}{sep}{rest}"
