"""One conflict helper for every edit view: a save on an outdated version answers 409 with the person's input kept
and what is saved now shown beside it, formatted as the pages show it; saving that answer again overwrites."""

import re
from decimal import Decimal

import pytest
from django.urls import reverse

from dossier import services
from dossier.models import PopulationBaseline, ResearchArea, Risk, Role
from dossier.tests.factories import MembershipFactory
from finance.numbers import input_text
from scenarios.models import AreaWeight, ProviderTariff
from werkgroep import anchors
from werkgroep import services as werkgroep_services
from werkgroep.models import Thread

pytestmark = pytest.mark.django_db
HTMX = {"HX-Request": "true"}


@pytest.fixture
def people(twenterand):
    """The kwartiermaker who edits from an outdated page, and a colleague kwartiermaker who saved first."""
    return {
        "me": MembershipFactory(dossier=twenterand, role=Role.KWARTIERMAKER),
        "colleague": MembershipFactory(dossier=twenterand, role=Role.KWARTIERMAKER),
    }


def hidden(response, name: str) -> str:
    return re.search(rf'name="{name}" value="([^"]*)"', response.content.decode()).group(1)


def saved_now(response) -> str:
    html = response.content.decode()
    return " ".join(html[html.index('class="conflict"') :].split("</div>")[0].split())


def test_an_element_edit(client, twenterand, people):
    tariff = ProviderTariff.objects.get(provider__name="Larcom", task="begeleiding_beschut")
    read_at = tariff.version
    services.content_update(
        instance=tariff, data={"amount": Decimal("6100.50")}, user=people["colleague"].user, expected_version=read_at
    )
    client.force_login(people["me"].user)
    url = reverse("dossier:edit", kwargs={"slug": twenterand.slug, "kind": "tarief", "pk": tariff.pk})
    data = {
        "task": tariff.task,
        "amount": "5.000,00",
        "status": tariff.status,
        "set_by": tariff.set_by,
        "set_on": tariff.set_on.isoformat(),
        "reason": "Offerte",
    }
    for headers in ({}, HTMX):
        stale = client.post(url, {**data, "expected_version": read_at}, headers=headers)
        assert stale.status_code == 409
        assert 'value="5.000,00"' in stale.content.decode()  # what I typed
        assert "€ 6.100,50" in saved_now(stale)  # what the colleague saved, the Dutch way
        assert hidden(stale, "expected_version") == str(read_at + 1)

    again = client.post(url, {**data, "expected_version": hidden(stale, "expected_version")}, headers=HTMX)
    assert again.status_code == 200
    assert ProviderTariff.objects.get(pk=tariff.pk).amount == Decimal("5000")


def baseline_post(baseline, **changes):
    data = {}
    for name in (
        "start_year",
        "start_count",
        "end_year",
        "end_count",
        "method",
        "first_year",
        "last_year",
        "nieuw_beschut",
        "nieuw_beschut_growth",
        "index_series",
        "assumption_by",
        "assumption_reason",
    ):
        value = getattr(baseline, name)
        data[name] = "" if value is None else input_text(value) if isinstance(value, Decimal) else value
    for name in (
        "share_beschut",
        "share_groepsdetachering",
        "share_individuele_detachering",
        "share_overige",
        "share_overige_werkgeverstaken",
        "nieuw_beschut_at_provider",
        "provider_share",
        "fte_beschut",
        "fte_groepsdetachering",
        "fte_individuele_detachering",
        "future_index",
        "fixed_share",
    ):
        value = getattr(baseline, name)
        data[name] = "" if value is None else input_text(value, percent=True)
    data["tariff_set"] = baseline.tariff_set_id
    data["services"] = list(baseline.services)
    data["assumption_on"] = baseline.assumption_on.isoformat() if baseline.assumption_on else ""
    data["expected_version"] = baseline.version
    data["opslaan"] = "1"
    return {**data, **changes}


def test_the_projection_page_saves_on_the_second_try(client, twenterand, people):
    """The projection page re-rendered the outdated version, so "save again to overwrite" was a conflict forever."""
    baseline = PopulationBaseline.objects.get(dossier=twenterand)
    mine = baseline_post(baseline, future_index="3,5")
    services.content_update(
        instance=baseline,
        data={"future_index": Decimal("0.0275")},
        user=people["colleague"].user,
        expected_version=baseline.version,
    )
    client.force_login(people["me"].user)
    url = reverse("dossier:finance-projection", kwargs={"slug": twenterand.slug})

    stale = client.post(url, mine)
    assert stale.status_code == 409
    assert 'value="3,5"' in stale.content.decode()
    assert "2,75%" in saved_now(stale)

    again = client.post(url, {**mine, "expected_version": hidden(stale, "expected_version")})
    assert again.status_code == 302
    assert PopulationBaseline.objects.get(pk=baseline.pk).future_index == Decimal("0.035")


def test_the_weights_page(client, twenterand, people):
    areas = list(ResearchArea.objects.filter(dossier=twenterand).order_by("number"))
    weights = {w.area_id: w for w in AreaWeight.objects.filter(dossier=twenterand)}
    mine = {}
    for area in areas:
        mine[f"gewicht_{area.pk}"] = input_text(weights[area.pk].weight)
        mine[f"versie_{area.pk}"] = weights[area.pk].version
        if weights[area.pk].from_finance:
            mine[f"financien_{area.pk}"] = "on"
    first, second = areas[0], areas[1]
    # The colleague moves 2,5 from the second area to the first; I move 5 the other way.
    theirs = {a: (weights[a.pk].weight, weights[a.pk].from_finance, weights[a.pk].version) for a in areas}
    theirs[first] = (weights[first.pk].weight + Decimal("2.5"), *theirs[first][1:])
    theirs[second] = (weights[second.pk].weight - Decimal("2.5"), *theirs[second][1:])
    from scenarios import services as scenario_services

    scenario_services.weights_set(dossier=twenterand, values=theirs, user=people["colleague"].user)
    mine[f"gewicht_{first.pk}"] = input_text(weights[first.pk].weight - 5)
    mine[f"gewicht_{second.pk}"] = input_text(weights[second.pk].weight + 5)
    client.force_login(people["me"].user)
    url = reverse("dossier:weights", kwargs={"slug": twenterand.slug})

    stale = client.post(url, mine)
    assert stale.status_code == 409
    html = stale.content.decode()
    assert f'value="{mine[f"gewicht_{first.pk}"]}"' in html
    assert f"{input_text(theirs[first][0]).rstrip('0').rstrip(',')}%" in html.replace(" ", "")

    again = client.post(url, {**mine, **{f"versie_{a.pk}": hidden(stale, f"versie_{a.pk}") for a in areas}})
    assert again.status_code == 302
    assert AreaWeight.objects.get(area=first).weight == weights[first.pk].weight - 5


def test_a_threads_status(client, twenterand, people):
    risk = Risk.objects.filter(dossier=twenterand).order_by("pk").first()
    thread = werkgroep_services.thread_open(
        membership=people["colleague"], anchor=anchors.resolve(twenterand, "risico", risk.pk), text="Klopt de kans?"
    )
    werkgroep_services.thread_set_status(
        membership=people["colleague"], thread=thread, status="niet_overgenomen", note="Bewust zo gelaten."
    )
    werkgroep_services.thread_set_status(membership=people["colleague"], thread=thread, status="open")
    client.force_login(people["me"].user)
    url = reverse("dossier:thread-status", kwargs={"slug": twenterand.slug, "pk": thread.pk})
    mine = {"status": "verwerkt", "note": "Kans verlaagd naar 2.", "in_version": "", "expected_version": 1}

    stale = client.post(url, mine, headers=HTMX)
    assert stale.status_code == 409
    assert "Kans verlaagd naar 2." in stale.content.decode()
    assert "<dd>Open</dd>" in saved_now(stale)  # reopened by the colleague in the meantime

    again = client.post(url, {**mine, "expected_version": hidden(stale, "expected_version")}, headers=HTMX)
    assert again.status_code == 200
    assert Thread.objects.get(pk=thread.pk).status == "verwerkt"
