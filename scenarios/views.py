"""Scenario pages of a dossier. Thin: permission, selectors, render (or xlsx)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from dossier import conflicts
from dossier import selectors as dossier_selectors
from dossier.access import member_required
from dossier.errors import ConflictError, DomainError
from dossier.kinds import KINDS
from dossier.models import ResearchArea
from dossier.views.editing import create_element
from finance.charts import svg_bars
from finance.engine import to_cents
from finance.exports import xlsx_response
from finance.models import TariffSet, VatRule

from . import budget, effects, services, uncertainty, uncertainty_tables
from . import comparison as comparison_tables
from .forms import WeightsForm
from .loading import scenarios_from_template
from .models import AreaWeight, Provider, Scenario
from .selectors import compare, scenario_detail, scenario_editor


@require_GET
@member_required()
def comparison(request, dossier):
    result = compare(dossier)
    chosen = comparison_tables.best_choice(result, request.GET.get("scenario"))
    tables = comparison_tables.tables(result, chosen)
    if request.GET.get("formaat") == "xlsx":
        return xlsx_response(tables, "Vergelijking", f"vergelijking-{dossier.slug}")
    winner = next((r for r in result.results if r.rank == 1), None)
    try:
        drawn = uncertainty.run(dossier, comparison=result)
    except uncertainty.UncertaintyError:
        drawn = None  # the Onzekerheid page says why
    return render(
        request,
        "scenarios/comparison.html",
        {
            "comparison": result,
            "tables": tables,
            "choosable": comparison_tables.choosable(result),
            "chosen": chosen,
            "winner": winner,
            "winner_total": to_cents(winner.cumulative) if winner else None,
            "uncertainty": drawn if drawn is not None and drawn.outcomes else None,
        },
    )


@require_GET
@member_required()
def scenario_list(request, dossier):
    scenarios = Scenario.objects.filter(dossier=dossier).prefetch_related("sourcing__provider")
    return render(request, "scenarios/scenario_list.html", {"scenarios": scenarios})


@require_POST
@member_required(edit=True)
def scenario_template(request, dossier):
    """The kwartiermaker gives a dossier without scenarios the four standard ones (fixtures/standard_scenarios.json)."""
    try:
        count = scenarios_from_template(dossier=dossier, user=request.user)
    except (DomainError, ValidationError) as exc:
        messages.error(request, getattr(exc, "message", None) or "; ".join(exc.messages))
        return redirect("dossier:scenario-list", slug=dossier.slug)
    if count:
        messages.success(request, _("The %(n)d standard scenarios have been added.") % {"n": count})
    else:
        messages.info(request, _("This dossier already has scenarios; nothing has been added."))
    return redirect("dossier:scenario-list", slug=dossier.slug)


@require_POST
@member_required(edit=True)
def scenario_action(request, dossier, pk, action):
    scenario = get_object_or_404(Scenario, dossier=dossier, pk=pk)
    try:
        if action == "kopieren":
            clone = services.scenario_clone(scenario=scenario, user=request.user)
            messages.success(request, _("“%(name)s” has been created.") % {"name": clone.name})
        elif action in ("archiveren", "terughalen"):
            services.scenario_archive(scenario=scenario, user=request.user, archived=action == "archiveren")
            messages.success(
                request,
                _("“%(name)s” has been archived.") % {"name": scenario.name}
                if action == "archiveren"
                else _("“%(name)s” is active again.") % {"name": scenario.name},
            )
        else:
            raise Http404("Unknown action")
    except DomainError as exc:
        messages.error(request, exc.message)
    return redirect("dossier:scenario-list", slug=dossier.slug)


def _result_context(detail) -> dict:
    outcome = detail.outcome
    years = outcome.years
    chart = None
    if outcome.result is not None:
        chart = svg_bars(_("Total contribution per year"), years, [outcome.yearly.get(y) for y in years])
    return {
        "detail": detail,
        "outcome": outcome,
        "result_tables": comparison_tables.scenario_tables(outcome),
        "chart": chart,
        "cumulative": to_cents(outcome.cumulative) if outcome.cumulative is not None else None,
    }


def _detail_or_404(dossier, pk, *, result_only=False):
    try:
        return scenario_detail(dossier, pk, result_only=result_only)
    except Scenario.DoesNotExist:
        raise Http404("No such scenario") from None


@require_GET
@member_required()
def scenario_page(request, dossier, pk):
    """The scenario editor: every input in place; its result, kept in sight, refreshes itself after each save."""
    if request.GET.get("formaat") == "xlsx":
        detail = _detail_or_404(dossier, pk)
        tables = comparison_tables.scenario_tables(detail.outcome)
        return xlsx_response(tables, detail.scenario.name[:31], f"scenario-{detail.scenario.pk}")
    try:
        editor = scenario_editor(dossier, pk)
    except Scenario.DoesNotExist:
        raise Http404("No such scenario") from None
    return render(
        request,
        "scenarios/scenario_detail.html",
        {
            **_result_context(editor.detail),
            "scenario": editor.scenario,
            "sourcing": editor.sourcing,
            "missing_services": editor.missing_services,
            "providers": editor.providers,
            "unassessed_areas": editor.unassessed_areas,
            "unassessed_functions": editor.unassessed_functions,
            "scenario_pk": str(editor.scenario.pk),
        },
    )


@require_GET
@member_required()
def scenario_result(request, dossier, pk):
    """The scenario's result, as the editor refreshes it after a write (the `scenario-changed` event): the summary kept
    in sight and, out of band, the whole result; with `was` (effects.before_write) what the write changed, was → nu."""
    detail = _detail_or_404(dossier, pk, result_only=True)
    change = effects.change(request.GET.get("was", ""), dossier, detail)
    return render(request, "scenarios/scenario_detail.html#refreshed", {**_result_context(detail), "change": change})


@require_GET
@member_required()
def providers_page(request, dossier):
    providers = list(
        Provider.objects.filter(dossier=dossier).prefetch_related(
            "tariffs",
            "staff",
            "sourcing__scenario",
            Prefetch("tariff_set", TariffSet.objects.prefetch_related("tariffs")),
        )
    )
    shown = list(providers)
    for provider in providers:
        shown += [*provider.tariffs.all(), *provider.staff.all()]
    dossier_selectors.attach_citations(shown)
    return render(request, "scenarios/providers.html", {"providers": providers})


@require_GET
@member_required()
def budget_page(request, dossier):
    """The controller's view: per scenario and begrotingsjaar the effect on the begroting, as a meerjarenraming."""
    view = budget.budget_view(dossier)
    tables = [s.table for s in view.scenarios]
    if request.GET.get("formaat") == "xlsx":
        return xlsx_response(tables, _("Meerjarenraming"), f"meerjarenraming-{dossier.slug}")
    dossier_selectors.attach_citations(view.covers)
    context = {"view": view, "tables": tables, "vat_rules": VatRule.objects.all()}
    return render(request, "scenarios/budget.html", context)


@require_GET
@member_required()
def uncertainty_page(request, dossier):
    """The uncertain inputs of the scenarios' money (edited in place), the bands of each scenario and the chance that
    each is the cheapest, by the Monte Carlo over those inputs."""
    result = compare(dossier)
    error = None
    try:
        outcome = uncertainty.run(dossier, comparison=result)
    except uncertainty.UncertaintyError as exc:
        outcome, error = None, str(exc)
    drivers = uncertainty.drivers_of(dossier) if outcome is None else outcome.drivers
    tables = [] if outcome is None or not outcome.outcomes else uncertainty_tables.tables(outcome)
    if request.GET.get("formaat") == "xlsx":
        return xlsx_response(tables, _("Onzekerheid"), f"onzekerheid-{dossier.slug}")
    dossier_selectors.attach_citations(drivers)
    context = {"drivers": drivers, "uncertainty": outcome, "tables": tables, "error": error}
    return render(request, "scenarios/uncertainty.html", context)


@require_http_methods(["GET", "POST"])
@member_required()
def weights_page(request, dossier):
    """The weights of the research areas, edited together because they must add up to 100%."""
    areas = ResearchArea.objects.filter(dossier=dossier).order_by("number")
    weights = {w.area_id: w for w in AreaWeight.objects.filter(dossier=dossier)}
    if request.method == "POST" and not request.membership.can_edit:
        raise PermissionDenied
    form = WeightsForm(request.POST or None, areas=areas, weights=weights)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services.weights_set(dossier=dossier, values=form.values, user=request.user)
            except ConflictError as exc:
                # Read again: the weights read above may predate the save that caused the conflict.
                weights = {w.area_id: w for w in AreaWeight.objects.filter(dossier=dossier)}
                conflicts.conflict(
                    form,
                    exc,
                    versions={f"versie_{a.pk}": weights[a.pk].version if a.pk in weights else None for a in areas},
                    fields=(),
                    message=_(
                        "Someone else changed the weights in the meantime. Your input is kept below; the saved "
                        "weights are shown beside it. Save again to overwrite them."
                    ),
                )
                status = conflicts.STATUS
            except ValidationError as exc:
                form.add_error(None, exc)
                status = 400
            else:
                messages.success(request, _("The weights have been saved."))
                return redirect("dossier:weights", slug=dossier.slug)
        else:
            status = 400
    shown = {pk: conflicts.shown(w, "weight") for pk, w in weights.items()}  # as saved now, the Dutch way
    return render(
        request,
        "scenarios/weights.html",
        {"form": form, "weights": weights, "shown": shown, "total": sum((w.weight for w in weights.values()), 0)},
        status=status,
    )


@require_http_methods(["GET", "POST"])
@member_required(edit=True)
def scenario_create(request, dossier):
    """A new scenario: the generic form in place, saved by the scenarios' own service, which gives it a provider for
    every service (a scenario without one cannot be computed)."""
    return create_element(
        request,
        dossier,
        KINDS["scenario"],
        lambda *, model, **kwargs: services.scenario_create(**kwargs),
    )
