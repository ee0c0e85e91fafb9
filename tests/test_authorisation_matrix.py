"""Every URL pattern × every role × GET and POST gives the status the authorisation matrix (tests/authz_matrix.py)
expects; a pattern without an entry in the matrix fails, so a new URL forces a decision about who may use it.

The world (the Twenterand dossier as `make run` loads it, its members, a thread, a version, an advice round, and a
second gemeente's dossier with its own kwartiermaker) is built once for the module inside a transaction that is
rolled back at the end; every request runs in its own savepoint (pytest-django's `db`), so a POST that freezes,
copies or deletes something changes nothing for the next test, whatever the order.
"""

import hashlib
import re
from types import SimpleNamespace

import pytest
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.conf import settings
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django_otp.plugins.otp_static.models import StaticDevice
from django_tasks_db.models import DBTaskResult, get_date_max

from accounts.models import AuditEvent
from accounts.tests.mfa_helpers import verify_session
from documents import services
from documents.models import ArchiveCategory, Decision, VersionDocument
from dossier.models import (
    Discipline,
    Dossier,
    InfrastructureFunction,
    Membership,
    Milestone,
    ResearchArea,
    Risk,
    Role,
)
from dossier.tests.factories import (
    DossierFactory,
    MembershipFactory,
    MilestoneFactory,
    ResearchAreaFactory,
    RiskFactory,
    UserFactory,
)
from dossier.tests.twenterand import load_twenterand
from scenarios.models import Scenario
from werkgroep import anchors
from werkgroep import route as werkgroep_route
from werkgroep import services as werkgroep_services
from werkgroep.models import Advice, AdviceReview, Notification, RouteRole, RouteTemplate, RouteTemplateStep

from .authz_matrix import MATRIX, METHODS, ROLES, SKIP, Allowed, Redirect, project_patterns, skipped, walk

PATTERNS = project_patterns()
REFUSED = (401, 403, 404, 405)


def build_world() -> SimpleNamespace:
    dossier = load_twenterand()
    w = SimpleNamespace(dossier=dossier, slug=dossier.slug)

    w.memberships = {
        "kwartiermaker": MembershipFactory(dossier=dossier, role=Role.KWARTIERMAKER, user__username="kwartiermaker"),
        "werkgroep": MembershipFactory(
            dossier=dossier, role=Role.WERKGROEP, discipline=Discipline.JURIDISCH, user__username="werkgroep"
        ),
        "college": MembershipFactory(dossier=dossier, role=Role.COLLEGE, user__username="college"),
        "bestuurssecretariaat": MembershipFactory(
            dossier=dossier, role=Role.BESTUURSSECRETARIAAT, user__username="bestuurssecretariaat"
        ),
    }
    other = DossierFactory(slug="wierden", gemeente="Wierden")
    outsider = MembershipFactory(dossier=other, role=Role.KWARTIERMAKER, user__username="outsider")
    w.users = {role: m.user for role, m in w.memberships.items()}
    w.users["beheer"] = UserFactory(username="beheer", is_staff=True, is_superuser=True)
    w.users["outsider"] = outsider.user
    kwartiermaker, werkgroep = w.memberships["kwartiermaker"], w.memberships["werkgroep"]

    w.area = ResearchArea.objects.filter(dossier=dossier).order_by("number").first()
    w.function = InfrastructureFunction.objects.filter(dossier=dossier).order_by("number").first()
    w.risk = Risk.objects.filter(dossier=dossier).order_by("pk").first()
    w.scenario = Scenario.objects.filter(dossier=dossier).order_by("pk").first()
    w.milestone = Milestone.objects.filter(dossier=dossier).order_by("pk").first()
    # A change the kwartiermaker can undo.
    w.risk.owner = "Kwartiermaker"
    w.risk.save()
    w.risk_change = w.risk.history.order_by("-history_id").first()

    # A thread opened by the werkgroep member (the comment is theirs), answered by the kwartiermaker (which
    # notifies the werkgroep member); a frozen version with its stored collegevoorstel; advice round 1.
    w.thread = werkgroep_services.thread_open(
        membership=werkgroep, anchor=anchors.resolve(dossier, "risico", w.risk.pk), text="Vraag van de werkgroep"
    )
    w.comment = w.thread.comments.get()
    werkgroep_services.comment_reply(membership=kwartiermaker, thread=w.thread, text="Antwoord")
    w.notification = Notification.objects.filter(recipient=werkgroep.user).order_by("pk").first()
    w.version = services.version_publish(membership=kwartiermaker, status="concept")
    w.document = "collegevoorstel"
    # A stored stand-in, so the PDF view serves it without laying out a real one (documents/tests/test_documents.py
    # tests the PDF itself; here only who may download it).
    content = b"%PDF-1.7 stand-in"
    VersionDocument.objects.create(
        version=w.version,
        document=w.document,
        content=content,
        sha256=hashlib.sha256(content).hexdigest(),
        size=len(content),
        pdf_variant="pdf/a-2a",
    )
    w.advice_round = werkgroep_services.advice_round_request(membership=kwartiermaker)
    # A decision as stored (aangehouden: the dossier stays open for the other rows), on the concept version only
    # the world has; the service would refuse a concept version, which is what the POSTs then meet.
    w.decision = Decision.objects.create(
        version=w.version,
        number=1,
        meeting_date=timezone.localdate(),
        outcome=Decision.Outcome.AANGEHOUDEN,
        reason="Eerst de werkgroep",
        besluitenlijst="Aangehouden",
        recorded_by=w.users["bestuurssecretariaat"],
    )
    w.task_result = DBTaskResult.objects.create(  # a task row as the worker leaves one, for the admin's views
        args_kwargs={"args": [1, 1], "kwargs": {}},
        task_path="documents.tasks.render_document",
        queue_name="default",
        backend_name="default",
        run_after=get_date_max(),
        exception_class_path="",
        traceback="",
    )

    # For the admin: a group, and a historical record of a dossier and of a membership (of the small other dossier:
    # the admin's delete confirmation of Twenterand would list its thousands of related objects).
    w.group = Group.objects.create(name="Redactie")
    w.dossier_content_type = ContentType.objects.get_for_model(Dossier)
    w.dossier_history_id = other.history.order_by("-history_id").first().history_id
    w.membership_history_id = Membership.history.filter(id=outsider.pk).first().history_id
    # A selectielijst category no proposal uses (the admin's delete of Twenterand's would be refused: PROTECT).
    w.archive_category = ArchiveCategory.objects.create(
        key="test-categorie", selectielijst="Testlijst", code="9.9", label="Test", waardering="N", source="Test"
    )
    w.archive_category_history_id = w.archive_category.history.first().history_id

    # One record of each kind django-axes keeps (its admin shows them to beheer).
    seen = {"user_agent": "pytest", "ip_address": "192.0.2.1", "http_accept": "*/*", "path_info": "/accounts/login/"}
    w.axes = {
        "accessattempt": AccessAttempt.objects.create(
            username="iemand", get_data="", post_data="", failures_since_start=1, **seen
        ),
        "accessfailurelog": AccessFailureLog.objects.create(username="iemand", **seen),
        "accesslog": AccessLog.objects.create(username="kwartiermaker", **seen),
    }
    w.audit_event = AuditEvent.objects.create(action="login failed", actor_name="iemand", address="192.0.2.1")

    # The other gemeente's objects, to be tried under Twenterand's slug (their ids must never work there).
    risk = RiskFactory(dossier=other)
    risk.owner = "Elders"
    risk.save()
    thread = werkgroep_services.thread_open(
        membership=outsider, anchor=anchors.resolve(other, "risico", risk.pk), text="Elders"
    )
    werkgroep_services.advice_round_request(membership=outsider)
    w.other = SimpleNamespace(
        dossier=other,
        membership=outsider,
        risk=risk,
        risk_change=risk.history.order_by("-history_id").first(),
        area=ResearchAreaFactory(dossier=other, number=1),
        milestone=MilestoneFactory(dossier=other),
        scenario=Scenario.objects.create(dossier=other, name="Elders", kind=Scenario.Kind.MENGVORM),
        thread=thread,
        comment=thread.comments.get(),
        version=_freeze_twice(outsider),
        advice_round=werkgroep_services.advice_round_request(membership=outsider),  # round 2: only there
        document=w.document,
    )
    w.other.decision = Decision.objects.create(
        version=w.other.version,
        number=1,
        meeting_date=timezone.localdate(),
        outcome=Decision.Outcome.AANGEHOUDEN,
        reason="Elders",
        besluitenlijst="Elders",
        recorded_by=outsider.user,
    )
    numbers = (w.version.number, w.other.version.number, w.advice_round.number, w.other.advice_round.number)
    assert numbers == (1, 2, 1, 2)
    _route_world(w, werkgroep, outsider)

    # One logged-in session per role, made once; each test sends its cookie (its changes are rolled back).
    w.sessions = {}
    for role, user in w.users.items():
        client = Client()
        client.force_login(user)
        if user.is_staff:  # beheer has passed MFA (accounts.mfa), as after the verification page
            w.device = verify_session(client, user)
            w.backup_device = StaticDevice.objects.create(user=user, name="backup")
        w.sessions[role] = client.cookies[settings.SESSION_COOKIE_NAME].value
    return w


def _route_world(w, werkgroep, outsider):
    """Version 1's route (Twenterand's template) with the werkgroep member as afdelingshoofd, so the paraaf is theirs;
    advice of Juridisch that a newer version outdated; and the same in the other dossier, for its ids."""
    werkgroep_route.route_role_set(
        membership=w.memberships["kwartiermaker"], member=werkgroep, roles=[RouteRole.AFDELINGSHOOFD]
    )
    w.route = werkgroep_route.route_submit(version=w.version)
    w.step = w.route.steps.get(role=RouteRole.AFDELINGSHOOFD)
    advice = Advice.objects.create(
        round=w.advice_round, discipline="juridisch", verdict="positief", text="Akkoord", advisor=werkgroep.user
    )
    w.review = AdviceReview.objects.create(advice=advice, basis=w.version, version=w.version)
    elders = RouteTemplate.objects.create(gemeente=w.other.dossier.gemeente, name="Elders")
    RouteTemplateStep.objects.create(
        template=elders, position=1, kind="paraaf", role=RouteRole.AFDELINGSHOOFD, deadline_days=5
    )
    w.other.step = werkgroep_route.route_submit(version=w.other.version).steps.get()
    advice = Advice.objects.create(
        round=w.other.advice_round, discipline="juridisch", verdict="positief", text="Elders", advisor=outsider.user
    )
    w.other.review = AdviceReview.objects.create(advice=advice, basis=w.other.version, version=w.other.version)


def _freeze_twice(membership):
    """Version 2 of the membership's dossier (Twenterand has only version 1)."""
    services.version_publish(membership=membership, status="concept")
    # The same content again is refused as the same status (a duplicate), so the second is ter advisering.
    return services.version_publish(membership=membership, status="ter_advisering")


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            built = build_world()
        except BaseException:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)
            raise
    yield built
    with django_db_blocker.unblock():
        transaction.set_rollback(True)
        outer.__exit__(None, None, None)


def request(world, role, method, url, data=None):
    client = Client()
    if role != "anonymous":
        client.cookies[settings.SESSION_COOKIE_NAME] = world.sessions[role]
    return client.get(url, data) if method == "GET" else client.post(url, data or {})


def url_for(world, key, entry, *, foreign=False):
    args = (entry.foreign if foreign else entry.args)(world)
    url = reverse(key, args=args) if isinstance(args, tuple) else reverse(key, kwargs=args)
    return f"{url}?{entry.query}" if entry.query else url


def mismatch(response, expected) -> str | None:
    """Why `response` is not `expected`, or None."""
    status = response.status_code
    if status >= 500:
        return f"got {status}"
    if isinstance(expected, Redirect):
        location = response.get("Location", "")
        if status == 302 and location.split("?")[0] == reverse(expected.to):
            return None
        return f"got {status} {location}".strip()
    if isinstance(expected, Allowed):
        return None if status not in REFUSED else f"got {status}"
    return None if status == expected else f"got {status} {response.get('Location', '')}".strip()


# ---------------------------------------------------------------------------------------------- completeness


def test_every_url_pattern_of_the_project_has_an_entry_in_the_matrix():
    missing = sorted(set(PATTERNS) - set(MATRIX))
    assert not missing, "URL patterns without an entry in tests/authz_matrix.py MATRIX (decide who may use them): " + (
        ", ".join(f"{key} ({PATTERNS[key]})" for key in missing)
    )


def test_the_matrix_and_the_skip_list_name_only_existing_patterns():
    known = {key for key, _route in walk()}
    assert not set(MATRIX) - known, "stale entries in MATRIX: " + ", ".join(sorted(set(MATRIX) - known))
    for rule in SKIP:
        assert any(re.fullmatch(rule, key) for key in known), f"the SKIP rule {rule} matches nothing"
    assert not [key for key in MATRIX if skipped(key)], "a pattern is both in MATRIX and skipped"


def test_the_matrix_has_an_answer_for_every_role_and_method():
    for key, entry in MATRIX.items():
        assert len(entry.get) == len(entry.post) == len(ROLES), key


# ---------------------------------------------------------------------------------------------- the matrix

CASES = [(key, role, method) for key in sorted(PATTERNS) for role in ROLES for method in METHODS]


@pytest.mark.parametrize(("key", "role", "method"), CASES, ids=[f"{k}-{r}-{m}" for k, r, m in CASES])
def test_status(world, db, key, role, method):
    entry = MATRIX.get(key)
    if entry is None:
        pytest.fail(f"{key} ({PATTERNS[key]}) has no entry in tests/authz_matrix.py MATRIX: decide who may use it")
    url = url_for(world, key, entry)
    expected = entry.expected(method, role)
    problem = mismatch(request(world, role, method, url), expected)
    assert problem is None, f"{method} {url} as {role}: expected {expected}, {problem}"


# ---------------------------------------------------------------------------------------------- another dossier's ids

FOREIGN = [
    (key, role, method)
    for key in sorted(PATTERNS)
    if key in MATRIX and MATRIX[key].foreign is not None
    for role in ("kwartiermaker", "werkgroep", "college")
    for method in METHODS
]


@pytest.mark.parametrize(("key", "role", "method"), FOREIGN, ids=[f"{k}-{r}-{m}" for k, r, m in FOREIGN])
def test_another_dossiers_object_under_this_dossiers_slug(world, db, key, role, method):
    """A member of Twenterand who puts the id of Wierden's object in a Twenterand URL gets 404 wherever the same URL
    with Twenterand's own object would have let them in; where they are refused anyway, they are refused the same."""
    entry = MATRIX[key]
    url = url_for(world, key, entry, foreign=True)
    own = entry.expected(method, role)
    response = request(world, role, method, url)
    if own == 403:  # refused for the role: refused for the foreign id too, whichever check comes first
        assert response.status_code in (403, 404), f"{method} {url} as {role}: expected 403 or 404, got {response}"
        return
    expected = own if own == 405 else 404
    problem = mismatch(response, expected)
    assert problem is None, f"{method} {url} as {role}: expected {expected}, {problem}"


@pytest.mark.parametrize("method", METHODS)
@pytest.mark.parametrize("whose", ["own", "other"])
def test_a_citation_can_only_point_at_an_element_of_this_dossier(world, db, method, whose):
    """The element a new citation is about comes from the query string or the form (content_type, object_id), not
    from the URL: another dossier's element gives 404 there too. The own element is the control."""
    risk = world.risk if whose == "own" else world.other.risk
    url = reverse("dossier:create", kwargs={"slug": world.slug, "kind": "bronvermelding"})
    data = {"content_type": ContentType.objects.get_for_model(Risk).pk, "object_id": risk.pk}
    response = request(world, "kwartiermaker", method, url, data)
    if whose == "own":
        assert response.status_code not in REFUSED and response.status_code < 500, response
    else:
        assert response.status_code == 404, response
