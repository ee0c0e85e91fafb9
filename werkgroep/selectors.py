"""Reads of the werkgroep's work: comment counts per element, threads with their comments, the overview with
its filters, the advice matrix and the inbox. Query counts do not grow with the number of comments."""

from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, Max, Prefetch, Q
from django.http import Http404
from django.utils.translation import gettext as _

from dossier.models import Discipline, Membership, Role
from dossier.selectors import is_id

from .anchors import Anchor, anchor_type, anchor_types
from .models import Advice, AdviceReview, AdviceRound, Comment, Route, RouteRoleAssignment, RouteStep, Thread
from .notifications import visible


@dataclass(frozen=True)
class Counts:
    comments: int = 0
    open_threads: int = 0
    threads: int = 0


def comment_counts(*, dossier, content_type: ContentType | None = None) -> dict[tuple[int, int, str], Counts]:
    """(content type id, object id, part) -> counts, for every element of the dossier (or of one kind), in one
    query."""
    threads = Thread.objects.filter(dossier=dossier)
    if content_type is not None:
        threads = threads.filter(content_type=content_type)
    rows = (
        threads.values("content_type_id", "object_id", "part")
        .annotate(
            threads=Count("id", distinct=True),
            open_threads=Count("id", filter=Q(status=Thread.Status.OPEN), distinct=True),
            comments=Count("comments", filter=Q(comments__withdrawn_at__isnull=True)),
        )
        .order_by()
    )
    return {
        (r["content_type_id"], r["object_id"], r["part"]): Counts(r["comments"], r["open_threads"], r["threads"])
        for r in rows
    }


class CommentCounter:
    """The comment counts of the elements one rendering shows, counted on first use: a page counts every element of
    the dossier in one query; a fragment (htmx: a saved row, a panel) shows one element or a few, so it counts only
    the kinds it shows — in a dossier with thousands of comments the whole count would cost more than the save.
    One is made per rendering by the werkgroep's context processor (`comment_counter`), so it lives exactly as long
    as the page it counts for: nothing to invalidate, on any number of hosts."""

    def __init__(self, *, dossier, fragment: bool):
        self.dossier = dossier
        self.fragment = fragment
        self._tables: dict[int | None, dict] = {}  # content type id, or None for all kinds -> counts

    def of(self, obj, part: str = "") -> Counts:
        ct = ContentType.objects.get_for_model(obj)
        if None in self._tables or not self.fragment:
            if None not in self._tables:
                self._tables[None] = comment_counts(dossier=self.dossier)
            table = self._tables[None]
        else:
            if ct.pk not in self._tables:
                self._tables[ct.pk] = comment_counts(dossier=self.dossier, content_type=ct)
            table = self._tables[ct.pk]
        return table.get((ct.pk, obj.pk, part), Counts())


def comment_counter(request) -> CommentCounter | None:
    """The counter for one rendering of `request`'s page or fragment (None outside a dossier)."""
    dossier = getattr(request, "dossier", None)
    return None if dossier is None else CommentCounter(dossier=dossier, fragment=bool(getattr(request, "htmx", False)))


def _comments_prefetch():
    return Prefetch(
        "comments",
        Comment.objects.select_related("author").prefetch_related("revisions", "mentions").order_by("created_at", "id"),
    )


def threads_of(queryset):
    return queryset.select_related("opened_by", "status_by").prefetch_related(_comments_prefetch())


def anchor_threads(*, dossier, anchor: Anchor) -> list[Thread]:
    """The threads about one element (or one part of it), oldest first, with their comments."""
    return list(
        threads_of(
            Thread.objects.filter(
                dossier=dossier, content_type=anchor.content_type, object_id=anchor.obj.pk, part=anchor.part
            ).order_by("opened_at", "id")
        )
    )


def thread(*, dossier, pk: int) -> Thread:
    found = threads_of(Thread.objects.filter(dossier=dossier, pk=pk)).first()
    if found is None:
        raise Http404("No such thread")
    return found


def comment(*, dossier, pk: int) -> Comment:
    found = Comment.objects.select_related("thread").filter(thread__dossier=dossier, pk=pk).first()
    if found is None:
        raise Http404("No such comment")
    return found


def members(*, dossier) -> list[Membership]:
    """The dossier's members, for mentions: kwartiermaker first, then the werkgroep by discipline, then college."""
    order = {Role.KWARTIERMAKER: 0, Role.WERKGROEP: 1, Role.COLLEGE: 2}
    found = list(Membership.objects.filter(dossier=dossier).select_related("user"))
    return sorted(found, key=lambda m: (order.get(m.role, 9), m.discipline, m.user.get_full_name(), m.user.username))


# ---------------------------------------------------------------------------------------------- overview


@dataclass
class Filters:
    status: str = ""
    discipline: str = ""
    kind: str = ""  # the kind's key, as in URLs (threads store the anchor type's stable name)
    author: str = ""  # a user id, as text
    todo: bool = False

    @classmethod
    def from_query(cls, query) -> "Filters":
        status = query.get("status", "")
        discipline = query.get("discipline", "")
        kind = query.get("soort", "")
        author = query.get("auteur", "")
        return cls(
            status=status if status in Thread.Status.values else "",
            discipline=discipline if discipline in Discipline.values or discipline == "-" else "",
            kind=kind if kind in {t.key for t in anchor_types().values()} else "",
            author=author if is_id(author) else "",
            todo=query.get("te_doen") == "1",
        )

    def apply(self, queryset):
        if self.todo:
            queryset = queryset.filter(status=Thread.Status.OPEN)
        elif self.status:
            queryset = queryset.filter(status=self.status)
        if self.discipline == "-":  # opened by the kwartiermaker or someone else without a discipline
            queryset = queryset.filter(discipline="")
        elif self.discipline:
            queryset = queryset.filter(discipline=self.discipline)
        if self.kind:
            queryset = queryset.filter(anchor_kind=anchor_type(self.kind).name)
        if self.author:
            queryset = queryset.filter(opened_by_id=int(self.author))
        return queryset

    @property
    def active(self) -> bool:
        return bool(self.status or self.discipline or self.kind or self.author or self.todo)


def overview(*, dossier, filters: Filters):
    """The dossier's threads matching `filters`, with their comment count and last activity; "to do" (open,
    oldest first) for the kwartiermaker, otherwise the most recently active first."""
    queryset = filters.apply(Thread.objects.filter(dossier=dossier)).select_related("opened_by", "status_by")
    queryset = queryset.annotate(
        comment_count=Count("comments", filter=Q(comments__withdrawn_at__isnull=True)),
        last_activity=Max("comments__created_at"),
    )
    if filters.todo:
        return queryset.order_by("opened_at", "id")
    return queryset.order_by("-last_activity", "-id")


def status_counts(*, dossier) -> dict[str, int]:
    rows = Thread.objects.filter(dossier=dossier).values("status").annotate(n=Count("id")).order_by()
    return {r["status"]: r["n"] for r in rows}


def openers(*, dossier) -> list:
    """The people who opened a thread in this dossier (for the author filter)."""

    ids = Thread.objects.filter(dossier=dossier).values("opened_by_id")
    return list(get_user_model().objects.filter(pk__in=ids).order_by("first_name", "last_name", "username"))


def with_anchors(threads) -> None:
    """Give each thread its `anchor_type` and `anchor_now` (None when the element is gone), one query per kind of
    element."""
    by_type: dict[int, set[int]] = {}
    for t in threads:
        by_type.setdefault(t.content_type_id, set()).add(t.object_id)
    found: dict[tuple[int, int], object] = {}
    for ct_id, ids in by_type.items():
        model = ContentType.objects.get_for_id(ct_id).model_class()
        if model is None:
            continue
        for obj in model._default_manager.filter(pk__in=ids):
            found[(ct_id, obj.pk)] = obj
    types = anchor_types()
    for t in threads:
        obj = found.get((t.content_type_id, t.object_id))
        t.anchor_type = types.get(t.anchor_kind)
        t.anchor_now = Anchor(t.anchor_type, obj, t.part) if obj is not None and t.anchor_type else None


# ---------------------------------------------------------------------------------------------- advice


@dataclass
class MatrixRow:
    discipline: str
    label: str
    advice: Advice | None
    members: list = field(default_factory=list)


@dataclass
class Matrix:
    round: AdviceRound | None
    rows: list[MatrixRow]
    earlier: list[AdviceRound]

    @property
    def given(self) -> int:
        return sum(1 for r in self.rows if r.advice is not None)


def _advices():
    return Prefetch(
        "advices",
        Advice.objects.select_related("advisor").prefetch_related(Prefetch("threads", Thread.objects.order_by("id"))),
    )


def advice_matrix(*, dossier) -> Matrix:
    """The current round: every discipline with its advice or who has not advised yet; earlier rounds below."""
    rounds = list(
        AdviceRound.objects.filter(dossier=dossier)
        .select_related("requested_by", "version")
        .defer("version__snapshot")
        .prefetch_related(_advices())
        .order_by("-number")
    )
    current = rounds[0] if rounds else None
    given = {a.discipline: a for a in current.advices.all()} if current else {}
    by_discipline: dict[str, list] = {}
    for m in Membership.objects.filter(dossier=dossier, role=Role.WERKGROEP).select_related("user"):
        by_discipline.setdefault(m.discipline, []).append(m.user)
    rows = [
        MatrixRow(value, label, given.get(value), by_discipline.get(value, [])) for value, label in Discipline.choices
    ]
    return Matrix(current, rows, rounds[1:])


# ---------------------------------------------------------------------------------------------- inbox


def inbox(*, user):

    return (
        visible(user)
        .select_related(
            "actor", "dossier", "thread", "advice_round", "route_step__route__version", "advice_review__version"
        )
        .defer("route_step__route__version__snapshot", "advice_review__version__snapshot")
    )


@dataclass(frozen=True)
class WerkgroepSummary:
    open_threads: int
    threads: int
    round: AdviceRound | None
    advised: int
    disciplines: int


def current_round(dossier) -> AdviceRound | None:
    return AdviceRound.objects.filter(dossier=dossier).order_by("-number").first()


def werkgroep_summary(*, dossier) -> WerkgroepSummary:
    """For the dossier's dashboard: open threads and where the current advice round stands (three queries)."""
    counts = status_counts(dossier=dossier)
    current = current_round(dossier)
    advised = Advice.objects.filter(round=current).count() if current else 0
    return WerkgroepSummary(
        counts.get(Thread.Status.OPEN, 0), sum(counts.values()), current, advised, len(Discipline.choices)
    )


# ---------------------------------------------------------------------------------------------- route


def route_ready(version) -> tuple[bool, list[str]]:
    """Whether `version` is *gereed voor besluitvorming*: it runs a route and every mandatory step of it is done or
    skipped with a reason. Otherwise False with the reasons, in Dutch, one per step still open."""
    route = Route.objects.filter(version=version).first()
    if route is None:
        return False, [
            _("Version %(n)s has no advice and paraaf route: submit it ter advisering.") % {"n": version.number}
        ]
    reasons = [
        _("Step %(n)s (%(kind)s by %(actor)s) is not done yet and is mandatory.")
        % {"n": step.position, "kind": step.get_kind_display().lower(), "actor": step.actor_label}
        for step in route.steps.filter(mandatory=True, status=RouteStep.Status.OPEN).order_by("position")
    ]
    return not reasons, reasons


def route_of(*, dossier, version=None) -> Route | None:
    """The route a version runs, or (without `version`) the dossier's plan, with its steps and who did them."""
    found = Route.objects.filter(dossier=dossier, version=version).select_related("offered_by", "set_up_by")
    return found.prefetch_related(Prefetch("steps", RouteStep.objects.select_related("done_by"))).first()


def running_routes(*, dossier) -> list[Route]:
    return list(
        Route.objects.filter(dossier=dossier, version__isnull=False)
        .select_related("version")
        .defer("version__snapshot")
        .order_by("-version__number")
    )


def route_roles(*, dossier) -> dict[int, list[str]]:
    """Membership id → the route roles that member acts as."""
    found: dict[int, list[str]] = {}
    for membership_id, role in RouteRoleAssignment.objects.filter(membership__dossier=dossier).values_list(
        "membership_id", "role"
    ):
        found.setdefault(membership_id, []).append(role)
    return found


def open_steps(*, user):
    """The open steps of running routes, in every dossier of `user`, that they act for (as their discipline in the
    werkgroep or as a route role), earliest deadline first."""
    actor = Q(pk__in=[])
    for membership in Membership.objects.filter(user=user).prefetch_related("route_roles"):
        roles = [r.role for r in membership.route_roles.all()]
        mine = Q(route__dossier_id=membership.dossier_id) & Q(role__in=roles)
        if membership.role == Role.WERKGROEP:
            mine |= Q(route__dossier_id=membership.dossier_id, discipline=membership.discipline)
        actor |= mine
    return (
        RouteStep.objects.filter(actor, route__version__isnull=False, status=RouteStep.Status.OPEN)
        .select_related("route__dossier", "route__version")
        .defer("route__version__snapshot")
        .order_by("deadline", "route__dossier__slug", "position")
    )


def outdated_advice(*, user):
    """Advice `user` gave that a newer version outdated and that they have not confirmed or revised yet."""
    return (
        AdviceReview.objects.filter(advice__advisor=user, status=AdviceReview.Status.OUTDATED)
        .select_related("advice__round__dossier", "basis", "version")
        .defer("basis__snapshot", "version__snapshot")
        .order_by("created_at")
    )


def advice_reviews(*, dossier) -> dict[int, AdviceReview]:
    """Advice id → its latest review (outdated, confirmed or revised), for the advice matrix."""
    found: dict[int, AdviceReview] = {}
    reviews = AdviceReview.objects.filter(advice__round__dossier=dossier).select_related("advice", "basis", "version")
    for review in reviews.defer("basis__snapshot", "version__snapshot").order_by("created_at", "id"):
        found[review.advice_id] = review
    return found
