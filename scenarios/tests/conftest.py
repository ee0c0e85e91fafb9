import io

import pytest
from django.core.management import call_command

from dossier.models import Dossier


@pytest.fixture
def twenterand(db):
    """The Twenterand dossier with its reference figures and four scenarios, loaded as `make run` does."""
    out = io.StringIO()
    call_command("load_finance_reference", stdout=out)
    call_command("load_dossier", "fixtures/twenterand", stdout=out)
    call_command("load_scenarios", "fixtures/twenterand/scenarios.json", dossier="twenterand", stdout=out)
    return Dossier.objects.get(slug="twenterand")


@pytest.fixture
def as_role(client, twenterand):
    """A client logged in as a member of Twenterand with `role` (kwartiermaker, werkgroep, college)."""
    from dossier.models import Role
    from dossier.tests.factories import MembershipFactory

    def login(role):
        client.force_login(MembershipFactory(dossier=twenterand, role=Role(role)).user)
        return client

    return login
