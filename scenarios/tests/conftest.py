import pytest


@pytest.fixture
def as_role(client, twenterand):
    """A client logged in as a member of Twenterand with `role` (kwartiermaker, werkgroep, college)."""
    from dossier.models import Role
    from dossier.tests.factories import MembershipFactory

    def login(role):
        client.force_login(MembershipFactory(dossier=twenterand, role=Role(role)).user)
        return client

    return login
