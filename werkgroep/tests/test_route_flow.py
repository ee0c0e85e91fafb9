"""The route on the real Twenterand dossier through the real freeze: submitted ter advisering with the fixture's
default template, advice that completes its step, a skipped step, advice outdated by a changed risk in the next
version, and the whole of it travelling with the dossier's export into a copy."""

import pytest

from documents import services as documents_services
from dossier import services as dossier_services
from dossier import transfer
from dossier.models import Risk, Role
from dossier.tests.transfer_helpers import _export, _member

from .. import route, selectors, services
from ..models import AdviceReview, Notification, Route, RouteRoleAssignment, RouteStep

pytestmark = pytest.mark.django_db


def test_the_route_through_real_freezes_and_an_export(twenterand):
    km = _member(twenterand, "sanne", Role.KWARTIERMAKER)
    jur = _member(twenterand, "joris", Role.WERKGROEP, "juridisch")
    route.route_role_set(membership=km, member=jur, roles=["controller"])

    first = documents_services.version_publish(membership=km, status="ter_advisering")
    running = Route.objects.get(version=first)
    assert running.template_name == "Collegevoorstel (standaard)" and running.steps.count() == 9
    advice_round = services.advice_round_request(membership=km)
    services.advice_give(membership=jur, advice_round=advice_round, verdict="positief", text="Akkoord.")
    assert running.steps.get(discipline="juridisch").status == RouteStep.Status.DONE
    route.step_skip(membership=km, step=running.steps.get(discipline="financien"), reason="Mondeling in het MT.")
    ready, reasons = selectors.route_ready(first)
    assert not ready and len(reasons) == 4  # afdelingshoofd, controller, gemeentesecretaris, portefeuillehouder

    risk = Risk.objects.filter(dossier=twenterand).order_by("pk").first()
    dossier_services.content_update(
        instance=risk, data={"likelihood": 1 if risk.likelihood != 1 else 2}, user=km.user, expected_version=None
    )
    second = documents_services.version_publish(membership=km, status="ter_advisering")
    review = AdviceReview.objects.get()
    assert (review.basis, review.version, review.status) == (first, second, "verouderd")
    assert Notification.objects.filter(recipient=jur.user, kind="advice_outdated").exists()
    assert Route.objects.get(version=second).steps.get(discipline="juridisch").is_open  # not yet for version 2

    copy = transfer.dossier_import(data=transfer.loads(_export(twenterand)), slug="twenterand-kopie")
    copied = Route.objects.filter(dossier=copy, version__isnull=False).order_by("version__number")
    assert [r.version.number for r in copied] == [1, 2]
    assert all(r.version.dossier == copy for r in copied)
    skipped = copied[0].steps.get(discipline="financien")
    assert (skipped.status, skipped.skip_reason) == ("skipped", "Mondeling in het MT.")
    assert AdviceReview.objects.get(advice__round__dossier=copy).version == copied[1].version
    assert RouteRoleAssignment.objects.filter(membership__dossier=copy, role="controller").count() == 1
