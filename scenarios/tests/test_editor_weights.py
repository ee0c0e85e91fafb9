"""The scenario editor's weights page and history: the weights are saved together and must add up to 100, a save on
weights someone else changed (or without the versions read) is refused, and a scenario change is in the history and
can be undone, a weight change only with the others."""

from decimal import Decimal

import pytest

from dossier.errors import ConflictError
from dossier.models import ResearchArea
from finance.numbers import input_text
from scenarios import services
from scenarios.models import AreaWeight, ProviderTariff
from scenarios.selectors import compare

from .helpers import BASE, htmx, tariff_post

pytestmark = pytest.mark.django_db


def weights_post(dossier, values):
    data = {}
    for area in ResearchArea.objects.filter(dossier=dossier):
        weight = AreaWeight.objects.filter(area=area).first()
        data[f"gewicht_{area.pk}"] = values.get(area.number, input_text(weight.weight) if weight else "0")
        data[f"versie_{area.pk}"] = weight.version if weight else ""
        if weight and weight.from_finance:
            data[f"financien_{area.pk}"] = "on"
    return data


def test_weights_must_add_up_to_100(as_role, twenterand):
    client = as_role("kwartiermaker")
    data = weights_post(twenterand, {1: "5"})  # 15 -> 5: together 90
    response = client.post(f"{BASE}/scenarios/weging/", data)
    assert response.status_code == 400
    html = response.content.decode()
    assert "De gewichten tellen samen op tot 90%; samen moeten ze precies 100% zijn." in html
    area = ResearchArea.objects.get(dossier=twenterand, number=1)
    assert f'name="gewicht_{area.pk}" value="5"' in html
    assert AreaWeight.objects.get(area=area).weight == Decimal(15)


def test_weights_are_saved_together_and_change_the_ranking_inputs(as_role, twenterand):
    client = as_role("kwartiermaker")
    response = client.post(f"{BASE}/scenarios/weging/", weights_post(twenterand, {1: "5", 2: "25"}))
    assert response.status_code == 302
    weights = {w.area.number: w.weight for w in AreaWeight.objects.select_related("area")}
    assert weights[1] == 5 and weights[2] == 25 and sum(weights.values()) == 100
    assert compare(twenterand).weights["2"] == 25


def test_weights_conflict_when_someone_else_saved_them(twenterand):
    area = ResearchArea.objects.get(dossier=twenterand, number=1)
    weights = {w.area: w for w in AreaWeight.objects.select_related("area")}
    read = {a: (w.weight, w.from_finance, w.version) for a, w in weights.items()}
    services.weights_set(dossier=twenterand, values={**read, area: (Decimal(15), True, read[area][2])}, user=None)
    with pytest.raises(ConflictError):
        services.weights_set(dossier=twenterand, values=read, user=None)


def test_scenario_changes_are_in_the_history_and_can_be_undone(as_role, twenterand):
    client = as_role("kwartiermaker")
    tariff = ProviderTariff.objects.get(provider__name="Larcom", task="begeleiding_beschut")
    old = tariff.amount
    client.post(f"{BASE}/tarief/{tariff.pk}/bewerken/", tariff_post(tariff, "9000"), headers=htmx())
    history = client.get(f"{BASE}/geschiedenis/?element=tarief:{tariff.pk}").content.decode()
    assert "€ 9.000" in history and "provider tariff" not in history
    record = tariff.history.order_by("-history_id").first()
    response = client.post(f"{BASE}/geschiedenis/providertariff/{record.history_id}/terugdraaien/")
    assert response.status_code == 302
    assert ProviderTariff.objects.get(pk=tariff.pk).amount == old
    assert client.get(f"{BASE}/geschiedenis/?soort=gewicht").status_code == 200


def test_a_weight_change_cannot_be_undone_on_its_own(as_role, twenterand):
    client = as_role("kwartiermaker")
    client.post(f"{BASE}/scenarios/weging/", weights_post(twenterand, {1: "5", 2: "25"}))
    record = AreaWeight.history.filter(history_type="~").order_by("-history_id").first()
    assert client.post(f"{BASE}/geschiedenis/areaweight/{record.history_id}/terugdraaien/").status_code == 404
    assert sum(w.weight for w in AreaWeight.objects.all()) == 100


def test_a_weights_post_without_the_versions_read_is_refused(as_role, twenterand):
    data = {k: v for k, v in weights_post(twenterand, {1: "5", 2: "25"}).items() if not k.startswith("versie_")}
    response = as_role("kwartiermaker").post(f"{BASE}/scenarios/weging/", data)
    assert response.status_code == 400
    assert AreaWeight.objects.get(area__number=1).weight == 15
