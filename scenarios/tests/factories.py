"""factory_boy factories for the scenarios' content: providers with their own tariffs, scenarios and their one-off
costs. Every figure is an aanname by default (who, when, why); the `offerte` and `sourced` traits back it with a
document and the place in it instead."""

import datetime

import factory

from dossier.tests.factories import DossierFactory
from scenarios.models import OneOffCost, Provider, ProviderTariff, Scenario

ASSUMED = {"status": "aanname", "set_by": "Kwartiermaker", "set_on": datetime.date(2026, 11, 22)}


class _Provenance(factory.django.DjangoModelFactory):
    """An aanname by default. Traits: `offerte` (an offer, with its document and page), `sourced` (a source)."""

    class Meta:
        abstract = True

    dossier = factory.SubFactory(DossierFactory)
    status = ASSUMED["status"]
    set_by = ASSUMED["set_by"]
    set_on = ASSUMED["set_on"]
    reason = "Voor de test"

    class Params:
        offerte = factory.Trait(status="offerte", source="Offerte", locator="p. 3", set_by="", set_on=None, reason="")
        sourced = factory.Trait(status="bron", source="Begroting 2025", locator="p. 12", set_by="", set_on=None)


class ProviderFactory(_Provenance):
    """A provider with tariffs. Traits also: `own_facility` (an eigen voorziening, costed bottom-up)."""

    class Meta:
        model = Provider
        exclude = ("reason",)  # a provider's why is its note

    name = factory.Sequence(lambda n: f"Aanbieder {n}")
    kind = Provider.Kind.TARIEVEN
    note = "Voor de test"

    class Params:
        own_facility = factory.Trait(kind=Provider.Kind.EIGEN_VOORZIENING, name="Eigen voorziening", reference_fte=40)


class ProviderTariffFactory(_Provenance):
    class Meta:
        model = ProviderTariff

    provider = factory.SubFactory(ProviderFactory, dossier=factory.SelfAttribute("..dossier"))
    task = "werkgeverstaken"
    amount = 1_000


class ScenarioFactory(factory.django.DjangoModelFactory):
    """A scenario with another provider. Traits: `dvo` (extending the DVO), `archived`."""

    class Meta:
        model = Scenario

    dossier = factory.SubFactory(DossierFactory)
    name = factory.Sequence(lambda n: f"Scenario {n}")
    kind = Scenario.Kind.ANDERE_AANBIEDER

    class Params:
        dvo = factory.Trait(kind=Scenario.Kind.DVO, name="DVO verlengen")
        archived_one = factory.Trait(archived=True)


class OneOffCostFactory(_Provenance):
    class Meta:
        model = OneOffCost

    scenario = factory.SubFactory(ScenarioFactory, dossier=factory.SelfAttribute("..dossier"))
    kind = OneOffCost.Kind.PROJECT
    description = factory.Sequence(lambda n: f"Projectkosten {n}")
    amount = 1
    year = 2027
