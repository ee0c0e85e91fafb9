"""Writes to scenarios beyond the generic content services: cloning a scenario with everything it holds, and
archiving (scenarios are never deleted). Each write goes through dossier.services, so it is validated,
versioned and recorded in the history."""

from django.db import transaction
from django.utils.translation import gettext as _

from dossier import services
from dossier.errors import DomainError

from .models import Assessment, FunctionAssessment, OneOffCost, ProviderTurnover, Scenario, Sourcing, StabilityImpact

CHILDREN = {
    Sourcing: ("service", "provider"),
    OneOffCost: ("kind", "description", "amount", "year", "reason"),
    ProviderTurnover: ("buyer", "amount"),
    StabilityImpact: (
        "kern",
        "change_workplace",
        "change_provider",
        "change_employer",
        "extra_travel_minutes",
        "reason",
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
