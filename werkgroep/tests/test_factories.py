"""The test factories build valid rows (as a form would check them), with each trait."""

import pytest

from werkgroep.models import Advice, Thread

from .factories import AdviceFactory, AdviceRoundFactory, CommentFactory, ThreadFactory

pytestmark = pytest.mark.django_db


def test_each_factory_and_trait_builds_a_valid_row():
    thread = ThreadFactory()
    assert thread.anchor.dossier == thread.dossier and thread.is_open
    settled = ThreadFactory(settled=True, dossier=thread.dossier)
    assert settled.status == Thread.Status.VERWERKT and not settled.is_open
    comment = CommentFactory(thread=thread)
    gone = CommentFactory(thread=thread, withdrawn=True)
    assert gone.withdrawn_at is not None and comment.withdrawn_at is None
    advice_round = AdviceRoundFactory(dossier=thread.dossier)
    advice = AdviceFactory(round=advice_round)
    negative = AdviceFactory(round=advice_round, discipline="financien", negative=True)
    assert (advice.verdict, negative.verdict) == (Advice.Verdict.POSITIEF, Advice.Verdict.NEGATIEF)
    for row in (thread, settled, comment, gone, advice_round, advice, negative):
        row.full_clean()
