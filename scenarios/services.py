"""Writes to scenarios beyond the generic content services: cloning a scenario with everything it holds, and
archiving (scenarios are never deleted). Each write goes through dossier.services, so it is validated,
versioned and recorded in the history."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from dossier import services
from dossier.errors import ConflictError, DomainError

from .models import (
    AreaWeight,
    Assessment,
    FunctionAssessment,
    OneOffCost,
    ProviderTurnover,
    Scenario,
    Service,
    Sourcing,
    StabilityImpact,
)
from .weighting import WeightingError, check_weights

PROVENANCE = ("status", "source", "locator", "set_by", "set_on", "reason")  # a copied figure keeps its owner
CHILDREN = {
    Sourcing: ("service", "provider"),
    OneOffCost: ("kind", "description", "amount", "year", *PROVENANCE),
    ProviderTurnover: ("buyer", "amount", *PROVENANCE),
    StabilityImpact: (
        "kern",
        "change_workplace",
        "change_provider",
        "change_employer",
        "extra_travel_minutes",
        *PROVENANCE,
    ),
    Assessment: ("area", "score", "rationale"),
    FunctionAssessment: ("function", "delivered_by", "coverage", "rating", "rationale"),
}
COPIED = (
    "kind",
    "description",
    "start_date",
    "horizon_end",
    "share_beschut",
    "share_groepsdetachering",
    "share_individuele_detachering",
    "route",
    "route_reasoning",
    "controlling_authorities",
)


@transaction.atomic
def scenario_create(*, dossier, data: dict, user, sourcing: dict | None = None) -> Scenario:
    """A new scenario with a provider for every service: `sourcing` (service -> provider), or the data's
    `provider_for_all` for each. A scenario without a provider for some service cannot be computed, so that is
    refused."""
    data = dict(data)
    everyone = data.pop("provider_for_all", None)
    sourcing = sourcing or dict.fromkeys(Service.values, everyone)
    missing = [Service(s).label for s in Service.values if sourcing.get(s) is None]
    if missing:
        raise ValidationError(
            {
                "provider_for_all": _("Choose a provider for every service; missing: %(services)s.")
                % {"services": ", ".join(str(m) for m in missing)}
            }
        )
    scenario = services.content_create(model=Scenario, dossier=dossier, data=data, user=user)
    for service in Service.values:
        services.content_create(
            model=Sourcing,
            dossier=dossier,
            user=user,
            data={"scenario": scenario, "service": service, "provider": sourcing[service]},
        )
    return scenario


@transaction.atomic
def weights_set(*, dossier, values: dict, user) -> None:
    """Set the weight of every research area at once: `values` maps an area to (weight, from_finance, the
    version the user read or None for a new weight). They must add up to 100%; a weight somebody else changed
    since it was read is a conflict, and then nothing is saved."""
    try:
        check_weights({str(area.number): weight for area, (weight, _f, _v) in values.items()})
    except WeightingError as exc:
        raise ValidationError(str(exc)) from exc
    # Lock the dossier row first: with no weights yet there is no row to lock, and two first saves at once would
    # both create them (a unique violation, a 500) instead of one of them getting the conflict.
    type(dossier)._default_manager.select_for_update().only("pk").get(pk=dossier.pk)
    existing = {w.area_id: w for w in AreaWeight.objects.select_for_update().filter(dossier=dossier)}
    for area, (weight, from_finance, version) in values.items():
        current = existing.get(area.pk)
        if current is not None and version is None:  # created by someone else after the form was read
            raise ConflictError(current)
        if current is None:
            if version is not None:  # it existed when read, and has been removed since
                raise ConflictError(area)
            services.content_create(
                model=AreaWeight,
                dossier=dossier,
                user=user,
                data={"area": area, "weight": weight, "from_finance": from_finance},
            )
        elif (current.weight, current.from_finance) != (weight, from_finance):
            services.content_update(
                instance=current,
                data={"weight": weight, "from_finance": from_finance},
                user=user,
                expected_version=version,
            )
        elif version is not None and version != current.version:
            raise ConflictError(current)


@transaction.atomic
def scenario_clone(*, scenario: Scenario, user, name: str | None = None) -> Scenario:
    """A copy of `scenario` with its sourcing, costs, turnover, stability and assessments, under a new name."""
    name = name or _("%(name)s (copy)") % {"name": scenario.name}
    if Scenario.objects.filter(dossier=scenario.dossier, name=name).exists():
        raise DomainError(_("A scenario named “%(name)s” already exists.") % {"name": name})
    clone = services.content_create(
        model=Scenario,
        dossier=scenario.dossier,
        user=user,
        data={"name": name, **{f: getattr(scenario, f) for f in COPIED}},
        reason=_("Copy of “%(name)s”") % {"name": scenario.name},
    )
    for model, fields in CHILDREN.items():
        for child in model.objects.filter(scenario=scenario):
            services.content_create(
                model=model,
                dossier=scenario.dossier,
                user=user,
                data={"scenario": clone, **{f: getattr(child, f) for f in fields}},
            )
    return clone


def scenario_archive(*, scenario: Scenario, user, archived: bool = True) -> Scenario:
    """Archive (or bring back) a scenario; an archived scenario is kept but left out of the comparison."""
    return services.content_update(instance=scenario, data={"archived": archived}, user=user, expected_version=None)
