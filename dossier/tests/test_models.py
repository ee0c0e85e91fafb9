"""Invariants that the database itself enforces, and the cross-field rules of clean()."""

import datetime

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from dossier.models import Citation, Membership, Risk, Role

from .factories import DossierFactory, MembershipFactory, ResearchAreaFactory, RiskFactory, SourceFactory

pytestmark = pytest.mark.django_db


def test_period_cannot_end_before_it_starts():
    dossier = DossierFactory.build(period_start=datetime.date(2025, 12, 31), period_end=datetime.date(2025, 1, 1))
    with pytest.raises(ValidationError) as exc:
        dossier.full_clean()
    assert "dossier_period_order" in str(exc.value) or exc.value.messages


def test_notice_deadline_after_dvo_end_is_refused_by_the_database():
    dossier = DossierFactory()
    dossier.dvo_notice_deadline = datetime.date(2027, 1, 1)
    with pytest.raises(IntegrityError), transaction.atomic():
        dossier.save()


@pytest.mark.parametrize("field,value", [("likelihood", 0), ("likelihood", 6), ("impact", 9)])
def test_risk_scale_is_enforced_by_the_database(field, value):
    risk = RiskFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        Risk.objects.filter(pk=risk.pk).update(**{field: value})


def test_research_area_numbers_are_unique_per_dossier_only():
    area = ResearchAreaFactory(number=1)
    ResearchAreaFactory(number=1)  # another dossier: fine
    with pytest.raises(IntegrityError), transaction.atomic():
        ResearchAreaFactory(dossier=area.dossier, number=1)


def test_werkgroep_membership_needs_a_discipline_and_others_have_none():
    membership = MembershipFactory(role=Role.WERKGROEP)
    with pytest.raises(IntegrityError), transaction.atomic():
        Membership.objects.filter(pk=membership.pk).update(discipline="")
    with pytest.raises(IntegrityError), transaction.atomic():
        MembershipFactory(role=Role.COLLEGE, discipline="hr")


def test_one_membership_per_user_and_dossier():
    membership = MembershipFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        MembershipFactory(user=membership.user, dossier=membership.dossier, role=Role.COLLEGE)


def test_citation_must_stay_inside_its_dossier_and_name_a_citable_field():
    area = ResearchAreaFactory()
    foreign_source = SourceFactory()
    citation = Citation(
        dossier=area.dossier,
        source=foreign_source,
        content_type=ContentType.objects.get_for_model(area),
        object_id=area.pk,
        field="title",
        locator="hfst. 7",
    )
    with pytest.raises(ValidationError) as exc:
        citation.full_clean()
    assert set(exc.value.message_dict) == {"source", "field"}


def test_milestone_date_label_follows_its_precision():
    from dossier.models import Milestone

    assert Milestone(date=datetime.date(2025, 9, 30), precision="kwartaal").date_label == "Q3 2025"
    assert Milestone(date=datetime.date(2026, 10, 1), precision="dag").date_label == "1 oktober 2026"
    assert Milestone(date=datetime.date(2025, 1, 31), precision="maand").date_label == "januari 2025"
