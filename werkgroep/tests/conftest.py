"""The dossier's test fixtures (a dossier with its members, a risk to comment on) for the werkgroep's tests, and a
thread about that risk. (test_werkgroep_review.py has a `thread` of its own, with another text.)"""

import pytest

from dossier.tests.conftest import client_as, dossier, kwartiermaker, m, members, risk  # noqa: F401

from .. import anchors, services


@pytest.fixture
def anchor(dossier, risk):  # noqa: F811 (the fixtures imported above)
    """The risk as what a thread is about."""
    return anchors.resolve(dossier, "risico", risk.pk)


@pytest.fixture
def thread(m, anchor):  # noqa: F811
    """An open thread, opened by the werkgroep member."""
    return services.thread_open(membership=m["werkgroep"], anchor=anchor, text="Klopt de kans wel?")
