"""The scenario editor's selector: the sourcing in the order of the services, what is still to choose or to score."""

import io

import pytest
from django.core.management import call_command

from dossier.tests.factories import DossierFactory, FunctionFactory, ResearchAreaFactory
from scenarios.models import Assessment, Scenario, Service, Sourcing
from scenarios.selectors import scenario_editor

from .factories import ProviderFactory, ScenarioFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def reference():
    """The reference figures (the discount rate among them) every computed scenario reads."""
    call_command("load_finance_reference", stdout=io.StringIO())


def test_scenario_editor_orders_sourcing_and_names_what_is_missing():
    dossier = DossierFactory()
    scenario = ScenarioFactory(dossier=dossier)
    provider = ProviderFactory(dossier=dossier)
    # Stored against the services' order: the editor still shows them in it.
    Sourcing.objects.create(dossier=dossier, scenario=scenario, service=Service.VERLONING, provider=provider)
    Sourcing.objects.create(dossier=dossier, scenario=scenario, service=Service.WERKGEVERSTAKEN, provider=provider)
    area = ResearchAreaFactory(dossier=dossier)
    ResearchAreaFactory(dossier=dossier)
    Assessment.objects.create(dossier=dossier, scenario=scenario, area=area, score=3)

    editor = scenario_editor(dossier, scenario.pk)

    assert editor.scenario == scenario
    assert [s.service for s in editor.sourcing] == [Service.WERKGEVERSTAKEN, Service.VERLONING]
    assert editor.providers == [provider]
    assert Service.WERKGEVERSTAKEN not in editor.missing_services
    assert Service.DAGBESTEDING in editor.missing_services
    assert len(editor.missing_services) == len(Service) - 2
    assert editor.unassessed_areas is True  # one of the two areas has no score yet
    assert editor.unassessed_functions is False  # the dossier has no functions
    assert all(hasattr(s, "cited") for s in editor.sourcing)  # citations attached for the page


def test_scenario_editor_all_scored_and_unknown_scenario():
    dossier = DossierFactory()
    scenario = ScenarioFactory(dossier=dossier)
    FunctionFactory(dossier=dossier)

    editor = scenario_editor(dossier, scenario.pk)

    assert editor.unassessed_areas is False
    assert editor.unassessed_functions is True
    assert editor.sourcing == [] and len(editor.missing_services) == len(Service)
    with pytest.raises(Scenario.DoesNotExist):
        scenario_editor(DossierFactory(), scenario.pk)  # another dossier's scenario
