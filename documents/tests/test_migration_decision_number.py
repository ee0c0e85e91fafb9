"""Migration documents 0004 on a database that already has decisions and their decided copies: each decision gets
its number on its version in the order recorded, and the stored copies named by the decision's database id are
renamed to that number (a correction's copies too), so the Woo publication and the archive package find them."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from documents import services
from documents.catalogue import decided_copy
from documents.models import Decision, VersionDocument

from .test_decisions import record, secretariaat, version  # noqa: F401 (fixtures)

BEFORE = [("documents", "0003_decision")]
AFTER = [("documents", "0004_decision_number")]


def _migrate(target):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(target)


@pytest.mark.django_db(transaction=True)
def test_stored_decided_copies_are_renamed_from_the_id_to_the_number(dossier, secretariaat, version):  # noqa: F811
    # A decision held and taken away again, so that the database ids of the next ones differ from their numbers.
    held = record(secretariaat, version, outcome="aangehouden", reason="Eerst het advies van de OR.")
    Decision.objects.filter(pk=held.pk).delete()
    first = record(secretariaat, version)
    second = services.decision_correct(
        membership=secretariaat,
        decision=first,
        correction_note="Verkeerde vergaderdatum.",
        meeting_date=first.meeting_date,
        outcome="conform",
        besluitenlijst="Conform besloten.",
    )
    assert (first.number, second.number) == (1, 2) and first.pk != 1 and second.pk != 2
    expected = sorted(decided_copy(d, n) for d in ("collegevoorstel", "raadsinformatiebrief") for n in (2, 3))
    # As the database was before 0004: the copies named by their decision's id.
    for decision in (second, first):  # the highest first: each id is above its number
        for document in ("collegevoorstel", "raadsinformatiebrief"):
            VersionDocument.objects.filter(version=version, document=decided_copy(document, decision.number)).update(
                document=f"{document}-besluit-{decision.pk}"
            )
    try:
        _migrate(BEFORE)
        _migrate(AFTER)
    finally:  # back to the latest migrations, which the tests after this one need
        executor = MigrationExecutor(connection)
        executor.migrate(executor.loader.graph.leaf_nodes())
    copies = VersionDocument.objects.filter(version=version, document__contains="-besluit-")
    assert sorted(copies.values_list("document", flat=True)) == expected
    # The decision taken away still has its history, so it keeps its place in the order recorded: number 1.
    assert dict(Decision.objects.values_list("pk", "number")) == {first.pk: 2, second.pk: 3}
    assert dict(Decision.history.values_list("id", "number").distinct()) == {held.pk: 1, first.pk: 2, second.pk: 3}
