"""Frozen versions: the snapshot is immutable, its hash is stable for the same content and changes with it;
only the kwartiermaker freezes; an advice round is about the latest version."""

import hashlib

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from documents import services, versioning
from documents.models import DossierVersion
from dossier.models import Membership, Risk
from werkgroep import services as werkgroep_services

pytestmark = pytest.mark.django_db


def test_the_same_content_gives_the_same_hash_and_a_change_gives_another(kwartiermaker, twenterand):
    first = services.version_publish(membership=kwartiermaker, status="concept")
    second = services.version_publish(membership=kwartiermaker, status="ter_advisering")
    assert (first.number, second.number) == (1, 2)
    assert first.sha256 == second.sha256
    risk = Risk.objects.filter(dossier=twenterand).first()
    Risk.objects.filter(pk=risk.pk).update(description=risk.description + " (aangevuld)")
    third = services.version_publish(membership=kwartiermaker, status="concept")
    assert third.sha256 != first.sha256


def test_the_hash_is_the_sha256_of_the_canonical_json_that_is_downloaded(kwartiermaker, twenterand, client):
    version = services.version_publish(membership=kwartiermaker, status="concept")
    stored = DossierVersion.objects.get(pk=version.pk)  # read back from the database (jsonb reorders keys)
    assert versioning.verify(stored)
    client.force_login(kwartiermaker.user)
    url = reverse("dossier:version", kwargs={"slug": "twenterand", "number": 1})
    body = client.get(url + "?formaat=json").content
    assert hashlib.sha256(body).hexdigest() == version.sha256


def test_the_snapshot_holds_content_results_and_the_werkgroep(kwartiermaker, twenterand):
    snapshot = services.version_publish(membership=kwartiermaker, status="concept").snapshot
    assert snapshot["dossier"]["zaaknummer"] == twenterand.zaaknummer
    assert len(snapshot["content"]["dossier.researcharea"]) == 6
    assert len(snapshot["content"]["dossier.infrastructurefunction"]) == 9
    assert {s["name"] for s in snapshot["results"]["scenarios"]} >= {"DVO verlengen met Ontplooj"}
    assert all(s["cumulative"] for s in snapshot["results"]["scenarios"])
    assert "threads" in snapshot["werkgroep"] and "advice" in snapshot["werkgroep"]


def test_a_version_cannot_be_changed_or_deleted(kwartiermaker):
    version = services.version_publish(membership=kwartiermaker, status="concept")
    version.note = "anders"
    with pytest.raises(ValidationError):
        version.save()
    with pytest.raises(ValidationError):
        version.delete()
    assert DossierVersion.objects.get(pk=version.pk).note == ""


@pytest.mark.parametrize("role", ["werkgroep", "college"])
def test_only_the_kwartiermaker_freezes(twenterand, role, client):
    from dossier.models import Role
    from dossier.tests.factories import MembershipFactory

    membership = MembershipFactory(dossier=twenterand, role=Role(role))
    with pytest.raises(PermissionDenied):
        services.version_publish(membership=membership, status="concept")
    client.force_login(membership.user)
    response = client.post(reverse("dossier:versions", kwargs={"slug": "twenterand"}), {"status": "concept"})
    assert response.status_code == 403
    assert client.get(reverse("dossier:versions", kwargs={"slug": "twenterand"})).status_code == 200
    assert not DossierVersion.objects.exists()


def test_a_bad_status_is_refused_beside_the_field(kwartiermaker, client):
    client.force_login(kwartiermaker.user)
    response = client.post(
        reverse("dossier:versions", kwargs={"slug": "twenterand"}), {"status": "vastgesteld", "note": "mijn notitie"}
    )
    assert response.status_code == 400
    assert "mijn notitie" in response.content.decode()
    assert not DossierVersion.objects.exists()


def test_freezing_from_the_page_leads_to_the_version(kwartiermaker, client):
    client.force_login(kwartiermaker.user)
    response = client.post(reverse("dossier:versions", kwargs={"slug": "twenterand"}), {"status": "concept"})
    assert response.status_code == 302
    page = client.get(response["Location"]).content.decode()
    version = DossierVersion.objects.get()
    assert version.sha256 in page
    assert "ongewijzigd" in page  # the hash matches the stored snapshot


def test_an_advice_round_is_about_the_latest_version(kwartiermaker, twenterand):
    assert werkgroep_services.advice_round_request(membership=kwartiermaker).version is None
    services.version_publish(membership=kwartiermaker, status="concept")
    latest = services.version_publish(membership=kwartiermaker, status="ter_advisering")
    kwartiermaker = Membership.objects.get(pk=kwartiermaker.pk)
    assert werkgroep_services.advice_round_request(membership=kwartiermaker).version == latest


def test_the_changes_page_shows_what_moved_between_two_versions(kwartiermaker, twenterand, client):
    from scenarios.models import ProviderTariff

    services.version_publish(membership=kwartiermaker, status="concept")
    tariff = ProviderTariff.objects.filter(provider__name="Larcom").first()
    ProviderTariff.objects.filter(pk=tariff.pk).update(amount=tariff.amount + 100)
    risk = Risk.objects.filter(dossier=twenterand).first()
    Risk.objects.filter(pk=risk.pk).update(description="Een geheel nieuwe omschrijving")
    services.version_publish(membership=kwartiermaker, status="ter_advisering")
    from dossier.models import Role
    from dossier.tests.factories import MembershipFactory

    client.force_login(MembershipFactory(dossier=twenterand, role=Role.COLLEGE).user)
    url = reverse("dossier:version-changes", kwargs={"slug": "twenterand"})
    page = client.get(url).content.decode()
    assert "100" in page and "diff-new" in page and "Een geheel nieuwe omschrijving" in page
    for garbage in ("?van=abc&naar=²", "?van=99&naar=-1", "?van=" + "9" * 40):
        assert client.get(url + garbage).status_code == 200


def test_the_matrix_says_when_a_newer_version_asks_for_a_new_round(kwartiermaker, twenterand, client):
    services.version_publish(membership=kwartiermaker, status="ter_advisering")
    werkgroep_services.advice_round_request(membership=Membership.objects.get(pk=kwartiermaker.pk))
    client.force_login(kwartiermaker.user)
    url = reverse("dossier:advice", kwargs={"slug": "twenterand"})
    assert "is nieuwer dan de versie" not in client.get(url).content.decode()
    services.version_publish(membership=kwartiermaker, status="ter_advisering")
    page = client.get(url).content.decode()
    assert "Versie 2 is nieuwer" in page
    assert "wijzigingen/?van=1&amp;naar=2" in page


def test_the_version_page_lists_its_scenarios_best_ranked_first(kwartiermaker, twenterand, client):
    version = services.version_publish(membership=kwartiermaker, status="concept")
    client.force_login(kwartiermaker.user)
    page = client.get(reverse("dossier:version", kwargs={"slug": twenterand.slug, "number": version.number}))
    ranked = sorted(version.snapshot["results"]["scenarios"], key=lambda r: r["rank"])
    shown = [r["id"] for r in page.context["results"]]
    assert shown == [r["id"] for r in ranked]
