"""Writes of the advice and paraaf route: the kwartiermaker plans the dossier's route from a template and names who
acts as a route role; submitting a version ter advisering runs a copy of the plan on it; actors complete their
steps, the kwartiermaker skips one only with a reason and offers the version to the college once it is ready.

Refusals as in `services`: PermissionDenied for role, ValidationError with a Dutch message for content."""

from datetime import timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from documents.models import DossierVersion
from dossier.models import Membership, Role

from .models import COMMENT_MAX_LENGTH, Advice, Route, RouteRole, RouteRoleAssignment, RouteStep, RouteTemplate
from .models.route import StepFields
from .selectors import route_ready

STEP_FIELDS = [f.name for f in StepFields._meta.fields]


def _require_kwartiermaker(membership: Membership) -> None:
    if not membership.can_edit:
        raise PermissionDenied


def _copy_steps(source, route: Route, *, submitted_on=None) -> None:
    steps = []
    for step in source:
        values = {name: getattr(step, name) for name in STEP_FIELDS}
        deadline = submitted_on + timedelta(days=step.deadline_days) if submitted_on else None
        steps.append(RouteStep(route=route, deadline=deadline, **values))
    RouteStep.objects.bulk_create(steps)


def default_template(gemeente: str) -> RouteTemplate | None:
    return RouteTemplate.objects.filter(gemeente=gemeente).order_by("name").first()


@transaction.atomic
def route_set_up(*, membership: Membership, template: RouteTemplate) -> Route:
    """The kwartiermaker (re)plans the dossier's route from a template of its gemeente. Routes already running on
    submitted versions are not touched."""
    _require_kwartiermaker(membership)
    dossier = membership.dossier
    if template.gemeente != dossier.gemeente:
        raise ValidationError({"template": _("Choose a route template of this gemeente.")})
    plan = Route.objects.select_for_update().filter(dossier=dossier, version__isnull=True).first()
    if plan is None:
        plan = Route(dossier=dossier)
    plan.template_name = template.name
    plan.reminder_days = template.reminder_days
    plan.set_up_by = membership.user
    plan.set_up_at = timezone.now()
    plan._history_user = membership.user
    plan.save()
    plan.steps.all().delete()
    _copy_steps(template.steps.order_by("position"), plan)
    return plan


@transaction.atomic
def route_role_set(*, membership: Membership, member: Membership, roles) -> None:
    """The kwartiermaker says which route roles a member of the dossier acts as (the complete set)."""
    _require_kwartiermaker(membership)
    if member.dossier_id != membership.dossier_id:
        raise PermissionDenied
    roles = set(roles)
    if not roles <= set(RouteRole.values):
        raise ValidationError({"roles": _("Choose route roles from the list.")})
    if roles and member.role == Role.COLLEGE and roles != {RouteRole.PORTEFEUILLEHOUDER}:
        raise ValidationError({"roles": _("A member of the college can only act as portefeuillehouder.")})
    RouteRoleAssignment.objects.filter(membership=member).exclude(role__in=roles).delete()
    have = set(RouteRoleAssignment.objects.filter(membership=member).values_list("role", flat=True))
    RouteRoleAssignment.objects.bulk_create(
        [RouteRoleAssignment(membership=member, role=role) for role in sorted(roles - have)]
    )


def route_submit(*, version) -> Route | None:
    """A version submitted ter advisering runs a copy of the dossier's planned route (or, without a plan, of the
    gemeente's template), with deadlines counted from today. Advies steps its advice already answers are done."""
    dossier = version.dossier
    plan = Route.objects.filter(dossier=dossier, version__isnull=True).first()
    template = None if plan else default_template(dossier.gemeente)
    source = plan.steps.order_by("position") if plan else template.steps.order_by("position") if template else None
    if source is None:
        return None
    route = Route.objects.create(
        dossier=dossier,
        version=version,
        template_name=plan.template_name if plan else template.name,
        reminder_days=plan.reminder_days if plan else template.reminder_days,
        set_up_by=version.frozen_by,
        submitted_on=timezone.localdate(),
    )
    _copy_steps(source, route, submitted_on=route.submitted_on)
    for advice in Advice.objects.filter(round__version=version).select_related("advisor"):
        advice_steps_complete(discipline=advice.discipline, version=version, user=advice.advisor)
    return route


def advice_steps_complete(*, discipline: str, version, user) -> int:
    """The advies steps of `discipline` on `version`'s route are done: its advice is given (or confirmed or revised
    for this version). Called by the advice services."""
    if version is None:
        return 0
    return RouteStep.objects.filter(
        route__version=version, kind="advies", discipline=discipline, status=RouteStep.Status.OPEN
    ).update(status=RouteStep.Status.DONE, done_by=user, done_at=timezone.now())


def actor_memberships(step: RouteStep):
    """The members of the dossier who act for `step`: its discipline's werkgroep members, or its role's holders."""
    members = Membership.objects.filter(dossier_id=step.route.dossier_id)
    if step.discipline:
        return members.filter(role=Role.WERKGROEP, discipline=step.discipline)
    return members.filter(route_roles__role=step.role)


def may_act(membership: Membership, step: RouteStep, *, roles=None) -> bool:
    """Whether the member acts for `step`; `roles` (the route roles they hold) saves a query per step on a page. Nobody
    does once the college decided (a closed dossier takes no more steps)."""
    if step.route.dossier_id != membership.dossier_id or membership.dossier.is_closed:
        return False
    if step.discipline:
        return membership.role == Role.WERKGROEP and membership.discipline == step.discipline
    if roles is not None:
        return step.role in roles
    return RouteRoleAssignment.objects.filter(membership=membership, role=step.role).exists()


def _locked_open(step: RouteStep) -> RouteStep:
    current = RouteStep.objects.select_for_update().select_related("route").get(pk=step.pk)
    if current.route.version_id is None:
        raise PermissionDenied  # the plan is not a running route
    if not current.is_open:
        raise ValidationError({"__all__": _("This step has already been completed or skipped.")})
    if current.route.offered_at is not None:
        raise ValidationError({"__all__": _("This version has been offered to the college; its route is closed.")})
    return current


def _clean_note(text: str, field: str) -> str:
    text = (text or "").replace("\r\n", "\n").strip()
    if len(text) > COMMENT_MAX_LENGTH:
        raise ValidationError({field: _("The text can be at most 5.000 characters long.")})
    return text


@transaction.atomic
def step_complete(*, membership: Membership, step: RouteStep, note: str = "") -> RouteStep:
    """The actor of a paraaf or accordering step (or an advies step of a route role) completes it. A paraaf or
    accordering waits for every earlier mandatory step: it signs off on what was advised."""
    if not may_act(membership, step):
        raise PermissionDenied
    current = _locked_open(step)
    if current.by_advice:
        raise ValidationError({"__all__": _("This step is completed by giving the discipline's advice.")})
    note = _clean_note(note, "note")
    if current.kind != "advies":
        waiting = current.route.steps.filter(
            position__lt=current.position, mandatory=True, status=RouteStep.Status.OPEN
        )
        if waiting.exists():
            raise ValidationError(
                {"__all__": _("The earlier mandatory steps are not finished yet; this step follows them.")}
            )
    current.status = RouteStep.Status.DONE
    current.done_by = membership.user
    current.done_at = timezone.now()
    current.note = note
    current._history_user = membership.user
    current.save()
    return current


@transaction.atomic
def step_skip(*, membership: Membership, step: RouteStep, reason: str) -> RouteStep:
    """The kwartiermaker skips an open step, only with a recorded reason."""
    _require_kwartiermaker(membership)
    if step.route.dossier_id != membership.dossier_id:
        raise PermissionDenied
    current = _locked_open(step)
    reason = _clean_note(reason, "reason")
    if not reason:
        raise ValidationError({"reason": _("Give the reason for skipping this step; it is recorded with the route.")})
    current.status = RouteStep.Status.SKIPPED
    current.skip_reason = reason
    current.done_by = membership.user
    current.done_at = timezone.now()
    current._history_user = membership.user
    current.save()
    return current


@transaction.atomic
def route_offer(*, membership: Membership, version) -> Route:
    """ "Aanbieden aan het college": recorded (who, when) only when `route_ready(version)`; refused otherwise with
    the reasons."""
    _require_kwartiermaker(membership)
    if version.dossier_id != membership.dossier_id:
        raise PermissionDenied
    route = Route.objects.select_for_update().filter(version=version).first()
    if route is not None and route.offered_at is not None:
        raise ValidationError({"__all__": _("This version has already been offered to the college.")})
    ready, reasons = route_ready(version)
    if not ready:
        raise ValidationError({"__all__": reasons})
    route.offered_by = membership.user
    route.offered_at = timezone.now()
    route._history_user = membership.user
    route.save()
    return route


def college_check(version) -> list[str]:
    """Registered with the documents (apps.ready): the college's decision on `version` is recorded only after the
    advice and paraaf route ran and the kwartiermaker offered it (`route_offer`), that is once every mandatory step
    was done or skipped with a reason. The route is that of the latest version submitted ter advisering up to
    `version` (the definitive version the college reads follows it); without any, nothing is held."""
    latest = (
        Route.objects.filter(
            dossier=version.dossier_id,
            version__status=DossierVersion.Status.TER_ADVISERING,
            version__number__lte=version.number,
        )
        .select_related("version")
        .order_by("-version__number")
        .first()
    )
    if latest is None or latest.offered_at is not None:
        return []
    ready, reasons = route_ready(latest.version)
    if ready:
        return [
            _("Version %(n)s completed its advice and paraaf route; the kwartiermaker still offers it to the college.")
            % {"n": latest.version.number}
        ]
    return [
        _("Version %(n)s is not ready for the college (gereed voor besluitvorming):") % {"n": latest.version.number},
        *reasons,
    ]
