"""The authorisation matrix: for every URL pattern of the project, who gets which status on GET and on POST.

`tests/test_authorisation_matrix.py` walks the URL resolver and requests each pattern as each role. A pattern that
is not in MATRIX (or SKIP, with a reason) fails the test: a new URL forces a decision about who may use it.

A row lists the expected answer per role, in the order of ROLES. The sample URL arguments come from the world the
test builds (the Twenterand fixture plus a second gemeente's dossier, see `build_world` in the test module).
"""

import re
from collections.abc import Callable
from dataclasses import dataclass

from django.urls import URLPattern, URLResolver, get_resolver

ROLES = ("anonymous", "kwartiermaker", "werkgroep", "college", "beheer", "outsider", "bestuurssecretariaat")
"""anonymous: not logged in. kwartiermaker, werkgroep (Juridisch) and college: members of Twenterand. beheer: site
staff (is_staff + is_superuser, no membership). outsider: the kwartiermaker of another gemeente's dossier.
bestuurssecretariaat: member of Twenterand who records the college's decision (and nothing else)."""

METHODS = ("GET", "POST")


@dataclass(frozen=True)
class Redirect:
    """A 302 to the URL named `to` (the query string, e.g. `next`, is not checked)."""

    to: str

    def __str__(self):
        return f"302→{self.to}"


@dataclass(frozen=True)
class Allowed:
    """The request passes the gate; what it then does depends on the data (200 with form errors, 302, 400, 409 …)."""

    def __str__(self):
        return "allowed (not 401/403/404/405, < 500)"


LOGIN = Redirect("login")  # LoginRequiredMiddleware: every view that is not marked login_not_required
ADMIN_LOGIN = Redirect("admin:login")  # the admin's own gate (AdminSite.admin_view) for users without is_staff
ALLOWED = Allowed()

# Rows: (anonymous, kwartiermaker, werkgroep, college, beheer, outsider, bestuurssecretariaat).
# A dossier's page: its members read it; beheer and outsiders are no members and get 404 (existence not disclosed).
READ = (LOGIN, 200, 200, 200, 404, 404, 200)
# require_GET / require_POST answer before the membership is checked, for any slug: no existence is disclosed.
NOT_ALLOWED = (LOGIN, 405, 405, 405, 405, 405, 405)
# The kwartiermaker edits; the werkgroep, the college and the bestuurssecretariaat are refused (403), non-members
# get 404.
EDIT_PAGE = (LOGIN, 200, 403, 403, 404, 404, 403)
EDIT = (LOGIN, ALLOWED, 403, 403, 404, 404, 403)
# The archive package of a version: the kwartiermaker and beheer (staff); the other members 403, outsiders 404.
ARCHIVE = (LOGIN, ALLOWED, 403, 403, ALLOWED, 404, 403)
# Threads: the kwartiermaker and the werkgroep comment, the college reads.
COMMENT = (LOGIN, ALLOWED, ALLOWED, 403, 404, 404, 403)
# Only the werkgroep gives advice; only the author (the werkgroep member in the world) edits or withdraws a comment.
ADVISE = (LOGIN, 403, ALLOWED, 403, 404, 404, 403)
AUTHOR = (LOGIN, 403, ALLOWED, 403, 404, 404, 403)
# Only the bestuurssecretariaat records the college's decision.
DECIDE = (LOGIN, 403, 403, 403, 404, 404, ALLOWED)
# The user's own pages (inbox, settings, password): any logged-in user.
ANY_USER = (LOGIN, 200, 200, 200, 200, 200, 200)
ANY_USER_WRITE = (LOGIN, ALLOWED, ALLOWED, ALLOWED, ALLOWED, ALLOWED, ALLOWED)
# Public pages (login, password reset): login_not_required.
PUBLIC = (200, 200, 200, 200, 200, 200, 200)
# The Django admin at /beheer/: staff only; members without is_staff are sent to the admin's login.
STAFF = (LOGIN, ADMIN_LOGIN, ADMIN_LOGIN, ADMIN_LOGIN, 200, ADMIN_LOGIN, ADMIN_LOGIN)
STAFF_WRITE = (LOGIN, ADMIN_LOGIN, ADMIN_LOGIN, ADMIN_LOGIN, ALLOWED, ADMIN_LOGIN, ADMIN_LOGIN)
SITE_STAFF = (ADMIN_LOGIN, ADMIN_LOGIN, ADMIN_LOGIN, ADMIN_LOGIN, 200, ADMIN_LOGIN, ADMIN_LOGIN)
SITE_STAFF_NO_POST = (ADMIN_LOGIN, ADMIN_LOGIN, ADMIN_LOGIN, ADMIN_LOGIN, 405, ADMIN_LOGIN, ADMIN_LOGIN)
TO_ADMIN_INDEX = Redirect("admin:index")
# The MFA pages for a member without a device (accounts.mfa): the enrolment first.
TO_ENROL = (
    LOGIN,
    Redirect("mfa:enrol"),
    Redirect("mfa:enrol"),
    Redirect("mfa:enrol"),
    Redirect("mfa:enrol"),
    Redirect("mfa:enrol"),
    Redirect("mfa:enrol"),
)
TO_LIST = Redirect("dossier:list")


@dataclass(frozen=True)
class Entry:
    """One URL pattern: its sample arguments (a dict of kwargs, or a tuple of args for regex patterns) built from the
    world, the expected row for GET and for POST, and optionally the arguments of another dossier's object under
    Twenterand's slug (which must give 404 to every role that may otherwise use the pattern)."""

    args: Callable
    get: tuple
    post: tuple
    foreign: Callable | None = None
    query: str = ""  # appended to the URL, for GET and POST alike

    def expected(self, method: str, role: str):
        return (self.get if method == "GET" else self.post)[ROLES.index(role)]


def slug(w):
    return {"slug": w.slug}


def _in(**extra):
    """Sample kwargs: the dossier's slug plus `extra`, each a function of the world."""
    return lambda w: {"slug": w.slug, **{k: v(w) if callable(v) else v for k, v in extra.items()}}


def _owned(**extra) -> dict:
    """`args` and `foreign` of a pattern that names the dossier's objects: the same kwargs, taken once from
    Twenterand's objects and once from the other dossier's (`w.other`), both under Twenterand's slug."""
    return {
        "args": _in(**extra),
        "foreign": lambda w: {"slug": w.slug, **{k: v(w.other) if callable(v) else v for k, v in extra.items()}},
    }


MATRIX: dict[str, Entry] = {
    # ------------------------------------------------------------------ site: the user's own pages
    "dossier:list": Entry(lambda w: {}, get=ANY_USER, post=NOT_ALLOWED),
    "notifications": Entry(lambda w: {}, get=ANY_USER, post=NOT_ALLOWED),
    "notifications-read": Entry(lambda w: {}, get=NOT_ALLOWED, post=(LOGIN, 302, 302, 302, 302, 302, 302)),
    "notification-settings": Entry(lambda w: {}, get=ANY_USER, post=ANY_USER_WRITE),
    # The werkgroep member's own notification: everyone else gets 404, whether member of the dossier or not.
    "notification-open": Entry(
        lambda w: {"pk": w.notification.pk},
        get=(LOGIN, 404, 302, 404, 404, 404, 404),
        post=NOT_ALLOWED,
    ),
    # ------------------------------------------------------------------ django.contrib.auth.urls
    "login": Entry(lambda w: {}, get=PUBLIC, post=PUBLIC),
    "logout": Entry(lambda w: {}, get=NOT_ALLOWED, post=(LOGIN, 302, 302, 302, 302, 302, 302)),
    "password_change": Entry(lambda w: {}, get=ANY_USER, post=ANY_USER),
    "password_change_done": Entry(lambda w: {}, get=ANY_USER, post=NOT_ALLOWED),
    "password_reset": Entry(lambda w: {}, get=PUBLIC, post=PUBLIC),
    "password_reset_done": Entry(lambda w: {}, get=PUBLIC, post=(405,) * 7),
    # An invalid link: the page says so, for GET and POST alike.
    "password_reset_confirm": Entry(lambda w: {"uidb64": "MQ", "token": "ongeldig"}, get=PUBLIC, post=PUBLIC),
    "password_reset_complete": Entry(lambda w: {}, get=PUBLIC, post=(405,) * 7),
    # ------------------------------------------------------------------ MFA of a local account (accounts.mfa)
    # Any logged-in user's own page; beheer's session is verified with its device, the members have none (MFA is
    # offered to them): the enrolment is theirs to start, the verification sends them to it, and renewing backup
    # codes or starting again asks for an enrolment first.
    "mfa:manage": Entry(lambda w: {}, get=ANY_USER, post=NOT_ALLOWED),
    "mfa:enrol": Entry(
        lambda w: {},
        get=(LOGIN, 200, 200, 200, Redirect("mfa:manage"), 200, 200),
        post=(LOGIN, 200, 200, 200, Redirect("mfa:manage"), 200, 200),
    ),
    "mfa:verify": Entry(
        lambda w: {}, get=TO_ENROL[:4] + (TO_LIST,) + TO_ENROL[5:], post=TO_ENROL[:4] + (TO_LIST,) + TO_ENROL[5:]
    ),
    "mfa:backup-codes": Entry(lambda w: {}, get=NOT_ALLOWED, post=TO_ENROL[:4] + (200,) + TO_ENROL[5:]),
    "mfa:reset": Entry(lambda w: {}, get=NOT_ALLOWED, post=TO_ENROL),
    # ------------------------------------------------------------------ the public Woo pages (documents.woo)
    # The sitemap of any slug is public (empty while nothing is published); a document only once published: nothing
    # of the world is, so it is 404 for everyone, logged in or not.
    "woo-sitemap": Entry(slug, get=PUBLIC, post=(405,) * 7),
    "woo-document": Entry(
        lambda w: {"slug": w.slug, "number": 1, "document": "collegevoorstel"}, get=(404,) * 7, post=(405,) * 7
    ),
    # ------------------------------------------------------------------ the dossier's read pages
    "dossier:overview": Entry(slug, get=READ, post=NOT_ALLOWED),
    "dossier:bestuursopdracht": Entry(slug, get=READ, post=NOT_ALLOWED),
    "dossier:areas": Entry(slug, get=READ, post=NOT_ALLOWED),
    "dossier:area": Entry(_in(number=lambda w: w.area.number), get=READ, post=NOT_ALLOWED),
    "dossier:functions": Entry(slug, get=READ, post=NOT_ALLOWED),
    "dossier:function": Entry(_in(number=lambda w: w.function.number), get=READ, post=NOT_ALLOWED),
    "dossier:kaders": Entry(slug, get=READ, post=NOT_ALLOWED),
    "dossier:planning": Entry(slug, get=READ, post=NOT_ALLOWED),
    # The kwartiermaker sets a milestone's status (the one write a closed dossier still takes).
    "dossier:milestone-status": Entry(**_owned(pk=lambda w: w.milestone.pk), get=NOT_ALLOWED, post=EDIT),
    "dossier:risks": Entry(slug, get=READ, post=NOT_ALLOWED),
    "dossier:participation": Entry(slug, get=READ, post=NOT_ALLOWED),
    "dossier:sources": Entry(slug, get=READ, post=NOT_ALLOWED),
    "dossier:history": Entry(slug, get=READ, post=NOT_ALLOWED),
    "dossier:finance-berenschot": Entry(slug, get=READ, post=NOT_ALLOWED),
    # The kwartiermaker sets the projection's assumptions here (live recompute and save).
    "dossier:finance-projection": Entry(slug, get=READ, post=EDIT),
    # The kwartiermaker reads the baseline's headcounts from an xlsx (POST only).
    "dossier:finance-projection-upload": Entry(slug, get=NOT_ALLOWED, post=EDIT),
    "dossier:proposal": Entry(slug, get=READ, post=NOT_ALLOWED),
    "dossier:reaction": Entry(slug, get=READ, post=NOT_ALLOWED),
    # ------------------------------------------------------------------ scenarios
    "dossier:scenario-list": Entry(slug, get=READ, post=NOT_ALLOWED),
    # The kwartiermaker adds the standard scenarios to a dossier without any (POST only).
    "dossier:scenario-template": Entry(slug, get=NOT_ALLOWED, post=EDIT),
    # A new scenario: the generic create form, served by the scenarios' own view (a provider for every service).
    "dossier:scenario-create": Entry(slug, get=EDIT_PAGE, post=EDIT),
    "dossier:scenario-comparison": Entry(slug, get=READ, post=NOT_ALLOWED),
    "dossier:providers": Entry(slug, get=READ, post=NOT_ALLOWED),
    "dossier:finance-budget": Entry(slug, get=READ, post=NOT_ALLOWED),
    "dossier:finance-uncertainty": Entry(slug, get=READ, post=NOT_ALLOWED),
    "dossier:weights": Entry(slug, get=READ, post=EDIT),
    "dossier:scenario-detail": Entry(
        **_owned(pk=lambda w: w.scenario.pk),
        get=READ,
        post=NOT_ALLOWED,
    ),
    "dossier:scenario-result": Entry(
        **_owned(pk=lambda w: w.scenario.pk),
        get=READ,
        post=NOT_ALLOWED,
    ),
    "dossier:scenario-action": Entry(
        **_owned(pk=lambda w: w.scenario.pk, action="kopieren"),
        get=NOT_ALLOWED,
        post=EDIT,
    ),
    # ------------------------------------------------------------------ werkgroep: threads, comments, advice
    "dossier:threads": Entry(slug, get=READ, post=NOT_ALLOWED),
    "dossier:members": Entry(slug, get=READ, post=NOT_ALLOWED),
    "dossier:thread": Entry(**_owned(pk=lambda w: w.thread.pk), get=READ, post=NOT_ALLOWED),
    "dossier:thread-reply": Entry(**_owned(pk=lambda w: w.thread.pk), get=NOT_ALLOWED, post=COMMENT),
    "dossier:thread-status": Entry(**_owned(pk=lambda w: w.thread.pk), get=NOT_ALLOWED, post=EDIT),
    "dossier:comment-edit": Entry(**_owned(pk=lambda w: w.comment.pk), get=NOT_ALLOWED, post=AUTHOR),
    "dossier:comment-withdraw": Entry(**_owned(pk=lambda w: w.comment.pk), get=NOT_ALLOWED, post=AUTHOR),
    "dossier:anchor-threads": Entry(
        **_owned(kind="risico", pk=lambda w: w.risk.pk),
        get=READ,
        post=COMMENT,
    ),
    "dossier:anchor-threads-part": Entry(
        **_owned(kind="risico", pk=lambda w: w.risk.pk, part="mitigation"),
        get=READ,
        post=COMMENT,
    ),
    "dossier:advice": Entry(slug, get=READ, post=NOT_ALLOWED),
    "dossier:advice-request": Entry(slug, get=NOT_ALLOWED, post=EDIT),
    # Round 2 exists only in the other dossier.
    "dossier:advice-give": Entry(**_owned(number=lambda w: w.advice_round.number), get=NOT_ALLOWED, post=ADVISE),
    # Advice a newer version outdated: only its discipline (the werkgroep member, Juridisch) confirms or revises.
    "dossier:advice-confirm": Entry(**_owned(pk=lambda w: w.review.pk), get=NOT_ALLOWED, post=ADVISE),
    "dossier:advice-revise": Entry(**_owned(pk=lambda w: w.review.pk), get=NOT_ALLOWED, post=ADVISE),
    # ------------------------------------------------------------------ the advice and paraaf route
    "dossier:route": Entry(slug, get=READ, post=NOT_ALLOWED),
    "dossier:route-set-up": Entry(slug, get=NOT_ALLOWED, post=EDIT),
    "dossier:route-roles": Entry(
        args=_in(pk=lambda w: w.memberships["werkgroep"].pk),
        foreign=lambda w: {"slug": w.slug, "pk": w.other.membership.pk},
        get=NOT_ALLOWED,
        post=EDIT,
    ),
    # Version 2 exists only in the other dossier.
    "dossier:route-version": Entry(**_owned(number=lambda w: w.version.number), get=READ, post=NOT_ALLOWED),
    "dossier:route-offer": Entry(**_owned(number=lambda w: w.version.number), get=NOT_ALLOWED, post=EDIT),
    # The step's actor (the werkgroep member acts as afdelingshoofd in the world) completes it; the kwartiermaker skips.
    "dossier:route-step-complete": Entry(**_owned(pk=lambda w: w.step.pk), get=NOT_ALLOWED, post=ADVISE),
    "dossier:route-step-skip": Entry(**_owned(pk=lambda w: w.step.pk), get=NOT_ALLOWED, post=EDIT),
    # ------------------------------------------------------------------ versions and documents
    "dossier:documents": Entry(slug, get=READ, post=NOT_ALLOWED),
    # The kwartiermaker freezes the next version here.
    "dossier:versions": Entry(slug, get=READ, post=EDIT),
    "dossier:version-changes": Entry(slug, get=READ, post=NOT_ALLOWED),
    # Version 2 exists only in the other dossier.
    "dossier:version": Entry(**_owned(number=lambda w: w.version.number), get=READ, post=NOT_ALLOWED),
    # The progress of a version's documents (polled by its page); the kwartiermaker has a failed one made again.
    # The college's decision: only the bestuurssecretariaat records, corrects and publishes it (POST only). In the
    # world the decision is aangehouden on a concept version: the POSTs are refused with a message (allowed through
    # the gate); tests/test_closed_dossier.py and documents/tests/test_decisions.py test what they do.
    "dossier:decision-record": Entry(**_owned(number=lambda w: w.version.number), get=NOT_ALLOWED, post=DECIDE),
    "dossier:decision-correct": Entry(
        **_owned(number=lambda w: w.version.number, pk=lambda w: w.decision.pk), get=NOT_ALLOWED, post=DECIDE
    ),
    "dossier:decision-publish": Entry(
        **_owned(number=lambda w: w.version.number, pk=lambda w: w.decision.pk), get=NOT_ALLOWED, post=DECIDE
    ),
    # The archive package: the kwartiermaker and beheer (the world's version lacks documents, so it is refused: 409).
    "dossier:version-archive": Entry(**_owned(number=lambda w: w.version.number), get=ARCHIVE, post=NOT_ALLOWED),
    "dossier:version-documents": Entry(**_owned(number=lambda w: w.version.number), get=READ, post=NOT_ALLOWED),
    "dossier:document-retry": Entry(
        **_owned(number=lambda w: w.version.number, document=lambda w: w.document),
        get=NOT_ALLOWED,
        post=EDIT,
    ),
    "dossier:document-preview": Entry(
        **_owned(number=lambda w: w.version.number, document=lambda w: w.document),
        get=READ,
        post=NOT_ALLOWED,
    ),
    "dossier:document-pdf": Entry(
        **_owned(number=lambda w: w.version.number, document=lambda w: w.document),
        get=READ,
        post=NOT_ALLOWED,
    ),
    # ------------------------------------------------------------------ generic editing (the kwartiermaker only)
    "dossier:undo": Entry(
        **_owned(model="risk", history_id=lambda w: w.risk_change.history_id),
        get=NOT_ALLOWED,
        post=EDIT,
    ),
    "dossier:redo": Entry(
        **_owned(model="risk", history_id=lambda w: w.risk_change.history_id),
        get=NOT_ALLOWED,
        post=EDIT,
    ),
    "dossier:create": Entry(_in(kind="risico"), get=EDIT_PAGE, post=EDIT),
    "dossier:edit": Entry(
        **_owned(kind="risico", pk=lambda w: w.risk.pk),
        get=EDIT_PAGE,
        post=EDIT,
    ),
    "dossier:edit-section": Entry(
        **_owned(kind="onderzoeksgebied", pk=lambda w: w.area.pk, section="kop"),
        get=EDIT_PAGE,
        post=EDIT,
    ),
    "dossier:delete": Entry(
        **_owned(kind="risico", pk=lambda w: w.risk.pk),
        get=EDIT_PAGE,
        post=EDIT,
    ),
    # ------------------------------------------------------------------ SSO (accounts/sso.py) at /oidc/
    # login_not_required (they are the log-in), but a 404 to everyone while SSO is off (OIDC_RP_CLIENT_ID empty), as
    # in this test: nothing of the library runs then. With SSO on, authenticate redirects to the provider, the
    # callback back to the login page unless the provider's answer passes every check (accounts/tests/test_sso*.py).
    "oidc_authentication_init": Entry(lambda w: {}, get=(404,) * 7, post=(404,) * 7),
    "oidc_authentication_callback": Entry(lambda w: {}, get=(404,) * 7, post=(404,) * 7),
    "oidc_logout": Entry(lambda w: {}, get=(404,) * 7, post=(404,) * 7),
    # ------------------------------------------------------------------ the Django admin (beheer) at /beheer/
    # The admin's site-wide views send anonymous users to the admin's own login (Django sets their login_url); its
    # model views (below) leave that to LoginRequiredMiddleware, which uses the site's login page.
    "admin:index": Entry(lambda w: {}, get=SITE_STAFF, post=SITE_STAFF),
    # The admin's login form is public; a logged-in member without is_staff sees it too (to switch accounts).
    "admin:login": Entry(lambda w: {}, get=(200, 200, 200, 200, 302, 200, 200), post=PUBLIC),
    # Users without is_staff are sent to the admin's index (and from there to its login); beheer logs out by POST.
    "admin:logout": Entry(
        lambda w: {},
        get=(ADMIN_LOGIN, TO_ADMIN_INDEX, TO_ADMIN_INDEX, TO_ADMIN_INDEX, 405, TO_ADMIN_INDEX, TO_ADMIN_INDEX),
        post=(ADMIN_LOGIN, TO_ADMIN_INDEX, TO_ADMIN_INDEX, TO_ADMIN_INDEX, LOGIN, TO_ADMIN_INDEX, TO_ADMIN_INDEX),
    ),
    "admin:password_change": Entry(lambda w: {}, get=SITE_STAFF, post=SITE_STAFF),
    "admin:password_change_done": Entry(lambda w: {}, get=SITE_STAFF, post=SITE_STAFF_NO_POST),
    # The user field of a membership (MembershipAdmin.autocomplete_fields).
    "admin:autocomplete": Entry(
        lambda w: {},
        query="app_label=dossier&model_name=membership&field_name=user&term=kw",
        get=SITE_STAFF,
        post=SITE_STAFF_NO_POST,
    ),
    "admin:jsi18n": Entry(lambda w: {}, get=SITE_STAFF, post=SITE_STAFF_NO_POST),
    # "View on site" of a dossier: a redirect to its overview (where beheer, no member, then gets 404).
    "admin:view_on_site": Entry(
        lambda w: {"content_type_id": w.dossier_content_type.pk, "object_id": w.dossier.pk},
        get=SITE_STAFF[:4] + (302, ADMIN_LOGIN, ADMIN_LOGIN),
        post=SITE_STAFF[:4] + (302, ADMIN_LOGIN, ADMIN_LOGIN),
    ),
    "admin:app_list": Entry(lambda w: {"app_label": "dossier"}, get=SITE_STAFF, post=SITE_STAFF),
}


@dataclass(frozen=True)
class AdminModel:
    """A registered ModelAdmin: the object its views are tried on, and whether beheer may add one by hand."""

    pk: Callable
    can_add: bool = True


# The registered ModelAdmins, each with the same five staff-only views. A newly registered model fails the test
# until it is added here.
ADMIN_MODELS: dict[str, AdminModel] = {
    "auth_group": AdminModel(lambda w: w.group.pk),
    "auth_user": AdminModel(lambda w: w.users["kwartiermaker"].pk),
    "dossier_dossier": AdminModel(lambda w: w.other.dossier.pk),
    "dossier_membership": AdminModel(lambda w: w.other.membership.pk),
    "documents_archivecategory": AdminModel(lambda w: w.archive_category.pk),
    # django-axes' records of (failed) log-ins are written by axes only: no add, even for beheer.
    "axes_accessattempt": AdminModel(lambda w: w.axes["accessattempt"].pk, can_add=False),
    "axes_accessfailurelog": AdminModel(lambda w: w.axes["accessfailurelog"].pk, can_add=False),
    "axes_accesslog": AdminModel(lambda w: w.axes["accesslog"].pk, can_add=False),
}
STAFF_REFUSED = (LOGIN, ADMIN_LOGIN, ADMIN_LOGIN, ADMIN_LOGIN, 403, ADMIN_LOGIN, ADMIN_LOGIN)
for _model, _admin in ADMIN_MODELS.items():
    MATRIX[f"admin:{_model}_changelist"] = Entry(lambda w: {}, get=STAFF, post=STAFF_WRITE)
    _add = STAFF_WRITE if _admin.can_add else STAFF_REFUSED
    MATRIX[f"admin:{_model}_add"] = Entry(lambda w: {}, get=STAFF if _admin.can_add else STAFF_REFUSED, post=_add)
    for _view in ("change", "history", "delete"):
        # An empty POST to delete re-shows the confirmation (only `post=yes` deletes), to change the form's errors.
        MATRIX[f"admin:{_model}_{_view}"] = Entry(
            lambda w, pk=_admin.pk: {"object_id": pk(w)}, get=STAFF, post=STAFF_WRITE
        )
# django-tasks-db's task rows (the PDFs of definitive versions): beheer reads them; only the worker writes them, so
# its admin refuses adding, changing and deleting even to beheer.
_TASKS = "django_tasks_database_dbtaskresult"
MATRIX[f"admin:{_TASKS}_changelist"] = Entry(lambda w: {}, get=STAFF, post=STAFF_WRITE)
MATRIX[f"admin:{_TASKS}_add"] = Entry(lambda w: {}, get=STAFF_REFUSED, post=STAFF_REFUSED)
MATRIX[f"admin:{_TASKS}_change"] = Entry(lambda w: {"object_id": w.task_result.pk}, get=STAFF, post=STAFF_REFUSED)
MATRIX[f"admin:{_TASKS}_history"] = Entry(lambda w: {"object_id": w.task_result.pk}, get=STAFF, post=STAFF_WRITE)
MATRIX[f"admin:{_TASKS}_delete"] = Entry(
    lambda w: {"object_id": w.task_result.pk}, get=STAFF_REFUSED, post=STAFF_REFUSED
)
# The frozen versions: beheer reads them and takes their archive packages; nobody adds, changes or deletes one.
_VERSIONS = "documents_dossierversion"
MATRIX[f"admin:{_VERSIONS}_changelist"] = Entry(lambda w: {}, get=STAFF, post=STAFF_WRITE)
MATRIX[f"admin:{_VERSIONS}_add"] = Entry(lambda w: {}, get=STAFF_REFUSED, post=STAFF_REFUSED)
MATRIX[f"admin:{_VERSIONS}_change"] = Entry(lambda w: {"object_id": w.version.pk}, get=STAFF, post=STAFF_REFUSED)
MATRIX[f"admin:{_VERSIONS}_history"] = Entry(lambda w: {"object_id": w.version.pk}, get=STAFF, post=STAFF_WRITE)
MATRIX[f"admin:{_VERSIONS}_delete"] = Entry(
    lambda w: {"object_id": w.version.pk}, get=STAFF_REFUSED, post=STAFF_REFUSED
)
# The security events: beheer reads them; only the application writes them, and nobody changes or deletes one.
_EVENTS = "accounts_auditevent"
MATRIX[f"admin:{_EVENTS}_changelist"] = Entry(lambda w: {}, get=STAFF, post=STAFF_WRITE)
MATRIX[f"admin:{_EVENTS}_add"] = Entry(lambda w: {}, get=STAFF_REFUSED, post=STAFF_REFUSED)
MATRIX[f"admin:{_EVENTS}_change"] = Entry(lambda w: {"object_id": w.audit_event.pk}, get=STAFF, post=STAFF_REFUSED)
MATRIX[f"admin:{_EVENTS}_history"] = Entry(lambda w: {"object_id": w.audit_event.pk}, get=STAFF, post=STAFF_WRITE)
MATRIX[f"admin:{_EVENTS}_delete"] = Entry(
    lambda w: {"object_id": w.audit_event.pk}, get=STAFF_REFUSED, post=STAFF_REFUSED
)
# Who enrolled for MFA (accounts.admin.DeviceAdmin): beheer reads and removes a device (a lost phone); nobody adds
# or changes one here, nor sees a key or a backup code.
for _model, _device in (("otp_totp_totpdevice", "device"), ("otp_static_staticdevice", "backup_device")):
    MATRIX[f"admin:{_model}_changelist"] = Entry(lambda w: {}, get=STAFF, post=STAFF_WRITE)
    MATRIX[f"admin:{_model}_add"] = Entry(lambda w: {}, get=STAFF_REFUSED, post=STAFF_REFUSED)
    _pk = lambda w, name=_device: {"object_id": getattr(w, name).pk}  # noqa: E731
    MATRIX[f"admin:{_model}_change"] = Entry(_pk, get=STAFF, post=STAFF_REFUSED)
    MATRIX[f"admin:{_model}_history"] = Entry(_pk, get=STAFF, post=STAFF_WRITE)
    MATRIX[f"admin:{_model}_delete"] = Entry(_pk, get=STAFF, post=STAFF_WRITE)
# Views some ModelAdmins add to the standard five.
MATRIX["admin:auth_user_password_change"] = Entry(
    lambda w: {"id": w.users["kwartiermaker"].pk}, get=STAFF, post=STAFF_WRITE
)
# simple_history's view of one historical record (a regex pattern: positional arguments).
MATRIX["admin:dossier_dossier_simple_history"] = Entry(
    lambda w: (w.other.dossier.pk, w.dossier_history_id), get=STAFF, post=STAFF_WRITE
)
MATRIX["admin:dossier_membership_simple_history"] = Entry(
    lambda w: (w.other.membership.pk, w.membership_history_id), get=STAFF, post=STAFF_WRITE
)
MATRIX["admin:documents_archivecategory_simple_history"] = Entry(
    lambda w: (w.archive_category.pk, w.archive_category_history_id), get=STAFF, post=STAFF_WRITE
)

# Patterns deliberately left out: a regular expression over the pattern's key, and the reason.
SKIP: dict[str, str] = {
    r"admin:<unnamed beheer/\w+/\w+/<path:object_id>/>": (
        "admin-internal: an object's bare URL redirects to its change view, behind the same admin_view gate"
    ),
    r"admin:<unnamed beheer/\(\?P<url>\.\*\)\$>": "admin-internal: the catch-all (final_catch_all_view), same gate",
}


def skipped(key: str) -> bool:
    return any(re.fullmatch(rule, key) for rule in SKIP)


def walk(resolver: URLResolver | None = None, prefix: str = "", namespace: str = ""):
    """Every URL pattern of the project as (key, route): `namespace:name`, or `namespace:<unnamed route>` for a
    pattern without a name; nested includes and namespaces are followed."""
    resolver = resolver or get_resolver()
    for pattern in resolver.url_patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            inner = ":".join(n for n in (namespace, pattern.namespace) if n)
            yield from walk(pattern, route, inner)
        elif isinstance(pattern, URLPattern):
            name = pattern.name or f"<unnamed {route}>"
            yield (f"{namespace}:{name}" if namespace else name), route


def project_patterns() -> dict[str, str]:
    """key → route of every pattern to test (everything the resolver knows, minus SKIP)."""
    return {key: route for key, route in walk() if not skipped(key)}
