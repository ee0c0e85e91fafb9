import pytest

from dossier.models import Role

from .factories import DossierFactory, MembershipFactory


@pytest.fixture
def dossier(db):
    return DossierFactory(slug="twenterand", gemeente="Twenterand")


@pytest.fixture
def members(dossier):
    """One member per role in `dossier`, plus an outsider who belongs to another gemeente's dossier."""
    return {
        "kwartiermaker": MembershipFactory(dossier=dossier, role=Role.KWARTIERMAKER).user,
        "werkgroep": MembershipFactory(dossier=dossier, role=Role.WERKGROEP).user,
        "college": MembershipFactory(dossier=dossier, role=Role.COLLEGE).user,
        "outsider": MembershipFactory(role=Role.KWARTIERMAKER).user,
    }


@pytest.fixture
def client_as(client, members):
    def login(role):
        client.force_login(members[role])
        return client

    return login


@pytest.fixture
def kwartiermaker(twenterand):
    """The kwartiermaker's membership of the Twenterand dossier (root conftest's `twenterand`)."""
    return MembershipFactory(dossier=twenterand, role=Role.KWARTIERMAKER)


@pytest.fixture
def m(dossier, members):
    """The Membership (not the user) of each role in `dossier`."""
    from dossier.models import Membership

    return {
        role: Membership.objects.get(dossier=dossier, user=user) for role, user in members.items() if role != "outsider"
    }


@pytest.fixture
def risk(dossier):
    from .factories import RiskFactory

    return RiskFactory(dossier=dossier)
