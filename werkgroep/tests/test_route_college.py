"""The route holds the college's decision: on a definitive version after a version ran the route, the decision is
recorded only once the kwartiermaker offered that version to the college; the version page says why it is held."""

import pytest
from django.urls import reverse
from django.utils import timezone

from documents import render
from documents import selectors as documents_selectors
from documents import services as documents_services
from dossier.errors import DomainError
from dossier.models import Role
from dossier.tests.transfer_helpers import _member

from .. import route
from ..models import RouteStep
from .factories import version_factory
from .helpers import add_member
from .route_fixtures import people, template  # noqa: F401

pytestmark = pytest.mark.django_db


def _definitive_after_a_route(dossier, people):  # noqa: F811
    advised = version_factory(dossier=dossier, number=1, frozen_by=people["km"].user, status="ter_advisering")
    definitive = version_factory(dossier=dossier, number=2, frozen_by=people["km"].user, status="definitief")
    return advised, definitive


def _record(secretariaat, version):
    return documents_services.decision_record(
        membership=secretariaat,
        version=version,
        meeting_date=timezone.localdate(),
        outcome="conform",
        besluitenlijst="Conform besloten.",
    )


def test_the_decision_waits_for_the_route_and_its_offer(dossier, people, template):  # noqa: F811
    secretariaat = add_member(dossier, "bs", role=Role.BESTUURSSECRETARIAAT)
    advised, definitive = _definitive_after_a_route(dossier, people)
    refused = documents_selectors.not_ready_for_college(definitive)
    assert refused[0].startswith("Versie 1 is nog niet gereed voor het college") and len(refused) == 3
    with pytest.raises(DomainError, match="Versie 1"):
        _record(secretariaat, definitive)
    advised.route.steps.update(status=RouteStep.Status.DONE)
    assert documents_selectors.not_ready_for_college(definitive) == [
        "Versie 1 heeft haar advies- en paraafroute doorlopen; de kwartiermaker biedt haar nog aan het college aan."
    ]
    route.route_offer(membership=people["km"], version=advised)
    assert documents_selectors.not_ready_for_college(definitive) == []
    assert _record(secretariaat, definitive).version == definitive


def test_a_dossier_without_a_route_is_not_held(dossier, people):  # noqa: F811
    definitive = version_factory(dossier=dossier, number=1, frozen_by=people["km"].user, status="definitief")
    assert documents_selectors.not_ready_for_college(definitive) == []


def test_the_version_page_says_why_instead_of_the_form(client, dossier, people, template):  # noqa: F811
    secretariaat = add_member(dossier, "bs", role=Role.BESTUURSSECRETARIAAT)
    _advised, definitive = _definitive_after_a_route(dossier, people)
    client.force_login(secretariaat.user)
    page = client.get(reverse("dossier:version", args=[dossier.slug, definitive.number])).content.decode()
    assert "Het besluit van het college kan op deze versie nog niet worden vastgelegd" in page
    assert "Versie 1 is nog niet gereed voor het college" in page
    assert reverse("dossier:decision-record", args=[dossier.slug, definitive.number]) not in page


def test_the_collegevoorstel_tells_the_route_it_went_through(twenterand):
    """The definitive version keeps the route of the latest version ter advisering (snapshot), and the
    collegevoorstel's header tells each step by role or discipline with what became of it: no names."""
    km = _member(twenterand, "sanne", Role.KWARTIERMAKER)
    jur = _member(twenterand, "joris", Role.WERKGROEP, "juridisch")
    advised = documents_services.version_publish(membership=km, status="ter_advisering")
    running = advised.route
    route.step_skip(membership=km, step=running.steps.get(discipline="financien"), reason="Mondeling in het MT.")
    running.steps.filter(mandatory=True, status=RouteStep.Status.OPEN).update(
        status=RouteStep.Status.DONE, done_by=jur.user, done_at=timezone.now()
    )
    route.route_offer(membership=km, version=advised)
    definitive = documents_services.version_publish(membership=km, status="definitief")
    kept = definitive.snapshot["werkgroep"]["route"]
    assert kept["version"] == advised.number and kept["offered"] and len(kept["steps"]) == 9
    head = render.html(definitive, "collegevoorstel").split("<h1", 1)[0]
    assert "Paraafroute" in head and f"Versie {advised.number}:" in head
    assert "Financiën (advies): overgeslagen, Mondeling in het MT</span>; " in head  # one stop: the list's
    assert "Afdelingshoofd (paraaf): afgerond" in head and "Wmo (advies, facultatief): open" in head
    assert "Aangeboden aan het college op" in head and "joris" not in head.lower()


def test_a_version_without_a_route_keeps_its_snapshot_and_header(twenterand):
    km = _member(twenterand, "sanne", Role.KWARTIERMAKER)
    definitive = documents_services.version_publish(membership=km, status="definitief")
    assert "route" not in definitive.snapshot["werkgroep"]
    assert "Paraafroute" not in render.html(definitive, "collegevoorstel")
