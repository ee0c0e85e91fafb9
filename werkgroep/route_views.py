"""The route's screens: the dossier's planned route (its template, who acts as which route role) and the route a
submitted version runs (its steps, what is verlopen, skipping with a reason, aanbieden aan het college). Every rule
is checked by the services."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from documents.models import DossierVersion
from dossier.access import member_required
from dossier.forms import add_errors
from dossier.models import Membership

from . import route, selectors
from .forms import RouteRolesForm, RouteTemplateForm, StepCompleteForm, StepSkipForm
from .models import RouteRole, RouteRoleAssignment, RouteStep


def _plan_context(request, dossier, *, template_form=None, roles_form=None, roles_member=None):
    membership = request.membership
    members = selectors.members(dossier=dossier)
    roles = selectors.route_roles(dossier=dossier)
    if membership.can_edit:
        for member in members:
            bound = roles_form if roles_member == member.pk else None
            member.roles_form = bound or RouteRolesForm(
                initial={"roles": roles.get(member.pk, [])}, member_id=member.pk
            )
    for member in members:
        member.role_labels = [RouteRole(role).label for role in roles.get(member.pk, [])]
    return {
        "plan": selectors.route_of(dossier=dossier),
        "members": members,
        "running": selectors.running_routes(dossier=dossier),
        "template_form": template_form
        or (RouteTemplateForm(gemeente=dossier.gemeente) if membership.can_edit else None),
    }


@require_GET
@member_required()
def route_plan(request, dossier):
    return render(request, "werkgroep/route.html", _plan_context(request, dossier))


@require_POST
@member_required(edit=True)
def route_set_up(request, dossier):
    form = RouteTemplateForm(request.POST, gemeente=dossier.gemeente)
    if form.is_valid():
        try:
            route.route_set_up(membership=request.membership, template=form.cleaned_data["template"])
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, _("The route has been set up from the template."))
            return redirect("dossier:route", slug=dossier.slug)
    return render(request, "werkgroep/route.html", _plan_context(request, dossier, template_form=form), status=400)


@require_POST
@member_required(edit=True)
def route_roles(request, dossier, pk):
    member = get_object_or_404(Membership, dossier=dossier, pk=pk)
    form = RouteRolesForm(request.POST, member_id=member.pk)
    if form.is_valid():
        try:
            route.route_role_set(membership=request.membership, member=member, roles=form.cleaned_data["roles"])
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, _("The route roles have been saved."))
            return redirect("dossier:route", slug=dossier.slug)
    context = _plan_context(request, dossier, roles_form=form, roles_member=member.pk)
    return render(request, "werkgroep/route.html", context, status=400)


def _version_context(request, dossier, version, *, forms=None):
    forms = forms or {}
    running = selectors.route_of(dossier=dossier, version=version)
    membership = request.membership
    steps = list(running.steps.all()) if running else []
    roles = set(RouteRoleAssignment.objects.filter(membership=membership).values_list("role", flat=True))
    for step in steps:
        step.route = running  # for may_act, without a query per step
        open_ = step.is_open and running.offered_at is None
        step.may_complete = open_ and not step.by_advice and route.may_act(membership, step, roles=roles)
        step.complete_form = forms.get(("complete", step.pk)) or StepCompleteForm(step_id=step.pk)
        step.may_skip = open_ and membership.can_edit
        step.skip_form = forms.get(("skip", step.pk)) or StepSkipForm(step_id=step.pk)
    ready, reasons = selectors.route_ready(version)
    return {
        "version": version,
        "route": running,
        "steps": steps,
        "today": timezone.localdate(),
        "ready": ready,
        "reasons": forms.get("offer") or reasons,
    }


def _version(dossier, number) -> DossierVersion:
    return get_object_or_404(DossierVersion.objects.defer("snapshot"), dossier=dossier, number=number)


@require_GET
@member_required()
def route_version(request, dossier, number):
    return render(
        request, "werkgroep/route_version.html", _version_context(request, dossier, _version(dossier, number))
    )


def _step_action(request, dossier, pk, *, form_class, key, action, check=None):
    # Only the steps of running routes are acted on (the plan's are not).
    step = get_object_or_404(
        RouteStep.objects.select_related("route__version").defer("route__version__snapshot"),
        route__dossier=dossier,
        route__version__isnull=False,
        pk=pk,
    )
    if check is not None and not check(step):
        raise PermissionDenied  # before the form: a non-actor gets 403 whatever they typed
    version = step.route.version
    form = form_class(request.POST, step_id=step.pk)
    if form.is_valid():
        try:
            action(step, form.cleaned_data)
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            return redirect("dossier:route-version", slug=dossier.slug, number=version.number)
    context = _version_context(request, dossier, version, forms={(key, step.pk): form})
    return render(request, "werkgroep/route_version.html", context, status=400)


@require_POST
@member_required()
def step_complete(request, dossier, pk):
    def action(step, data):
        route.step_complete(membership=request.membership, step=step, note=data["note"])
        messages.success(request, _("The step has been completed."))

    return _step_action(
        request,
        dossier,
        pk,
        form_class=StepCompleteForm,
        key="complete",
        action=action,
        check=lambda step: route.may_act(request.membership, step),
    )


@require_POST
@member_required(edit=True)
def step_skip(request, dossier, pk):
    def action(step, data):
        route.step_skip(membership=request.membership, step=step, reason=data["reason"])
        messages.success(request, _("The step has been skipped; the reason is recorded."))

    return _step_action(request, dossier, pk, form_class=StepSkipForm, key="skip", action=action)


@require_POST
@member_required(edit=True)
def route_offer(request, dossier, number):
    version = _version(dossier, number)
    try:
        route.route_offer(membership=request.membership, version=version)
    except ValidationError as exc:
        context = _version_context(request, dossier, version, forms={"offer": exc.messages})
        return render(request, "werkgroep/route_version.html", context, status=400)
    messages.success(request, _("Version %(n)s has been offered to the college.") % {"n": version.number})
    return redirect("dossier:route-version", slug=dossier.slug, number=version.number)
