"""The advice and paraaf route: planning it from a template, its copy on a version submitted ter advisering,
completing and skipping steps, the advice matrix as its advies steps, and `route_ready` / aanbieden aan het college."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from .. import route, selectors, services
from ..models import Route, RouteRole, RouteRoleAssignment, RouteStep, RouteTemplate, RouteTemplateStep, StepKind
from .factories import RouteTemplateFactory, version_factory
from .route_fixtures import people, template  # noqa: F401

pytestmark = pytest.mark.django_db


def _running(dossier, people, number=1, status="ter_advisering"):  # noqa: F811
    version = version_factory(dossier=dossier, number=number, frozen_by=people["km"].user, status=status)
    return version, Route.objects.filter(version=version).first()


def test_the_kwartiermaker_plans_the_route_from_a_template(dossier, people, template):  # noqa: F811
    plan = route.route_set_up(membership=people["km"], template=template)
    assert plan.version is None and plan.template_name == "Standaard"
    assert [(s.position, s.kind, s.actor_label, s.mandatory) for s in plan.steps.all()] == [
        (1, "advies", "Financiën", True),
        (2, "advies", "Juridisch", False),
        (3, "paraaf", "Afdelingshoofd", True),
    ]
    again = route.route_set_up(membership=people["km"], template=template)  # replanned, not a second plan
    assert again.pk == plan.pk and again.steps.count() == 3


def test_only_the_kwartiermaker_plans_and_only_with_the_gemeentes_template(dossier, people, template):  # noqa: F811
    with pytest.raises(PermissionDenied):
        route.route_set_up(membership=people["fin"], template=template)
    other = RouteTemplateFactory(gemeente="Wierden")
    with pytest.raises(ValidationError, match="sjabloon van deze gemeente|template of this gemeente"):
        route.route_set_up(membership=people["km"], template=other)
    assert not Route.objects.exists()


def test_a_step_has_exactly_one_actor(template):  # noqa: F811
    step = RouteTemplateStep(template=template, position=9, kind="paraaf", discipline="", role="", deadline_days=1)
    with pytest.raises(ValidationError):
        step.full_clean()
    with pytest.raises(IntegrityError), transaction.atomic():
        RouteTemplateStep.objects.create(
            template=template, position=9, kind="paraaf", discipline="wmo", role="controller", deadline_days=1
        )


def test_submitting_ter_advisering_copies_the_route_with_deadlines(dossier, people, template):  # noqa: F811
    route.route_set_up(membership=people["km"], template=template)
    version, running = _running(dossier, people)
    today = timezone.localdate()
    assert running.submitted_on == today
    assert [(s.position, s.deadline) for s in running.steps.all()] == [
        (1, today + timedelta(days=14)),
        (2, today + timedelta(days=14)),
        (3, today + timedelta(days=20)),
    ]
    assert all(s.is_open for s in running.steps.all())


def test_a_concept_version_runs_no_route(dossier, people, template):  # noqa: F811
    _version, running = _running(dossier, people, status="concept")
    assert running is None


def test_without_a_plan_the_gemeentes_template_is_followed(dossier, people, template):  # noqa: F811
    _version, running = _running(dossier, people)
    assert running.template_name == "Standaard" and running.steps.count() == 3


def test_a_later_change_of_the_template_or_plan_does_not_touch_a_running_route(dossier, people, template):  # noqa: F811
    route.route_set_up(membership=people["km"], template=template)
    _version, running = _running(dossier, people)
    template.steps.filter(position=3).update(deadline_days=99, mandatory=False)
    RouteTemplateStep.objects.create(
        template=template, position=4, kind="accordering", role="controller", deadline_days=30
    )
    route.route_set_up(membership=people["km"], template=template)  # the plan follows the template now
    running.refresh_from_db()
    steps = list(running.steps.all())
    assert len(steps) == 3
    assert steps[2].mandatory and steps[2].deadline == running.submitted_on + timedelta(days=20)


def test_the_disciplines_advice_completes_its_advies_step(dossier, people, template):  # noqa: F811
    version, running = _running(dossier, people)
    advice_round = services.advice_round_request(membership=people["km"])
    assert advice_round.version == version
    services.advice_give(membership=people["fin"], advice_round=advice_round, verdict="positief", text="Akkoord.")
    step = running.steps.get(position=1)
    assert step.status == RouteStep.Status.DONE and step.done_by == people["fin"].user
    assert running.steps.get(position=2).is_open


def test_advice_given_before_the_route_ran_completes_its_step_on_submission(dossier, people, template):  # noqa: F811
    version = version_factory(dossier=dossier, number=1, frozen_by=people["km"].user, status="concept")
    advice_round = services.advice_round_request(membership=people["km"])
    services.advice_give(membership=people["jur"], advice_round=advice_round, verdict="positief", text="Akkoord.")
    running = route.route_submit(version=version)
    assert running.steps.get(position=2).status == RouteStep.Status.DONE


def test_the_afdelingshoofd_initials_after_the_mandatory_advice(dossier, people, template):  # noqa: F811
    _version, running = _running(dossier, people)
    paraaf = running.steps.get(position=3)
    with pytest.raises(ValidationError, match="eerdere verplichte|earlier mandatory"):
        route.step_complete(membership=people["hoofd"], step=paraaf, note="")
    running.steps.filter(position=1).update(status=RouteStep.Status.DONE)
    done = route.step_complete(membership=people["hoofd"], step=paraaf, note="Gezien.")
    assert done.status == RouteStep.Status.DONE and done.note == "Gezien."
    with pytest.raises(ValidationError, match="al afgerond|already been completed"):
        route.step_complete(membership=people["hoofd"], step=paraaf)


def test_only_the_actor_completes_a_step_and_advies_steps_go_through_the_matrix(dossier, people, template):  # noqa: F811
    _version, running = _running(dossier, people)
    paraaf = running.steps.get(position=3)
    for who in ("km", "fin", "college"):
        with pytest.raises(PermissionDenied):
            route.step_complete(membership=people[who], step=paraaf)
    with pytest.raises(ValidationError, match="advies van de discipline|discipline's advice"):
        route.step_complete(membership=people["fin"], step=running.steps.get(position=1))


def test_the_kwartiermaker_skips_only_with_a_reason(dossier, people, template):  # noqa: F811
    _version, running = _running(dossier, people)
    step = running.steps.get(position=1)
    with pytest.raises(ValidationError) as refused:
        route.step_skip(membership=people["km"], step=step, reason="  ")
    assert "reason" in refused.value.message_dict
    with pytest.raises(PermissionDenied):
        route.step_skip(membership=people["fin"], step=step, reason="Geen tijd")
    skipped = route.step_skip(membership=people["km"], step=step, reason="Financiën adviseert mondeling in het MT.")
    assert skipped.status == RouteStep.Status.SKIPPED and skipped.done_by == people["km"].user
    assert skipped.history.first().skip_reason == "Financiën adviseert mondeling in het MT."
    with pytest.raises(IntegrityError), transaction.atomic():
        RouteStep.objects.filter(pk=step.pk).update(skip_reason="")


def test_route_ready_names_each_open_mandatory_step(dossier, people, template):  # noqa: F811
    version, running = _running(dossier, people)
    ready, reasons = selectors.route_ready(version)
    assert not ready and len(reasons) == 2  # Financiën and the afdelingshoofd; Juridisch is optional
    assert "Stap 1" in reasons[0] or "Step 1" in reasons[0]
    route.step_skip(membership=people["km"], step=running.steps.get(position=1), reason="Mondeling geadviseerd.")
    route.step_complete(membership=people["hoofd"], step=running.steps.get(position=3))
    assert selectors.route_ready(version) == (True, [])


def test_route_ready_without_a_route(dossier, people):  # noqa: F811
    version = version_factory(dossier=dossier, number=1, frozen_by=people["km"].user, status="concept")
    ready, reasons = selectors.route_ready(version)
    assert not ready and len(reasons) == 1


def test_offering_to_the_college_is_refused_until_ready_and_recorded_once(dossier, people, template):  # noqa: F811
    version, running = _running(dossier, people)
    with pytest.raises(ValidationError) as refused:
        route.route_offer(membership=people["km"], version=version)
    assert len(refused.value.messages) == 2
    running.steps.update(status=RouteStep.Status.DONE)
    with pytest.raises(PermissionDenied):
        route.route_offer(membership=people["hoofd"], version=version)
    offered = route.route_offer(membership=people["km"], version=version)
    assert offered.offered_by == people["km"].user and offered.offered_at is not None
    with pytest.raises(ValidationError, match="al aan het college aangeboden|already been offered"):
        route.route_offer(membership=people["km"], version=version)


def test_route_roles_are_set_per_member(dossier, people):  # noqa: F811
    route.route_role_set(membership=people["km"], member=people["fin"], roles=["controller", "afdelingshoofd"])
    assert set(RouteRoleAssignment.objects.filter(membership=people["fin"]).values_list("role", flat=True)) == {
        "controller",
        "afdelingshoofd",
    }
    route.route_role_set(membership=people["km"], member=people["fin"], roles=["controller"])
    assert list(RouteRoleAssignment.objects.filter(membership=people["fin"]).values_list("role", flat=True)) == [
        "controller"
    ]
    with pytest.raises(ValidationError):
        route.route_role_set(membership=people["km"], member=people["fin"], roles=["burgemeester"])
    with pytest.raises(ValidationError):
        route.route_role_set(membership=people["km"], member=people["college"], roles=["controller"])
    route.route_role_set(membership=people["km"], member=people["college"], roles=[RouteRole.PORTEFEUILLEHOUDER])
    with pytest.raises(PermissionDenied):
        route.route_role_set(membership=people["fin"], member=people["fin"], roles=[])


def test_open_steps_are_the_actors_own(dossier, people, template):  # noqa: F811
    _running(dossier, people)
    assert [s.position for s in selectors.open_steps(user=people["fin"].user)] == [1]
    assert [s.position for s in selectors.open_steps(user=people["hoofd"].user)] == [3]
    assert list(selectors.open_steps(user=people["km"].user)) == []
    # Another dossier's route is not theirs.
    assert not any(s.route.dossier_id != dossier.pk for s in selectors.open_steps(user=people["fin"].user))


def test_overdue_is_verlopen(dossier, people, template):  # noqa: F811
    _version, running = _running(dossier, people)
    step = running.steps.get(position=1)
    assert not step.is_overdue(step.deadline)
    assert step.is_overdue(step.deadline + timedelta(days=1))
    step.status = RouteStep.Status.DONE
    assert not step.is_overdue(step.deadline + timedelta(days=1))


def test_twenterands_fixture_has_a_default_template_as_an_aanname(twenterand):
    default = RouteTemplate.objects.get(gemeente=twenterand.gemeente)
    assert "Kwartiermaker" in default.assumption_by and default.assumption_reason
    kinds = list(default.steps.values_list("kind", flat=True))
    assert kinds[0] == StepKind.ADVIES and kinds[-1] == StepKind.ACCORDERING
    assert not default.steps.exclude(role="").filter(discipline__gt="").exists()
