"""Advice goes stale honestly: a newer version that changes what an advice was about marks it verouderd, tells the
adviser, and the adviser confirms or revises it (which also completes the advies step on the new version's route)."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from .. import services, staleness
from ..models import AdviceReview, Notification, RouteStep
from .factories import ThreadFactory, version_factory
from .route_fixtures import people, template  # noqa: F401

pytestmark = pytest.mark.django_db


def snapshot(risks: dict, title="Toekomst Wsw") -> dict:
    return {
        "schema": 2,
        "dossier": {"title": title},
        "content": {"dossier.risk": [{"id": pk, "name": name, "version": 1} for pk, name in sorted(risks.items())]},
    }


@pytest.fixture
def advised(dossier, people, risk):  # noqa: F811
    """Version 1 (concept) with two risks; Financiën advised about the thread on `risk`, Juridisch on the whole."""
    other = ThreadFactory(dossier=dossier).object_id
    risks = {risk.pk: "Kans op claim", other: "Ander risico"}
    version = version_factory(
        dossier=dossier, number=1, frozen_by=people["km"].user, status="concept", snapshot=snapshot(risks)
    )
    advice_round = services.advice_round_request(membership=people["km"])
    thread = ThreadFactory(dossier=dossier, anchor=risk)
    fin = services.advice_give(
        membership=people["fin"], advice_round=advice_round, verdict="positief", text="Akkoord.", threads=[thread]
    )
    jur = services.advice_give(membership=people["jur"], advice_round=advice_round, verdict="positief", text="Akkoord.")
    return {"version": version, "risks": risks, "risk": risk.pk, "other": other, "fin": fin, "jur": jur}


def _next(dossier, people, number, risks, title="Toekomst Wsw", status="ter_advisering"):  # noqa: F811
    return version_factory(
        dossier=dossier, number=number, frozen_by=people["km"].user, status=status, snapshot=snapshot(risks, title)
    )


def test_a_change_to_what_the_advice_was_about_outdates_it(dossier, people, advised):  # noqa: F811
    risks = {**advised["risks"], advised["risk"]: "Kans op een claim van de aanbieder"}
    new = _next(dossier, people, 2, risks)
    review = AdviceReview.objects.get(advice=advised["fin"])
    assert review.is_open and review.basis == advised["version"] and review.version == new
    told = Notification.objects.get(recipient=people["fin"].user, kind=Notification.Kind.ADVICE_OUTDATED)
    assert told.advice_review == review
    # Juridisch advised on the whole version: any text change outdates it too.
    assert AdviceReview.objects.filter(advice=advised["jur"], status="verouderd").exists()


def test_a_change_elsewhere_leaves_thread_bound_advice_alone(dossier, people, advised):  # noqa: F811
    risks = {**advised["risks"], advised["other"]: "Ander risico, herschreven"}
    _next(dossier, people, 2, risks)
    assert not AdviceReview.objects.filter(advice=advised["fin"]).exists()
    assert AdviceReview.objects.filter(advice=advised["jur"]).exists()


def test_an_unchanged_version_outdates_nothing(dossier, people, advised):  # noqa: F811
    _next(dossier, people, 2, advised["risks"])
    assert not AdviceReview.objects.exists()
    assert not Notification.objects.filter(kind=Notification.Kind.ADVICE_OUTDATED).exists()


def test_the_adviser_confirms_and_the_new_routes_step_is_done(dossier, people, advised, template):  # noqa: F811
    risks = {**advised["risks"], advised["risk"]: "Nieuw"}
    new = _next(dossier, people, 2, risks)
    review = AdviceReview.objects.get(advice=advised["fin"])
    with pytest.raises(PermissionDenied):  # another discipline
        staleness.advice_confirm(membership=people["jur"], review=review)
    with pytest.raises(PermissionDenied):
        staleness.advice_confirm(membership=people["km"], review=review)
    confirmed = staleness.advice_confirm(membership=people["fin"], review=review)
    assert confirmed.status == AdviceReview.Status.CONFIRMED and confirmed.decided_by == people["fin"].user
    assert RouteStep.objects.get(route__version=new, position=1).status == RouteStep.Status.DONE
    with pytest.raises(ValidationError, match="al bevestigd|already been confirmed"):
        staleness.advice_confirm(membership=people["fin"], review=review)
    # Confirmed for version 2: a version 3 that does not change the risk again leaves it confirmed.
    _next(dossier, people, 3, risks, title="Anders")
    assert not AdviceReview.objects.filter(advice=advised["fin"], status="verouderd").exists()


def test_the_adviser_revises_with_a_verdict_and_an_explanation(dossier, people, advised):  # noqa: F811
    _next(dossier, people, 2, {**advised["risks"], advised["risk"]: "Nieuw"})
    review = AdviceReview.objects.get(advice=advised["fin"])
    with pytest.raises(ValidationError) as refused:
        staleness.advice_revise(membership=people["fin"], review=review, verdict="misschien", text="x")
    assert "verdict" in refused.value.message_dict
    with pytest.raises(ValidationError) as refused:
        staleness.advice_revise(membership=people["fin"], review=review, verdict="negatief", text="  ")
    assert "text" in refused.value.message_dict
    revised = staleness.advice_revise(membership=people["fin"], review=review, verdict="negatief", text="Te duur.")
    assert (revised.status, revised.verdict, revised.text) == ("herzien", "negatief", "Te duur.")
    advised["fin"].refresh_from_db()
    assert advised["fin"].verdict == "positief"  # the advice as given stays


def test_a_still_outdated_advice_follows_the_newest_version_and_is_told_once(dossier, people, advised):  # noqa: F811
    _next(dossier, people, 2, {**advised["risks"], advised["risk"]: "Nieuw"})
    newest = _next(dossier, people, 3, {**advised["risks"], advised["risk"]: "Nog nieuwer"})
    reviews = AdviceReview.objects.filter(advice=advised["fin"])
    assert reviews.count() == 1 and reviews.get().version == newest
    assert Notification.objects.filter(recipient=people["fin"].user, kind="advice_outdated").count() == 1


def test_a_scenarios_figures_count_for_advice_about_the_scenario(people, advised):  # noqa: F811
    advice = advised["fin"]
    thread = advice.threads.get()
    thread.anchor_kind, thread.object_id = "scenarios.scenario", 7
    thread.save()
    old = {
        "content": {"scenarios.scenario": [{"id": 7, "name": "A"}]},
        "results": {"scenarios": [{"id": 7, "npv": "1"}]},
    }
    new = {
        "content": {"scenarios.scenario": [{"id": 7, "name": "A"}]},
        "results": {"scenarios": [{"id": 7, "npv": "2"}]},
    }
    assert staleness.changed_for(advice, old, new)
    assert not staleness.changed_for(advice, old, old)


def test_a_thread_about_one_part_looks_at_that_field_only(people, advised):  # noqa: F811
    advice = advised["fin"]
    thread = advice.threads.get()
    thread.part = "mitigation"
    thread.save()
    pk = thread.object_id
    old = {"content": {"dossier.risk": [{"id": pk, "name": "A", "mitigation": "M"}]}}
    renamed = {"content": {"dossier.risk": [{"id": pk, "name": "B", "mitigation": "M"}]}}
    mitigated = {"content": {"dossier.risk": [{"id": pk, "name": "A", "mitigation": "N"}]}}
    assert not staleness.changed_for(advice, old, renamed)
    assert staleness.changed_for(advice, old, mitigated)
