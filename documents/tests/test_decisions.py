"""The college's decision: recorded by the bestuurssecretariaat only, on a definitive version only, final (a
correction is a new decision), closing the dossier for conform/gewijzigd/verworpen and not for aangehouden, and
published under the Woo only when the proposal is public."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from documents import selectors, services
from documents.catalogue import decided_copy
from documents.models import Decision, VersionDocument
from dossier.errors import DomainError
from dossier.models import Dossier, Membership, Role
from dossier.tests.factories import MembershipFactory

from .test_archive import freeze

TODAY = timezone.localdate


@pytest.fixture
def secretariaat(dossier):
    return MembershipFactory(dossier=dossier, role=Role.BESTUURSSECRETARIAAT)


@pytest.fixture
def version(dossier):
    return freeze(dossier)


def record(membership, version, **overrides):
    values = {"meeting_date": TODAY(), "outcome": "conform", "besluitenlijst": "Conform besloten."}
    return services.decision_record(membership=membership, version=version, **(values | overrides))


def fresh(membership) -> Membership:
    return Membership.objects.select_related("dossier").get(pk=membership.pk)


def test_a_conform_decision_closes_the_dossier_and_has_the_decided_copies_made(dossier, m, secretariaat, version):
    decision = record(secretariaat, version)
    assert decision.history.count() == 1 and decision.recorded_by == secretariaat.user
    dossier.refresh_from_db()
    assert dossier.closed_on == TODAY() and dossier.status == Dossier.Status.BESLOTEN
    assert not fresh(m["kwartiermaker"]).can_edit and not fresh(m["werkgroep"]).can_comment
    assert fresh(m["kwartiermaker"]).can_track_milestones
    rows = VersionDocument.objects.filter(version=version, document__contains="-besluit-")
    assert sorted(rows.values_list("document", flat=True)) == [
        decided_copy("collegevoorstel", decision.number),
        decided_copy("raadsinformatiebrief", decision.number),
    ]
    assert selectors.current_decision(dossier=dossier) == decision
    assert selectors.decided_version(dossier=dossier) == version


@pytest.mark.parametrize("role", ["kwartiermaker", "werkgroep", "college"])
def test_only_the_bestuurssecretariaat_records_a_decision(dossier, m, version, role):
    with pytest.raises(PermissionDenied):
        record(m[role], version)
    assert not Decision.objects.exists()


def test_a_decision_on_another_dossiers_version_is_refused(dossier, secretariaat):
    other = freeze(MembershipFactory(role=Role.KWARTIERMAKER).dossier)
    with pytest.raises(PermissionDenied):
        record(secretariaat, other)


@pytest.mark.parametrize("status", ["concept", "ter_advisering"])
def test_only_a_definitive_version_is_decided_on(dossier, secretariaat, status):
    with pytest.raises(ValidationError) as refused:
        record(secretariaat, freeze(dossier, status=status))
    assert "version" in refused.value.error_dict
    assert not Decision.objects.exists()


@pytest.mark.parametrize(
    ("values", "field"),
    [
        ({"outcome": "gewijzigd"}, "amended_beslispunten"),
        ({"outcome": "aangehouden"}, "reason"),
        ({"outcome": "conform", "reason": "Waarom"}, "reason"),
        ({"outcome": "conform", "amended_beslispunten": "1. Anders"}, "amended_beslispunten"),
        ({"meeting_date": TODAY() + timedelta(days=1)}, "meeting_date"),
        ({"meeting_date": TODAY() - timedelta(days=30)}, "meeting_date"),  # before the version was frozen
        ({"besluitenlijst": "  "}, "besluitenlijst"),
        ({"outcome": "onbekend"}, "outcome"),
    ],
)
def test_bad_values_are_refused_beside_their_field_and_nothing_is_written(
    dossier, secretariaat, version, values, field
):
    with pytest.raises(ValidationError) as refused:
        record(secretariaat, version, **values)
    assert field in refused.value.error_dict
    assert not Decision.objects.exists()
    dossier.refresh_from_db()
    assert dossier.closed_on is None


def test_gewijzigd_keeps_the_amended_text_beside_the_proposed_one(dossier, secretariaat, version):
    decision = record(secretariaat, version, outcome="gewijzigd", amended_beslispunten="1. Verlengen met één jaar.")
    assert decision.amended_beslispunten == "1. Verlengen met één jaar."
    assert version.snapshot["content"]["documents.proposal"]  # the proposed ones stay in the frozen version
    dossier.refresh_from_db()
    assert dossier.is_closed


def test_aangehouden_leaves_the_dossier_open_for_a_new_round(dossier, m, secretariaat, version):
    held = record(secretariaat, version, outcome="aangehouden", reason="Eerst het advies van Financiën.")
    dossier.refresh_from_db()
    assert not dossier.is_closed and fresh(m["kwartiermaker"]).can_edit
    assert selectors.decided_version(dossier=dossier) is None
    assert not VersionDocument.objects.filter(document__contains="-besluit-").exists()
    # The next round: a new decision (on the same or a newer definitive version) may follow.
    decision = record(secretariaat, freeze(dossier))
    assert selectors.current_decision(dossier=dossier) == decision
    assert held.correction_note == "" and Decision.objects.count() == 2


def test_a_second_decision_is_refused_while_one_counts(dossier, secretariaat, version):
    record(secretariaat, version)
    with pytest.raises(DomainError, match="correctie"):
        record(secretariaat, version, outcome="verworpen")
    assert Decision.objects.count() == 1


def test_a_recorded_decision_is_final(secretariaat, version):
    decision = record(secretariaat, version)
    decision.besluitenlijst = "Anders"
    with pytest.raises(ValidationError):
        decision.save()
    with pytest.raises(ValidationError):
        decision.save(update_fields=["besluitenlijst"])
    with pytest.raises(ValidationError):
        decision.delete()
    assert Decision.objects.get().besluitenlijst == "Conform besloten."


def test_a_correction_refers_to_the_old_decision_which_no_longer_counts(dossier, m, secretariaat, version):
    first = record(secretariaat, version)
    correction = services.decision_correct(
        membership=secretariaat,
        decision=first,
        correction_note="De vergadering was aangehouden, niet conform.",
        meeting_date=TODAY(),
        outcome="aangehouden",
        besluitenlijst="Aangehouden.",
        reason="Nadere uitwerking van de kosten.",
    )
    assert correction.corrects == first and first.correction == correction
    assert selectors.current_decision(dossier=dossier) == correction
    assert [d.pk for d in selectors.decisions_of(version=version)] == [correction.pk, first.pk]
    dossier.refresh_from_db()
    assert not dossier.is_closed and fresh(m["kwartiermaker"]).can_edit  # aangehouden: open again
    # Only the decision that counts is corrected; a correction says what it corrects.
    with pytest.raises(DomainError):
        services.decision_correct(
            membership=secretariaat, decision=first, correction_note="x", meeting_date=TODAY(), outcome="conform",
            besluitenlijst="x",
        )  # fmt: skip
    with pytest.raises(ValidationError) as refused:
        services.decision_correct(
            membership=secretariaat, decision=correction, correction_note="", meeting_date=TODAY(),
            outcome="conform", besluitenlijst="Conform.",
        )  # fmt: skip
    assert "correction_note" in refused.value.error_dict
    again = services.decision_correct(
        membership=secretariaat, decision=correction, correction_note="Toch conform.", meeting_date=TODAY(),
        outcome="conform", besluitenlijst="Conform.",
    )  # fmt: skip
    dossier.refresh_from_db()
    assert dossier.is_closed and selectors.current_decision(dossier=dossier) == again


def test_a_public_decision_is_published_once_and_listed_for_the_woo(dossier, secretariaat, version):
    decision = record(secretariaat, version)
    assert selectors.published_decisions(dossier) == []
    published = services.decision_publish(membership=secretariaat, decision=decision)
    assert published.published_at is not None and published.published_by == secretariaat.user
    assert published.history.count() == 2  # recorded, published
    assert selectors.published_decisions(dossier) == [published]
    with pytest.raises(DomainError):
        services.decision_publish(membership=secretariaat, decision=published)
    # A correction replaces it: the corrected decision is no longer offered, the correction is not published yet.
    services.decision_correct(
        membership=secretariaat, decision=published, correction_note="Datum", meeting_date=TODAY(),
        outcome="conform", besluitenlijst="Conform.",
    )  # fmt: skip
    assert selectors.published_decisions(dossier) == []


def test_a_decision_on_a_proposal_that_is_not_public_is_not_published(dossier, secretariaat):
    decision = record(secretariaat, freeze(dossier, openbaar=False, ground="5.1 lid 2 sub i"))
    assert not decision.openbaar
    with pytest.raises(DomainError, match="niet openbaar"):
        services.decision_publish(membership=secretariaat, decision=decision)
    assert selectors.published_decisions(dossier) == []


def test_a_held_decision_is_not_published_and_only_the_secretariaat_publishes(dossier, m, secretariaat, version):
    held = record(secretariaat, version, outcome="aangehouden", reason="Later")
    with pytest.raises(DomainError):
        services.decision_publish(membership=secretariaat, decision=held)
    with pytest.raises(PermissionDenied):
        services.decision_publish(membership=m["kwartiermaker"], decision=held)
