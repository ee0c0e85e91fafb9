"""Load a dossier's scenarios from fixtures/<gemeente>/scenarios.json through the services (validated, recorded
in the history). All or nothing; a dossier that already has scenarios is left alone. A refused row is named in one
line (e.g. `scenarios[2] "Larcom …" › one_off[1] "Afrekening …": set_by: …`)."""

from datetime import date
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.formats import date_format

from dossier import services
from dossier.errors import DomainError
from dossier.loading import read_dossier_file
from dossier.models import InfrastructureFunction, ResearchArea
from finance.models import TariffSet
from scenarios.signals import scenario_proposed

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
    UncertainDriver,
)

REASON = "Geladen uit fixture"


class ScenarioDataError(DomainError):
    """A row of the file was refused; nothing was loaded."""


def row_error(where: str, exc: ValidationError) -> ScenarioDataError:
    """One line naming the row and, per field, what is wrong with it."""
    if hasattr(exc, "error_dict"):
        problems = " ".join(
            f"{field}: {' '.join(ValidationError(errors).messages)}" for field, errors in exc.error_dict.items()
        )
    else:
        problems = " ".join(exc.messages)
    return ScenarioDataError(f"{where}: {problems}")


def _name(key: str, index: int, label) -> str:
    return f'{key}[{index}] "{label}"' if label else f"{key}[{index}]"


@transaction.atomic
def scenarios_load(*, dossier, data: dict, user=None) -> int:
    """Create the providers, scenarios, weights and assessments in `data`; returns the number of scenarios."""
    if Scenario.objects.filter(dossier=dossier).exists():
        return 0

    def create(model, fields, where=""):
        try:
            return services.content_create(model=model, dossier=dossier, data=fields, user=user, reason=REASON)
        except ValidationError as exc:
            raise row_error(where or model._meta.verbose_name, exc) from exc

    providers = {}
    for p, item in enumerate(data.get("providers", []), start=1):
        fields = {k: v for k, v in item.items() if k not in ("tariffs", "staff")}
        key = fields.pop("tariff_set", None)
        fields["tariff_set"] = TariffSet.objects.get(key=key) if key else None
        where = _name("providers", p, item.get("name"))
        provider = providers[item["name"]] = create(Provider, fields, where)
        for i, tariff in enumerate(item.get("tariffs", []), start=1):
            create(
                ProviderTariff, {"provider": provider, **tariff}, f"{where} › {_name('tariffs', i, tariff.get('task'))}"
            )
        for i, line in enumerate(item.get("staff", []), start=1):
            create(StaffLine, {"provider": provider, **line}, f"{where} › {_name('staff', i, line.get('role'))}")
    areas = {a.number: a for a in ResearchArea.objects.filter(dossier=dossier)}
    functions = {f.number: f for f in InfrastructureFunction.objects.filter(dossier=dossier)}
    for item in data.get("weights", []):
        create(
            AreaWeight,
            {"area": areas[item["area"]], "weight": item["weight"], "from_finance": item.get("from_finance", False)},
        )
    for s, item in enumerate(data.get("scenarios", []), start=1):
        fields = {
            k: item[k] for k in ("name", "kind", "description", "route", "route_reasoning", "controlling_authorities")
        }
        where = _name("scenarios", s, item.get("name"))
        scenario = create(Scenario, fields, where)
        for service, provider in item["sourcing"].items():
            create(Sourcing, {"scenario": scenario, "service": service, "provider": providers[provider]}, where)
        for i, cost in enumerate(item.get("one_off", []), start=1):
            create(
                OneOffCost, {"scenario": scenario, **cost}, f"{where} › {_name('one_off', i, cost.get('description'))}"
            )
        for i, row in enumerate(item.get("turnover", []), start=1):
            create(
                ProviderTurnover, {"scenario": scenario, **row}, f"{where} › {_name('turnover', i, row.get('buyer'))}"
            )
        for i, row in enumerate(item.get("stability", []), start=1):
            create(
                StabilityImpact, {"scenario": scenario, **row}, f"{where} › {_name('stability', i, row.get('kern'))}"
            )
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
    if data.get("proposed"):
        _propose(dossier, data["proposed"])
    for i, row in enumerate(data.get("uncertainty", []), start=1):
        fields = {**row, "provider": providers[row["provider"]] if row.get("provider") else None}
        create(UncertainDriver, fields, _name("uncertainty", i, row.get("driver")))
    return len(data.get("scenarios", []))


def _propose(dossier, name: str) -> None:
    """The scenario the file proposes ("proposed", by name), announced with `scenario_proposed`: the documents app
    sets it on the dossier's collegevoorstel (inside this load's transaction)."""
    scenario = Scenario.objects.filter(dossier=dossier, name=name, archived=False).first()
    if scenario is None:
        raise ScenarioDataError(f"proposed: geen scenario met de naam {name!r}")
    scenario_proposed.send(sender=Scenario, dossier=dossier, scenario=scenario)


TEMPLATE = Path(__file__).resolve().parent.parent / "fixtures" / "standard_scenarios.json"


def _filled(value, words: dict):
    """The template's `value` with {gemeente}, {datum} and {iso_datum} filled in, in every string however deep."""
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
    today = date.today()
    words = {"gemeente": dossier.gemeente, "datum": date_format(today, "j F Y"), "iso_datum": today.isoformat()}
    return scenarios_load(dossier=dossier, data=_filled(read_dossier_file(TEMPLATE), words), user=user)
