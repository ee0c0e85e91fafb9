"""The dossier's test fixtures (a dossier with its members, the Twenterand kwartiermaker) for the documents' tests."""

from dossier.tests.conftest import client_as, dossier, kwartiermaker, m, members, risk  # noqa: F401
