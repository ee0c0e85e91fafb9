"""The dossier's test fixtures (a dossier with its members, a risk to comment on) for the werkgroep's tests."""

from dossier.tests.conftest import client_as, dossier, kwartiermaker, m, members, risk  # noqa: F401
