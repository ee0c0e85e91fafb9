"""The decision on the version page: the form only for the bestuurssecretariaat, bad input answered beside the field
with the input kept, the recorded decision and its corrections shown to every member, publishing, and the decided
copies of the collegevoorstel and the raadsinformatiebrief."""

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from documents import render, services
from documents.catalogue import decided_copy
from documents.models import Decision
from documents.views.versions import proposed_text
from dossier.models import Role
from dossier.tests.factories import MembershipFactory

from .test_archive import freeze


@pytest.fixture
def secretariaat(dossier, members):
    return MembershipFactory(dossier=dossier, role=Role.BESTUURSSECRETARIAAT)


@pytest.fixture
def version(dossier):
    return freeze(dossier)


def url(version, name="dossier:version", **extra):
    return reverse(name, kwargs={"slug": version.dossier.slug, "number": version.number, **extra})


def valid(**overrides):
    today = timezone.localdate()
    return {"meeting_date": today.isoformat(), "outcome": "conform", "besluitenlijst": "Conform besloten."} | overrides


def test_only_the_bestuurssecretariaat_sees_the_form(client, client_as, secretariaat, version):
    for role in ("kwartiermaker", "werkgroep", "college"):
        page = client_as(role).get(url(version)).content.decode()
        assert "Geen besluit van het college" in page or "besluit" in page.lower()
        assert url(version, "dossier:decision-record") not in page
    client.force_login(secretariaat.user)
    page = client.get(url(version)).content.decode()
    assert url(version, "dossier:decision-record") in page


def test_bad_input_is_answered_beside_the_field_with_the_input_kept(client, dossier, secretariaat, version):
    client.force_login(secretariaat.user)
    typed = "Het college wijzigt beslispunt 2 maar vergeet de tekst."
    response = client.post(url(version, "dossier:decision-record"), valid(outcome="gewijzigd", besluitenlijst=typed))
    assert response.status_code == 400
    page = response.content.decode()
    assert typed in page  # kept
    assert 'id="besluit-amended_beslispunten_error"' in page  # beside the field
    assert not Decision.objects.exists()
    dossier.refresh_from_db()
    assert not dossier.is_closed


@pytest.mark.parametrize(
    "data",
    [
        {},
        {"meeting_date": "31-02-2026", "outcome": "conform", "besluitenlijst": "x"},
        {"meeting_date": "2026-01-01", "outcome": "<script>", "besluitenlijst": "x"},
        {"meeting_date": "2026-01-01", "outcome": "conform", "besluitenlijst": "x" * 20_001},
    ],
)
def test_garbage_is_a_form_error_never_a_server_error(client, secretariaat, version, data):
    client.force_login(secretariaat.user)
    response = client.post(url(version, "dossier:decision-record"), data)
    assert response.status_code == 400
    assert "Nog niets" in response.content.decode() or "form-errors" in response.content.decode()
    assert not Decision.objects.exists()


def test_a_second_decision_is_refused_with_a_message_above_the_form(client, secretariaat, version):
    services.decision_record(
        membership=secretariaat, version=version, meeting_date=timezone.localdate(), outcome="conform",
        besluitenlijst="Conform.",
    )  # fmt: skip
    client.force_login(secretariaat.user)
    response = client.post(url(version, "dossier:decision-record"), valid(outcome="verworpen"))
    # The form is not offered while a decision counts; a crafted POST gets the service's Dutch refusal.
    assert response.status_code == 400
    assert "correctie" in response.content.decode()
    assert Decision.objects.count() == 1


def test_recorded_corrected_and_published_through_the_page_and_shown_to_everyone(
    client, client_as, dossier, secretariaat, version
):
    client.force_login(secretariaat.user)
    response = client.post(
        url(version, "dossier:decision-record"), valid(outcome="gewijzigd", amended_beslispunten="1. Anders.")
    )
    assert response.status_code == 302
    first = Decision.objects.get()
    correction = valid(correction_note="De datum klopte niet.", outcome="conform")
    response = client.post(url(version, "dossier:decision-correct", pk=first.pk), correction)
    assert response.status_code == 302
    current = Decision.objects.get(corrects=first)
    response = client.post(url(version, "dossier:decision-publish", pk=current.pk))
    assert response.status_code == 302
    current.refresh_from_db()
    assert current.is_published
    page = client_as("college").get(url(version)).content.decode()
    assert "Conform besloten." in page and "De datum klopte niet." in page
    assert "Gecorrigeerd" in page or "gecorrigeerd" in page
    assert "gepubliceerd op" in page
    # Every dossier page says the dossier is closed.
    overview = client_as("werkgroep").get(reverse("dossier:overview", kwargs={"slug": dossier.slug})).content.decode()
    assert "Besloten op" in overview


def test_a_correction_without_its_note_is_refused_beside_the_field(client, secretariaat, version):
    first = services.decision_record(
        membership=secretariaat, version=version, meeting_date=timezone.localdate(), outcome="conform",
        besluitenlijst="Conform.",
    )  # fmt: skip
    client.force_login(secretariaat.user)
    response = client.post(url(version, "dossier:decision-correct", pk=first.pk), valid(besluitenlijst="Getypt"))
    assert response.status_code == 400
    page = response.content.decode()
    assert 'id="correctie-correction_note_error"' in page and "Getypt" in page
    assert Decision.objects.count() == 1


def test_the_decided_copies_fill_in_the_besluit_and_the_originals_stay_as_they_were(twenterand, kwartiermaker):
    version = services.version_publish(membership=kwartiermaker, status="definitief")
    secretariaat = MembershipFactory(dossier=twenterand, role=Role.BESTUURSSECRETARIAAT)
    original_cv = render.html(version, "collegevoorstel")
    original_rib = render.html(version, "raadsinformatiebrief")
    decision = services.decision_record(
        membership=secretariaat,
        version=version,
        meeting_date=timezone.localdate(),
        outcome="gewijzigd",
        amended_beslispunten="1. De DVO wordt met één jaar verlengd.",
        besluitenlijst="Gewijzigd besloten: verlenging met één jaar.",
    )
    assert render.html(version, "collegevoorstel") == original_cv
    assert render.html(version, "raadsinformatiebrief") == original_rib
    assert "☒" not in original_cv
    copy = render.html(version, decided_copy("collegevoorstel", decision.number))
    assert "☒ <strong>gewijzigd</strong>" in copy and "De DVO wordt met één jaar verlengd." in copy
    assert "besloten exemplaar" in copy
    letter = render.html(version, decided_copy("raadsinformatiebrief", decision.number))
    assert "Gewijzigd besloten: verlenging met één jaar." in letter and "De DVO wordt met één jaar verlengd." in letter
    assert "Concept, bijgevoegd" not in letter


def test_the_amended_field_starts_with_the_proposal_and_says_nothing_unless_gewijzigd(
    client, twenterand, kwartiermaker
):
    """The form fills the amended beslispunten with the proposed ones to edit: left as they were, a conform decision
    records no amendment; edited text with another outcome than gewijzigd is refused beside the field."""
    version = services.version_publish(membership=kwartiermaker, status="definitief")
    secretariaat = MembershipFactory(dossier=twenterand, role=Role.BESTUURSSECRETARIAAT)
    client.force_login(secretariaat.user)
    page = client.get(url(version)).content.decode()
    proposed = proposed_text(version)
    assert proposed.startswith("1. ") and proposed.count("\n") == 3
    assert 'id="besluit-amended_beslispunten"' in page and "1. " in page
    edited = proposed + "\n5. Een vijfde punt."
    response = client.post(url(version, "dossier:decision-record"), valid(amended_beslispunten=edited))
    assert response.status_code == 400 and 'id="besluit-amended_beslispunten_error"' in response.content.decode()
    assert "Een vijfde punt." in response.content.decode()  # kept
    response = client.post(url(version, "dossier:decision-record"), valid(amended_beslispunten=proposed + "\r\n"))
    assert response.status_code == 302
    assert Decision.objects.get().amended_beslispunten == ""


def test_the_overview_says_what_the_college_decided_instead_of_who_prepares(client, dossier, secretariaat, version):
    client.force_login(secretariaat.user)
    overview = reverse("dossier:overview", args=[dossier.slug])
    assert "bereidt het voor" in client.get(overview).content.decode()
    client.post(url(version, "dossier:decision-record"), valid())
    page = client.get(overview).content.decode()
    day = date_format(timezone.localdate(), "j F Y")
    assert f"Het college besloot op {day}: conform, over versie {version.number}." in page
    assert "bereidt het voor" not in page and "Lees versie 1, het besluit en de documenten" in page
