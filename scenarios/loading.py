"""Load a dossier's scenarios from fixtures/<gemeente>/scenarios.json through the services (validated, recorded
in the history). All or nothing; a dossier that already has scenarios is left alone."""

from datetime import date
from pathlib import Path

from django.db import transaction
from django.utils.formats import date_format

from dossier import services
from dossier.loading import read_dossier_file
from dossier.models import InfrastructureFunction, ResearchArea
from finance.models import TariffSet

from .models import (
    AreaWeight,
    Assessment,
    FunctionAssessment,
    OneOffCost,
    Provider,
    ProviderTariff,
    ProviderTurnover,
    Scenario,
    Sourcing,
    StabilityImpact,
    StaffLine,
)

REASON = "Geladen uit fixture"


@transaction.atomic
def scenarios_load(*, dossier, data: dict, user=None) -> int:
    """Create the providers, scenarios, weights and assessments in `data`; returns the number of scenarios."""
    if Scenario.objects.filter(dossier=dossier).exists():
        return 0

    def create(model, fields):
        return services.content_create(model=model, dossier=dossier, data=fields, user=user, reason=REASON)

    providers = {}
    for item in data.get("providers", []):
        fields = {k: v for k, v in item.items() if k not in ("tariffs", "staff")}
        key = fields.pop("tariff_set", None)
        fields["tariff_set"] = TariffSet.objects.get(key=key) if key else None
        provider = providers[item["name"]] = create(Provider, fields)
        for tariff in item.get("tariffs", []):
            create(ProviderTariff, {"provider": provider, **tariff})
        for line in item.get("staff", []):
            create(StaffLine, {"provider": provider, **line})
    areas = {a.number: a for a in ResearchArea.objects.filter(dossier=dossier)}
    functions = {f.number: f for f in InfrastructureFunction.objects.filter(dossier=dossier)}
    for item in data.get("weights", []):
        create(
            AreaWeight,
            {"area": areas[item["area"]], "weight": item["weight"], "from_finance": item.get("from_finance", False)},
        )
    for item in data.get("scenarios", []):
        fields = {
            k: item[k] for k in ("name", "kind", "description", "route", "route_reasoning", "controlling_authorities")
        }
        scenario = create(Scenario, fields)
        for service, provider in item["sourcing"].items():
            create(Sourcing, {"scenario": scenario, "service": service, "provider": providers[provider]})
        for cost in item.get("one_off", []):
            create(OneOffCost, {"scenario": scenario, **cost})
        for row in item.get("turnover", []):
            create(ProviderTurnover, {"scenario": scenario, **row})
        for row in item.get("stability", []):
            create(StabilityImpact, {"scenario": scenario, **row})
        for row in item.get("assessments", []):
            create(
                Assessment,
                {
                    "scenario": scenario,
                    "area": areas[row["area"]],
                    "score": row["score"],
                    "rationale": row["rationale"],
                },
            )
        for row in item.get("function_assessments", []):
            create(
                FunctionAssessment,
                {
                    "scenario": scenario,
                    "function": functions[row["function"]],
                    "delivered_by": providers[row["delivered_by"]] if row.get("delivered_by") else None,
                    "coverage": row["coverage"],
                    "rating": row["rating"],
                    "rationale": row.get("rationale", ""),
                },
            )
    return len(data.get("scenarios", []))


TEMPLATE = Path(__file__).resolve().parent.parent / "fixtures" / "standard_scenarios.json"


def _filled(value, words: dict):
    """The template's `value` with {gemeente} and {datum} filled in, in every string however deep."""
    if isinstance(value, str):
        for key, word in words.items():
            value = value.replace("{" + key + "}", word)
        return value
    if isinstance(value, list):
        return [_filled(v, words) for v in value]
    if isinstance(value, dict):
        return {k: _filled(v, words) for k, v in value.items()}
    return value


def scenarios_from_template(*, dossier, user=None) -> int:
    """Give `dossier` the standard scenarios (fixtures/standard_scenarios.json) with its gemeente's name in them; a
    dossier that has scenarios is left alone. Returns the number of scenarios created."""
    words = {"gemeente": dossier.gemeente, "datum": date_format(date.today(), "j F Y")}
    return scenarios_load(dossier=dossier, data=_filled(read_dossier_file(TEMPLATE), words), user=user)
