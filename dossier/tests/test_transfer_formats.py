"""Exports in older formats still import: a format 1 file made before the werkgroep and the documents left the
dossier app, and a format 2 file made while threads were anchored by their kind's key; each imports whole, its
version verifies, and its threads are anchored by model label."""

import gzip
import hashlib
import json
from pathlib import Path

import pytest

from documents import versioning
from documents.models import DossierVersion
from dossier import transfer
from scenarios.models import Scenario
from werkgroep.models import Thread

pytestmark = pytest.mark.django_db


OLD_EXPORT = Path(__file__).parent / "data" / "export-v1.json.gz"
# What the old exports' threads are about, by the stable names the import gives them.
ANCHORED_BY_LABEL = {"dossier.risk", "finance.tariffset", "dossier.dossier", "dossier.milestone"}


def test_an_export_made_before_the_apps_were_recut_still_imports(twenterand):
    """`data/export-v1.json.gz`: the `rich` dossier exported by main at a82855f (format 1, 2026-12-04), before the
    werkgroep and the documents left the dossier app. It imports whole, its version verifies, and its threads,
    advice and documents are where they were."""
    data = json.loads(gzip.decompress(OLD_EXPORT.read_bytes()))
    assert data["format_version"] == 1
    copy = transfer.dossier_import(data=data, slug="oud")

    version = DossierVersion.objects.get(dossier=copy)
    assert versioning.verify(version)
    document = version.documents.get()
    assert hashlib.sha256(bytes(document.content)).hexdigest() == document.sha256
    threads = Thread.objects.filter(dossier=copy)
    assert threads.count() == len(data["objects"]["dossier.thread"])
    assert sorted(t.comments.count() for t in threads) == sorted(
        sum(1 for c in data["objects"]["dossier.comment"] if c["thread"] == t["ref"])
        for t in data["objects"]["dossier.thread"]
    )
    assert Scenario.objects.filter(dossier=copy).count() == len(data["objects"]["scenarios.scenario"])
    assert {t.anchor_kind for t in threads} == ANCHORED_BY_LABEL


EXPORT_V2 = Path(__file__).parent / "data" / "export-v2.json.gz"


def test_an_export_made_while_anchors_were_kind_keys_still_imports(twenterand):
    """`data/export-v2.json.gz`: the `rich` dossier exported by main at bafdb37 (format 2, 2026-12-04), when threads
    were anchored by their kind's key ("risico") and snapshots keyed their content by it. It imports whole, its
    version verifies (its snapshot is stored as it was), and its threads are anchored by model label."""
    data = json.loads(gzip.decompress(EXPORT_V2.read_bytes()))
    assert data["format_version"] == 2
    copy = transfer.dossier_import(data=data, slug="oud")

    version = DossierVersion.objects.get(dossier=copy)
    assert versioning.verify(version)
    threads = Thread.objects.filter(dossier=copy)
    assert threads.count() == len(data["objects"]["werkgroep.thread"])
    assert {t.anchor_kind for t in threads} == ANCHORED_BY_LABEL  # a format 2 file named them "risico", …
    assert {h.anchor_kind for h in Thread.history.filter(dossier=copy)} == ANCHORED_BY_LABEL
    assert all(t.anchor is not None for t in threads if t.anchor_kind != "dossier.milestone")  # deleted before
