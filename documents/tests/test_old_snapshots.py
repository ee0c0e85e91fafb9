"""Snapshots frozen before schema 2 named each kind of content, and each thread's anchor, by the kinds registry's
key ("risico", "risico:12"); since then by the model's label ("dossier.risk"). A stored snapshot is never
rewritten: an old one still verifies, and every reader reads it through `versioning.read` as if it were new."""

import html
import json
import re

import pytest
from django.urls import reverse

from documents import render, services, versioning, viewmodel
from documents.models import DossierVersion
from dossier.changes import compare_versions
from dossier.legacy import KIND_LABELS
from dossier.models import Risk
from werkgroep.tests.factories import ThreadFactory

pytestmark = pytest.mark.django_db

KIND_KEYS = {label: key for key, label in KIND_LABELS.items()}


def _as_schema_1(snapshot: dict) -> dict:
    """A snapshot as the code before schema 2 froze it: the same content under the kinds' keys."""
    threads = snapshot["werkgroep"]["threads"]
    old = {
        **snapshot,
        "schema": 1,
        "content": {KIND_KEYS[label]: rows for label, rows in snapshot["content"].items()},
        "werkgroep": {
            **snapshot["werkgroep"],
            "threads": [{**t, "anchor": _old_anchor(t["anchor"])} for t in threads],
        },
    }
    return json.loads(versioning.canonical(old))


def _old_anchor(anchor: str) -> str:
    label, _sep, rest = anchor.partition(":")
    return f"{KIND_KEYS[label]}:{rest}"


@pytest.fixture
def versions(kwartiermaker, twenterand):
    """Version 1 as frozen now (schema 2) and version 2, the same content stored as schema 1 had it."""
    risk = Risk.objects.filter(dossier=twenterand).order_by("pk").first()
    ThreadFactory(dossier=twenterand, anchor=risk, anchor_kind="dossier.risk", part="description")
    new = services.version_publish(membership=kwartiermaker, status="concept")
    old_snapshot = _as_schema_1(new.snapshot)
    old = DossierVersion.objects.create(
        dossier=twenterand,
        number=2,
        status="concept",
        frozen_by=kwartiermaker.user,
        snapshot=old_snapshot,
        sha256=versioning.digest(old_snapshot),
        snapshot_schema=1,
    )
    return DossierVersion.objects.get(pk=new.pk), DossierVersion.objects.get(pk=old.pk)


def test_a_new_snapshot_names_kinds_and_anchors_by_model_label(versions):
    new, _old = versions
    assert new.snapshot["schema"] == versioning.SCHEMA == 2 and new.snapshot_schema == 2
    assert "dossier.risk" in new.snapshot["content"] and "risico" not in new.snapshot["content"]
    assert [t["anchor"] for t in new.snapshot["werkgroep"]["threads"]] == [
        f"dossier.risk:{Risk.objects.order_by('pk').first().pk}:description"
    ]


def test_an_old_snapshot_still_verifies_and_reads_as_a_new_one(versions):
    new, old = versions
    assert "risico" in old.snapshot["content"]  # stored as it was frozen
    assert versioning.verify(old)
    read = versioning.snapshot_of(old)
    assert read["content"] == new.snapshot["content"]
    assert read["werkgroep"] == new.snapshot["werkgroep"]
    assert old.snapshot["content"].keys() == {KIND_KEYS[label] for label in new.snapshot["content"]}  # untouched
    assert versioning.verify(old)


def _text(page: str) -> str:
    return html.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", page)))


def test_an_old_snapshot_renders_the_collegevoorstel_as_a_new_one_does(versions):
    new, old = versions
    context = viewmodel.build(old, "collegevoorstel").context()
    assert context["risks"] and context["beslispunten"] and context["scenarios"]
    expected = viewmodel.build(new, "collegevoorstel").context()
    for key in ("risks", "beslispunten", "scenarios", "sections", "milestones", "participants", "proposal", "advice"):
        assert context[key] == expected[key], key
    page = _text(render.html(old, "collegevoorstel"))
    assert context["risks"][0]["description"].split()[0] in page
    hashes = (new.sha256, new.short_hash, old.sha256, old.short_hash)
    normalised = [re.sub("|".join(hashes), "#", _text(render.html(v, "collegevoorstel"))) for v in (new, old)]
    assert len(normalised[0]) == pytest.approx(len(normalised[1]), abs=40)  # only the version's own number and hash


def test_an_old_snapshot_diffs_against_a_new_version(versions, kwartiermaker, twenterand, client):
    _new, old = versions
    risk = Risk.objects.filter(dossier=twenterand).order_by("pk").first()
    Risk.objects.filter(pk=risk.pk).update(description="Een heel andere omschrijving van het risico.")
    latest = services.version_publish(membership=kwartiermaker, status="concept")

    changes = compare_versions(versioning.snapshot_of(old), versioning.snapshot_of(latest))
    assert not changes.added and not changes.removed  # the same elements under their old and new names
    assert [c.new for c in changes.texts if "andere omschrijving" in c.new]

    client.force_login(kwartiermaker.user)
    url = reverse("dossier:version-changes", kwargs={"slug": twenterand.slug})
    page = client.get(url, {"van": old.number, "naar": latest.number})
    assert page.status_code == 200
    assert "andere omschrijving" in _text(page.content.decode())
