"""The test factories build valid rows (as a form would check them: provenance included), with each trait."""

import pytest

from finance.tests.factories import TariffFactory, TariffSetFactory
from scenarios.models import Provider, Scenario

from .factories import OneOffCostFactory, ProviderFactory, ProviderTariffFactory, ScenarioFactory

pytestmark = pytest.mark.django_db


def test_each_factory_and_trait_builds_a_valid_row():
    provider = ProviderFactory()
    offer = ProviderFactory(dossier=provider.dossier, offerte=True)
    own = ProviderFactory(dossier=provider.dossier, own_facility=True, sourced=True)
    assert (offer.status, offer.set_by, own.kind) == ("offerte", "", Provider.Kind.EIGEN_VOORZIENING)
    tariff = ProviderTariffFactory(provider=offer, dossier=offer.dossier)
    assert tariff.provider.dossier == tariff.dossier
    scenario = ScenarioFactory(dossier=provider.dossier)
    dvo = ScenarioFactory(dossier=provider.dossier, dvo=True, archived_one=True)
    assert (dvo.kind, dvo.archived) == (Scenario.Kind.DVO, True)
    cost = OneOffCostFactory(scenario=scenario, dossier=scenario.dossier)
    alone = OneOffCostFactory()  # its own dossier and scenario
    assert alone.scenario.dossier == alone.dossier
    tariff_set = TariffSetFactory()
    assumed = TariffSetFactory(assumption=True)
    set_tariff = TariffFactory(tariff_set=tariff_set)
    for row in (provider, offer, own, tariff, scenario, dvo, cost, alone, tariff_set, assumed, set_tariff):
        row.full_clean()
