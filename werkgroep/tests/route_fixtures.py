"""What the route's test modules share: a dossier with a kwartiermaker, two werkgroep members (Financiën and
Juridisch), an afdelingshoofd (a college member would be odd: a werkgroep-less user with the kwartiermaker's role is
not possible either, so the afdelingshoofd is a werkgroep member assigned the route role) and a small template."""

import pytest

from dossier.models import Role

from ..models import RouteRole, RouteRoleAssignment, StepKind
from .factories import RouteTemplateFactory, RouteTemplateStepFactory
from .helpers import add_member


@pytest.fixture
def people(dossier):
    kwartiermaker = add_member(dossier, "km", role=Role.KWARTIERMAKER, email="km@example.nl")
    financien = add_member(dossier, "fin", discipline="financien", email="fin@example.nl")
    juridisch = add_member(dossier, "jur", discipline="juridisch", email="jur@example.nl")
    hoofd = add_member(dossier, "hoofd", discipline="beleid", email="hoofd@example.nl")
    college = add_member(dossier, "weth", role=Role.COLLEGE, email="weth@example.nl")
    RouteRoleAssignment.objects.create(membership=hoofd, role=RouteRole.AFDELINGSHOOFD)
    return {"km": kwartiermaker, "fin": financien, "jur": juridisch, "hoofd": hoofd, "college": college}


@pytest.fixture
def template(dossier):
    """Financiën advises (mandatory, 14 days), Juridisch (optional), then the afdelingshoofd initials (20 days)."""
    template = RouteTemplateFactory(gemeente=dossier.gemeente, name="Standaard")
    RouteTemplateStepFactory(template=template, position=1, discipline="financien", deadline_days=14)
    RouteTemplateStepFactory(template=template, position=2, discipline="juridisch", mandatory=False, deadline_days=14)
    RouteTemplateStepFactory(
        template=template,
        position=3,
        kind=StepKind.PARAAF,
        discipline="",
        role=RouteRole.AFDELINGSHOOFD,
        deadline_days=20,
    )
    return template
