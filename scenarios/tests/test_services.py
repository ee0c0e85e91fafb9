"""Cloning and archiving scenarios: complete copies with history, never a deletion, only by the kwartiermaker."""

import pytest

from dossier.errors import DomainError
from dossier.models import Role
from dossier.tests.factories import MembershipFactory, UserFactory
from scenarios import services
from scenarios.models import Scenario
from scenarios.selectors import compare

pytestmark = pytest.mark.django_db


def test_clone_copies_everything_and_computes_the_same(twenterand):
    original = Scenario.objects.get(dossier=twenterand, kind="mengvorm")
    clone = services.scenario_clone(scenario=original, user=UserFactory())
    assert clone.name == f"{original.name} (kopie)" and clone.pk != original.pk
    for related in ("sourcing", "one_off_costs", "stability", "assessments", "turnover"):
        assert getattr(clone, related).count() == getattr(original, related).count(), related
    results = {r.scenario.pk: r for r in compare(twenterand).results}
    assert results[clone.pk].cumulative == results[original.pk].cumulative
    assert clone.history.get().history_change_reason.startswith("Kopie van")
    with pytest.raises(DomainError):
        services.scenario_clone(scenario=original, user=None)  # the copy's name is taken now


def test_archiving_keeps_the_scenario_but_leaves_it_out_of_the_comparison(twenterand):
    scenario = Scenario.objects.get(dossier=twenterand, kind="eigen_voorziening")
    services.scenario_archive(scenario=scenario, user=UserFactory())
    assert Scenario.objects.filter(pk=scenario.pk, archived=True).exists()
    assert scenario.pk not in {r.scenario.pk for r in compare(twenterand).results}
    services.scenario_archive(scenario=Scenario.objects.get(pk=scenario.pk), user=None, archived=False)
    assert scenario.pk in {r.scenario.pk for r in compare(twenterand).results}


@pytest.mark.parametrize("role", [Role.WERKGROEP, Role.COLLEGE])
def test_only_the_kwartiermaker_clones_or_archives(client, twenterand, role):
    scenario = Scenario.objects.filter(dossier=twenterand).first()
    client.force_login(MembershipFactory(dossier=twenterand, role=role).user)
    assert client.get("/d/twenterand/scenarios/").status_code == 200
    for action in ("kopieren", "archiveren"):
        assert client.post(f"/d/twenterand/scenarios/{scenario.pk}/{action}/").status_code == 403
    assert Scenario.objects.filter(dossier=twenterand).count() == 4 and not Scenario.objects.filter(archived=True)


def test_kwartiermaker_clones_and_archives_from_the_list(client, twenterand):
    scenario = Scenario.objects.get(dossier=twenterand, kind="dvo_verlengen")
    client.force_login(MembershipFactory(dossier=twenterand, role=Role.KWARTIERMAKER).user)
    page = client.get("/d/twenterand/scenarios/")
    assert "Kopiëren" in page.text and "Archiveren" in page.text
    response = client.post(f"/d/twenterand/scenarios/{scenario.pk}/kopieren/", follow=True)
    assert "is aangemaakt" in response.text and Scenario.objects.filter(dossier=twenterand).count() == 5
    client.post(f"/d/twenterand/scenarios/{scenario.pk}/archiveren/")
    assert Scenario.objects.get(pk=scenario.pk).archived
    assert client.post(f"/d/twenterand/scenarios/{scenario.pk}/verwijderen/").status_code == 404
    assert client.get(f"/d/twenterand/scenarios/{scenario.pk}/kopieren/").status_code == 405
