"""The route's screens: who sees and does what, bad input answered in Dutch beside the field with nothing saved, the
verlopen and verouderd marks, the inbox's open steps and the digest choice."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from .. import services
from ..models import AdviceReview, NotificationSettings, Route, RouteRoleAssignment, RouteStep
from .factories import ThreadFactory, version_factory
from .helpers import url
from .route_fixtures import people, template  # noqa: F401

pytestmark = pytest.mark.django_db


@pytest.fixture
def as_(client, people):  # noqa: F811
    def login(who):
        client.force_login(people[who].user)
        return client

    return login


@pytest.fixture
def running(dossier, people, template):  # noqa: F811
    version = version_factory(dossier=dossier, number=1, frozen_by=people["km"].user)
    return Route.objects.get(version=version)


def _page(response) -> str:
    return response.content.decode()


def test_the_route_page_shows_the_plan_and_only_the_kwartiermaker_its_forms(as_, dossier, template):  # noqa: F811
    page = _page(as_("fin").get(url("route", dossier)))
    assert "Advies- en paraafroute" in page and "Route inrichten" not in page
    page = _page(as_("km").get(url("route", dossier)))
    assert "Route inrichten" in page and "Standaard" in page


def test_setting_up_the_route(as_, dossier, template):  # noqa: F811
    response = as_("km").post(url("route-set-up", dossier), {"template": template.pk})
    assert response.status_code == 302
    assert Route.objects.get(dossier=dossier, version=None).steps.count() == 3


def test_a_bad_template_is_refused_beside_the_field(as_, dossier, template):  # noqa: F811
    response = as_("km").post(url("route-set-up", dossier), {"template": "999999"})
    assert response.status_code == 400
    assert "Kies een routesjabloon van deze gemeente." in _page(response)
    assert not Route.objects.exists()
    assert as_("fin").post(url("route-set-up", dossier), {"template": template.pk}).status_code == 403


def test_route_roles_are_set_on_the_page(as_, dossier, people):  # noqa: F811
    member = people["jur"]
    response = as_("km").post(url("route-roles", dossier, pk=member.pk), {"roles": ["controller"]})
    assert response.status_code == 302
    assert list(RouteRoleAssignment.objects.filter(membership=member).values_list("role", flat=True)) == ["controller"]
    response = as_("km").post(url("route-roles", dossier, pk=people["college"].pk), {"roles": ["controller"]})
    assert response.status_code == 400
    assert "alleen als portefeuillehouder" in _page(response)
    assert not RouteRoleAssignment.objects.filter(membership=people["college"]).exists()
    response = as_("km").post(url("route-roles", dossier, pk=member.pk), {"roles": ["burgemeester"]})
    assert response.status_code == 400 and "Kies rollen uit de lijst." in _page(response)


def test_the_versions_route_page_marks_verlopen_steps(as_, dossier, running, django_assert_max_num_queries):
    running.steps.filter(position=1).update(deadline=timezone.localdate() - timedelta(days=1))
    client = as_("college")
    with django_assert_max_num_queries(14):  # the same for any number of steps
        page = _page(client.get(url("route-version", dossier, number=1)))
    assert page.count("badge--verlopen") == 1
    assert "Nog niet gereed voor het college" in page and "Stap 1" in page
    assert "Aanbieden aan het college" not in page  # the college reads; the kwartiermaker offers


def test_the_actor_completes_a_step_others_are_refused(as_, dossier, running):
    paraaf = running.steps.get(position=3)
    running.steps.filter(position=1).update(status=RouteStep.Status.DONE)
    page = _page(as_("hoofd").get(url("route-version", dossier, number=1)))
    assert "Paraferen" in page
    for who in ("km", "fin", "college"):
        assert as_(who).post(url("route-step-complete", dossier, pk=paraaf.pk), {"note": ""}).status_code == 403
    response = as_("hoofd").post(url("route-step-complete", dossier, pk=paraaf.pk), {"note": "Gezien"})
    assert response.status_code == 302
    paraaf.refresh_from_db()
    assert (
        paraaf.status == RouteStep.Status.DONE
        and paraaf.done_by == running.dossier.memberships.get(user__username="hoofd").user
    )


def test_a_step_that_must_wait_is_refused_in_dutch(as_, dossier, running):
    paraaf = running.steps.get(position=3)
    response = as_("hoofd").post(url("route-step-complete", dossier, pk=paraaf.pk), {"note": "Gezien"})
    assert response.status_code == 400
    assert "eerdere verplichte stappen" in _page(response)
    paraaf.refresh_from_db()
    assert paraaf.is_open


def test_skipping_needs_a_reason(as_, dossier, running):
    step = running.steps.get(position=1)
    response = as_("km").post(url("route-step-skip", dossier, pk=step.pk), {"reason": ""})
    assert response.status_code == 400
    assert "Geef de reden om deze stap over te slaan" in _page(response)
    step.refresh_from_db()
    assert step.is_open
    assert as_("fin").post(url("route-step-skip", dossier, pk=step.pk), {"reason": "x"}).status_code == 403
    response = as_("km").post(url("route-step-skip", dossier, pk=step.pk), {"reason": "Mondeling in het MT"})
    assert response.status_code == 302
    page = _page(as_("km").get(url("route-version", dossier, number=1)))
    assert "Overgeslagen" in page and "Mondeling in het MT" in page


def test_a_plans_step_cannot_be_acted_on(as_, dossier, people, template):  # noqa: F811
    plan_step = Route.objects.create(dossier=dossier)
    step = RouteStep.objects.create(route=plan_step, position=1, kind="paraaf", role="afdelingshoofd", deadline_days=3)
    assert as_("km").post(url("route-step-skip", dossier, pk=step.pk), {"reason": "x"}).status_code == 404


def test_offering_to_the_college(as_, dossier, running):
    response = as_("km").post(url("route-offer", dossier, number=1))
    assert response.status_code == 400
    assert "Stap 1 (advies door Financiën) is nog niet afgerond en is verplicht." in _page(response)
    running.refresh_from_db()
    assert running.offered_at is None
    running.steps.update(status=RouteStep.Status.DONE)
    assert as_("km").post(url("route-offer", dossier, number=1)).status_code == 302
    running.refresh_from_db()
    assert running.offered_by.username == "km"
    page = _page(as_("college").get(url("route-version", dossier, number=1)))
    assert "Gereed voor besluitvorming" in page and "Aangeboden aan het college door" in page
    assert as_("km").post(url("route-offer", dossier, number=9)).status_code == 404


def test_the_inbox_lists_the_actors_open_steps(as_, dossier, running):
    running.steps.filter(position=1).update(deadline=timezone.localdate() - timedelta(days=2))
    page = _page(as_("fin").get(reverse("notifications")))
    assert "Uw openstaande stappen" in page and "Advies op versie 1" in page and "Verlopen" in page
    page = _page(as_("hoofd").get(reverse("notifications")))
    assert "Paraaf op versie 1" in page
    assert "Uw openstaande stappen" not in _page(as_("km").get(reverse("notifications")))


@pytest.fixture
def outdated(dossier, people, risk):  # noqa: F811
    risks = {"schema": 2, "dossier": {}, "content": {"dossier.risk": [{"id": risk.pk, "name": "Oud"}]}}
    version_factory(dossier=dossier, number=1, frozen_by=people["km"].user, status="concept", snapshot=risks)
    advice_round = services.advice_round_request(membership=people["km"])
    thread = ThreadFactory(dossier=dossier, anchor=risk)
    services.advice_give(
        membership=people["fin"], advice_round=advice_round, verdict="positief", text="Akkoord.", threads=[thread]
    )
    changed = {**risks, "content": {"dossier.risk": [{"id": risk.pk, "name": "Nieuw"}]}}
    version_factory(dossier=dossier, number=2, frozen_by=people["km"].user, snapshot=changed)
    return AdviceReview.objects.get()


def test_verouderd_advice_links_to_the_changes(as_, dossier, outdated):
    page = _page(as_("college").get(url("advice", dossier)))
    assert "Verouderd" in page and "versies/wijzigingen/?van=1&amp;naar=2" in page
    assert "Bevestigen: het advies blijft staan" not in page
    page = _page(as_("fin").get(url("advice", dossier)))
    assert "Bevestigen: het advies blijft staan" in page
    page = _page(as_("fin").get(reverse("notifications")))
    assert "Uw advies dat door een nieuwere versie is verouderd" in page
    assert "Versie 2 wijzigt waarover u adviseerde" in page


def test_the_adviser_confirms(as_, dossier, outdated):
    assert as_("jur").post(url("advice-confirm", dossier, pk=outdated.pk)).status_code == 403
    assert as_("fin").post(url("advice-confirm", dossier, pk=outdated.pk)).status_code == 302
    outdated.refresh_from_db()
    assert outdated.status == "bevestigd"
    assert "Bevestigd voor versie 2" in _page(as_("fin").get(url("advice", dossier)))
    response = as_("fin").post(url("advice-confirm", dossier, pk=outdated.pk))
    assert response.status_code == 400 and "al bevestigd of herzien" in _page(response)


def test_the_adviser_revises_and_bad_input_is_kept(as_, dossier, outdated):
    target = url("advice-revise", dossier, pk=outdated.pk)
    response = as_("fin").post(target, {"verdict": "negatief", "text": ""})
    assert response.status_code == 400
    assert "Licht het advies toe" in _page(response) or "Explain the advice" in _page(response)
    assert as_("jur").post(target, {"verdict": "negatief", "text": "x"}).status_code == 403
    assert as_("fin").post(target, {"verdict": "negatief", "text": "Te duur geworden."}).status_code == 302
    outdated.refresh_from_db()
    assert (outdated.status, outdated.verdict) == ("herzien", "negatief")
    assert "Herzien voor versie 2" in _page(as_("college").get(url("advice", dossier)))


def test_choosing_a_digest(as_, people):  # noqa: F811
    client = as_("fin")
    page = _page(client.get(reverse("notification-settings")))
    assert "Eén samenvatting per dag" in page
    assert client.post(reverse("notification-settings"), {"email": "on", "frequency": "daily"}).status_code == 302
    chosen = NotificationSettings.objects.get(user=people["fin"].user)
    assert chosen.frequency == "daily" and chosen.digest_since is not None
    response = client.post(reverse("notification-settings"), {"email": "on", "frequency": "hourly"})
    assert response.status_code == 400 and "Kies een van de mogelijkheden." in _page(response)
    chosen.refresh_from_db()
    assert chosen.frequency == "daily"
    # Left out: unchanged (the older form posted only the e-mail switch).
    assert client.post(reverse("notification-settings"), {"email": "on"}).status_code == 302
    chosen.refresh_from_db()
    assert chosen.frequency == "daily"
