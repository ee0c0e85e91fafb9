"""The dossier's pages (read views). Every page is scoped to one dossier the user is a member of."""

from django.db.models import Case, IntegerField, Prefetch, Value, When
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from .. import overviews, selectors
from ..access import member_required
from ..kinds import KINDS
from ..models import (
    Citation,
    Deelproduct,
    Kader,
    Milestone,
    Opdrachtgever,
    Organisation,
    Participant,
    ResearchArea,
    Source,
)


@require_GET
def dossier_list(request):
    return render(request, "dossier/dossier_list.html", {"memberships": selectors.dossiers_for_user(user=request.user)})


@require_GET
@member_required()
def overview(request, dossier):
    return render(
        request,
        "dossier/overview.html",
        {
            "dashboard": selectors.dossier_dashboard(dossier=dossier),
        },
    )


@require_GET
@member_required()
def bestuursopdracht(request, dossier):
    opdrachtgevers = list(Opdrachtgever.objects.filter(dossier=dossier))
    deelproducten = list(Deelproduct.objects.filter(dossier=dossier))
    selectors.attach_citations([dossier, *opdrachtgevers, *deelproducten])
    return render(
        request,
        "dossier/bestuursopdracht.html",
        {
            "obj": dossier,
            "kind": KINDS["bestuursopdracht"],
            "opdrachtgevers": opdrachtgevers,
            "deelproducten": deelproducten,
        },
    )


@require_GET
@member_required()
def areas(request, dossier):
    return render(request, "dossier/areas.html", {"areas": ResearchArea.objects.filter(dossier=dossier)})


@require_GET
@member_required()
def area(request, dossier, number):
    obj = get_object_or_404(ResearchArea, dossier=dossier, number=number)
    selectors.attach_citations([obj])
    return render(request, "dossier/area_detail.html", {"obj": obj, "kind": KINDS["onderzoeksgebied"]})


@require_GET
@member_required()
def functions(request, dossier):
    organisations = list(Organisation.objects.filter(dossier=dossier))
    selectors.attach_citations(organisations)
    return render(
        request,
        "dossier/functions.html",
        {
            "functions": selectors.functions_with_detail(dossier=dossier),
            "organisations": organisations,
            "kind": KINDS["organisatie"],
        },
    )


@require_GET
@member_required()
def function(request, dossier, number):
    obj = get_object_or_404(selectors.functions_with_detail(dossier=dossier), number=number)
    toetsen = list(obj.toetsen.all())
    selectors.attach_citations([obj, *toetsen])
    return render(
        request,
        "dossier/function_detail.html",
        {
            "obj": obj,
            "kind": KINDS["functie"],
            "toetsen": toetsen,
            "function_pk": str(obj.pk),
        },
    )


# Kaders are grouped by kind in the order of the bestuursopdracht, not alphabetically.
ORDERINGS = {
    Kader: {
        "kind_order": Case(
            *(When(kind=kind, then=Value(i)) for i, kind in enumerate(Kader.Kind.values)), output_field=IntegerField()
        )
    }
}


def item_page(template, kind_key, model, order=None):
    """A page listing the elements of one kind, each editable in place."""

    @require_GET
    @member_required()
    def view(request, dossier):
        items = model.objects.filter(dossier=dossier)
        if order:
            items = items.annotate(**ORDERINGS.get(model, {})).order_by(*order)
        items = list(items)
        selectors.attach_citations(items)
        return render(request, template, {"items": items, "kind": KINDS[kind_key]})

    view.__name__ = kind_key
    return view


kaders = item_page("dossier/kaders.html", "kader", Kader, order=("kind_order", "number"))
participation = item_page("dossier/participation.html", "deelnemer", Participant)


@require_GET
@member_required()
def risks(request, dossier):
    """The risks: an overview table sorted and filtered by the query parameters, then each risk in detail."""
    overview = overviews.risk_overview(dossier=dossier, params=request.GET)
    selectors.attach_citations(overview.risks)
    return render(
        request, "dossier/risks.html", {"overview": overview, "items": overview.risks, "kind": KINDS["risico"]}
    )


@require_GET
@member_required()
def planning(request, dossier):
    """The planning: a timeline table of the milestones (where the dossier stands today), then each in detail."""
    items = list(Milestone.objects.filter(dossier=dossier))
    selectors.attach_citations(items)
    return render(
        request,
        "dossier/planning.html",
        {
            "items": items,
            "timeline": overviews.planning_timeline(milestones=items),
            "kind": KINDS["mijlpaal"],
            "milestone_statuses": Milestone.Status.choices,  # set here even when the dossier is closed
        },
    )


@require_GET
@member_required()
def sources(request, dossier):
    citations = Citation.objects.prefetch_related("target").order_by("content_type_id", "object_id", "field")
    items = list(Source.objects.filter(dossier=dossier).prefetch_related(Prefetch("citations", citations)))
    return render(request, "dossier/sources.html", {"items": items, "kind": KINDS["bron"]})
