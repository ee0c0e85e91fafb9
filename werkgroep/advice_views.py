"""The advice matrix: the kwartiermaker requests a round, each discipline of the werkgroep gives its advice (the advies
steps of the version's route), and confirms or revises advice a newer version outdated (*verouderd*)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from documents.models import DossierVersion
from dossier.access import member_required
from dossier.forms import add_errors

from . import selectors, services, staleness
from .forms import AdviceForm, AdviceRequestForm, ReviseForm
from .models import AdviceReview, AdviceRound


def membership_advises(membership, discipline: str) -> bool:
    return membership.can_advise and membership.discipline == discipline


def _advice_context(request, dossier, *, request_form=None, advice_form=None, review_form=None):
    matrix = selectors.advice_matrix(dossier=dossier)
    reviews = selectors.advice_reviews(dossier=dossier)
    for row in matrix.rows:
        row.review = reviews.get(row.advice.pk) if row.advice else None
    # The member's discipline's outdated advice (of any round: its latest advice may be in an earlier one).
    open_reviews = [
        r for r in reviews.values() if r.is_open and membership_advises(request.membership, r.advice.discipline)
    ]
    for review in open_reviews:
        bound = review_form is not None and review_form.review_id == review.pk
        review.revise_form = review_form if bound else ReviseForm(review_id=review.pk)
    membership = request.membership
    own = None
    if membership.can_advise and matrix.round is not None:
        own = next((r for r in matrix.rows if r.discipline == membership.discipline), None)
    latest = DossierVersion.objects.filter(dossier=dossier).defer("snapshot").order_by("-number").first()
    reviewed = matrix.round.version if matrix.round else None
    return {
        "matrix": matrix,
        "reviews": reviews,
        "open_reviews": open_reviews,
        # A round reviews one version; a newer version asks for a new round.
        "newer_version": latest
        if latest and (reviewed is None or latest.number > reviewed.number) and matrix.round
        else None,
        "own_row": own,
        "request_form": request_form or (AdviceRequestForm() if membership.can_edit else None),
        "advice_form": advice_form
        or (AdviceForm(dossier=dossier, discipline=membership.discipline) if own and own.advice is None else None),
    }


@require_GET
@member_required()
def advice(request, dossier):
    return render(request, "werkgroep/advice.html", _advice_context(request, dossier))


@require_POST
@member_required(edit=True)
def advice_request(request, dossier):
    form = AdviceRequestForm(request.POST)
    if form.is_valid():
        try:
            advice_round = services.advice_round_request(membership=request.membership, note=form.cleaned_data["note"])
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(
                request,
                _("Advice round %(n)s has been requested; the werkgroep has been notified.")
                % {"n": advice_round.number},
            )
            return redirect("dossier:advice", slug=dossier.slug)
    return render(request, "werkgroep/advice.html", _advice_context(request, dossier, request_form=form), status=400)


@require_POST
@member_required()
def advice_give(request, dossier, number):
    if not request.membership.can_advise:
        raise PermissionDenied
    advice_round = get_object_or_404(AdviceRound, dossier=dossier, number=number)
    form = AdviceForm(request.POST, dossier=dossier, discipline=request.membership.discipline)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.advice_give(
                membership=request.membership,
                advice_round=advice_round,
                verdict=data["verdict"],
                text=data["text"],
                threads=data["threads"],
            )
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, _("Your advice has been recorded. It can no longer be changed in this round."))
            return redirect("dossier:advice", slug=dossier.slug)
    return render(request, "werkgroep/advice.html", _advice_context(request, dossier, advice_form=form), status=400)


# ---------------------------------------------------------------------------------------------- outdated advice


def _review(dossier, pk) -> AdviceReview:
    return get_object_or_404(
        AdviceReview.objects.select_related("advice__round", "version").defer("version__snapshot"),
        advice__round__dossier=dossier,
        pk=pk,
    )


@require_POST
@member_required()
def review_confirm(request, dossier, pk):
    """The adviser's advice still holds for the newer version."""
    review = _review(dossier, pk)
    try:
        staleness.advice_confirm(membership=request.membership, review=review)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return render(request, "werkgroep/advice.html", _advice_context(request, dossier), status=400)
    messages.success(request, _("Your advice is confirmed for version %(n)s.") % {"n": review.version.number})
    return redirect("dossier:advice", slug=dossier.slug)


@require_POST
@member_required()
def review_revise(request, dossier, pk):
    """The adviser gives the advice anew for the newer version (the earlier advice stays as it was given)."""
    review = _review(dossier, pk)
    if not membership_advises(request.membership, review.advice.discipline):
        raise PermissionDenied
    form = ReviseForm(request.POST, review_id=review.pk)
    if form.is_valid():
        try:
            staleness.advice_revise(membership=request.membership, review=review, **form.cleaned_data)
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, _("Your revised advice has been recorded."))
            return redirect("dossier:advice", slug=dossier.slug)
    return render(request, "werkgroep/advice.html", _advice_context(request, dossier, review_form=form), status=400)
