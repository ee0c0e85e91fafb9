"""The college's decision on a version, on the version's page: the bestuurssecretariaat records it, corrects it
and publishes it (POST only; a refused form is the version page again, with the input kept and the errors beside
the fields)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from dossier.access import member_required
from dossier.errors import DomainError
from dossier.forms import add_errors

from .. import services
from ..forms import CorrectionForm, DecisionForm
from ..models import Decision, DossierVersion
from .versions import detail_context, proposed_text


def _version(request, dossier, number) -> DossierVersion:
    if not request.membership.can_record_decision:
        raise PermissionDenied  # before anything is read or validated: only the bestuurssecretariaat writes here
    return get_object_or_404(DossierVersion.objects.select_related("frozen_by"), dossier=dossier, number=number)


def _decision(version, pk) -> Decision:
    return get_object_or_404(Decision.objects.select_related("version__dossier"), version=version, pk=pk)


def _saved(request, dossier, version, message):
    messages.success(request, message)
    return redirect("dossier:version", slug=dossier.slug, number=version.number)


def _refused(request, version, **forms):
    return render(request, "documents/version_detail.html", detail_context(request, version, **forms), status=400)


def _write(form, write) -> Decision | None:
    """Call the service with the form's values; its refusals beside the fields (or above the form)."""
    if not form.is_valid():
        return None
    try:
        return write(**form.cleaned_data)
    except ValidationError as exc:
        add_errors(form, exc)
    except DomainError as exc:
        form.add_error(None, exc.message)
    return None


@require_POST
@member_required()
def decision_record(request, dossier, number):
    version = _version(request, dossier, number)
    form = DecisionForm(request.POST, proposed=proposed_text(version))
    decision = _write(
        form, lambda **data: services.decision_record(membership=request.membership, version=version, **data)
    )
    if decision is None:
        return _refused(request, version, decision_form=form)
    return _saved(request, dossier, version, _("The college's decision has been recorded."))


@require_POST
@member_required()
def decision_correct(request, dossier, number, pk):
    version = _version(request, dossier, number)
    decision = _decision(version, pk)
    form = CorrectionForm(request.POST, proposed=proposed_text(version))
    correction = _write(
        form,
        lambda **data: services.decision_correct(membership=request.membership, decision=decision, **data),
    )
    if correction is None:
        return _refused(request, version, correction_form=form)
    return _saved(request, dossier, version, _("The correction has been recorded; it replaces the earlier decision."))


@require_POST
@member_required()
def decision_publish(request, dossier, number, pk):
    version = _version(request, dossier, number)
    decision = _decision(version, pk)
    try:
        services.decision_publish(membership=request.membership, decision=decision)
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect("dossier:version", slug=dossier.slug, number=version.number)
    return _saved(request, dossier, version, _("The decision has been published."))
