"""dossier_export / dossier_import: a lossless round trip of a dossier with its werkgroep, versions (and their PDFs)
and history, into an empty database and beside other dossiers (every reference remapped, the version still verifying,
its pages rendering, its history undoable), and every model of the dossier apps either travelling or named as not
owned."""

import difflib
import hashlib
import io
import json

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.db import connection
from django.urls import reverse

from documents import render, versioning
from documents import services as documents_services
from documents.models import ArchiveCategory, DossierVersion, Proposal
from documents.tests.test_archive import twenterand_category
from dossier import services, transfer
from dossier.models import Citation, Dossier, InfrastructureFunction, Milestone, Organisation, Risk, Role
from dossier.transfer import format as transfer_format
from finance.models import TariffSet
from scenarios.models import Provider, Scenario
from werkgroep import anchors
from werkgroep import services as werkgroep
from werkgroep.models import Thread

from .transfer_helpers import User, _export, _member

pytestmark = pytest.mark.django_db


@pytest.fixture
def rich(twenterand):
    """Twenterand with members, history (an edit, a deletion, an m2m change), threads with mentions, an edited and
    a withdrawn comment, a settled thread, a frozen version with a stored PDF and an advice round with advice."""
    kwartiermaker = _member(twenterand, "sanne", Role.KWARTIERMAKER)
    jurist = _member(twenterand, "joris", Role.WERKGROEP, "juridisch")
    financier = _member(twenterand, "fatima", Role.WERKGROEP, "financien")
    _member(twenterand, "willem", Role.COLLEGE)
    user = kwartiermaker.user

    risk = Risk.objects.filter(dossier=twenterand).order_by("pk").first()
    services.content_update(
        instance=risk, data={"likelihood": 5, "description": f"{risk.description} ✓"}, user=user, expected_version=None
    )
    milestone = Milestone.objects.filter(dossier=twenterand).order_by("pk").last()
    function = InfrastructureFunction.objects.filter(dossier=twenterand).order_by("number").first()
    organisations = list(Organisation.objects.filter(dossier=twenterand).order_by("pk")[:2])
    services.content_update(instance=function, data={"delivered_by": organisations}, user=user, expected_version=None)
    services.content_update(  # a provider's own contract term and an offerte behind its figures
        instance=Provider.objects.get(dossier=twenterand, name="Larcom"),
        data={
            "contract_years": 3,
            "renewal_years": 2,
            "status": "offerte",
            "source": "Offerte Larcom",
            "locator": "12 november 2026, p. 3",
        },
        user=user,
        expected_version=None,
    )
    proposal = Proposal.objects.get(dossier=twenterand)
    services.content_update(
        instance=proposal,
        data={"chosen_scenario": Scenario.objects.filter(dossier=twenterand).order_by("pk").last()},
        user=user,
        expected_version=None,
    )

    about_risk = werkgroep.thread_open(
        membership=jurist, anchor=anchors.resolve(twenterand, "risico", risk.pk), text="Klopt de kans wel, @sanne?"
    )
    reply = werkgroep.comment_reply(membership=kwartiermaker, thread=about_risk, text="Goed punt, @joris.")
    werkgroep.comment_edit(membership=kwartiermaker, comment=reply, text="Goed punt, @joris en @fatima.")
    werkgroep.thread_set_status(membership=kwartiermaker, thread=about_risk, status="verwerkt", note="Kans op 5.")
    tariffs = TariffSet.objects.order_by("pk").first()
    about_tariffs = werkgroep.thread_open(
        membership=financier, anchor=anchors.resolve(twenterand, "tariefset", tariffs.pk), text="Welke index?"
    )
    second = werkgroep.comment_reply(membership=financier, thread=about_tariffs, text="Laat maar.")
    werkgroep.comment_withdraw(membership=financier, comment=second)
    werkgroep.thread_open(
        membership=jurist,
        anchor=anchors.resolve(twenterand, "bestuursopdracht", twenterand.pk, "aanleiding"),
        text="De aanleiding noemt de opzegtermijn niet.",
    )
    werkgroep.thread_open(
        membership=jurist, anchor=anchors.resolve(twenterand, "mijlpaal", milestone.pk), text="Vervalt deze?"
    )
    services.content_delete(instance=milestone, user=user)  # a thread and its citations now point at a deleted row

    version = documents_services.version_publish(membership=kwartiermaker, status="concept", note="Eerste concept")
    render.stored_pdf(version, "bronnen")
    advice_round = werkgroep.advice_round_request(membership=kwartiermaker, note="Graag jullie advies.")
    werkgroep.advice_give(
        membership=jurist, advice_round=advice_round, verdict="kanttekeningen", text="Zie draad.", threads=[about_risk]
    )
    return twenterand


def assert_same(first: str, second: str):
    """Equal texts, or the first lines that differ (the whole file is too long to show)."""
    if first != second:
        diff = list(difflib.unified_diff(first.splitlines(), second.splitlines(), lineterm="", n=2))
        pytest.fail("the exports differ:\n" + "\n".join(diff[:80]))


def test_a_round_trip_through_an_empty_database_gives_the_same_file(rich):
    first = _export(rich)
    data = json.loads(first)
    assert {"werkgroep.thread", "werkgroep.comment", "documents.dossierversion", "scenarios.scenario"} <= set(
        data["objects"]
    )
    objects = data["objects"]
    assert any(row["history_type"] == "-" for row in data["history"]["dossier.milestone"])
    assert any(row["delivered_by"] for row in data["history"]["dossier.infrastructurefunction"])
    assert objects["werkgroep.commentrevision"] and any(c["withdrawn_at"] for c in objects["werkgroep.comment"])
    assert any(c["mentions"] for c in objects["werkgroep.comment"]) and objects["werkgroep.notification"]
    assert objects["werkgroep.advice"][0]["threads"] and len(objects["documents.versiondocument"]) == 1
    assert data["requires"]["finance.tariffset"] and {u["username"] for u in data["users"]} >= {"sanne", "joris"}

    connection.check_constraints()  # PostgreSQL: fire the deferred checks, TRUNCATE refuses while they are pending
    call_command("flush", interactive=False, verbosity=0)  # nothing left: no users, no reference data
    ContentType.objects.clear_cache()
    call_command("load_finance_reference", stdout=io.StringIO())
    # The proposal's selectielijst category: reference data, loaded with the Twenterand fixture.
    ArchiveCategory.objects.create(**twenterand_category())
    assert not Dossier.objects.exists() and not User.objects.exists()

    imported = transfer.dossier_import(data=transfer.loads(first))

    assert_same(first, _export(imported))
    larcom = Provider.objects.get(dossier=imported, name="Larcom")
    assert (larcom.contract_years, larcom.renewal_years, larcom.status, larcom.locator) == (
        3,
        2,
        "offerte",
        "12 november 2026, p. 3",
    )
    assert larcom.history.filter(status="offerte").exists()  # the history carries the new fields too
    sanne = User.objects.get(username="sanne")
    assert (sanne.is_active, sanne.has_usable_password(), sanne.email) == (False, False, "sanne@example.nl")


def test_an_import_beside_the_original_remaps_every_reference(rich, tmp_path):
    path = tmp_path / "twenterand.json"
    call_command("dossier_export", dossier="twenterand", out=str(path), stderr=io.StringIO())
    original = path.read_text(encoding="utf-8")
    assert_same(original, _export(rich))

    call_command("dossier_import", str(path), slug="twenterand-kopie", stdout=io.StringIO())

    copy = Dossier.objects.get(slug="twenterand-kopie")
    assert_same(original, _export(rich))  # the original is untouched
    copied = transfer.dossier_export(dossier=copy)
    rename = copied["history"]["dossier.dossier"].pop()
    assert rename["slug"] == "twenterand-kopie" and "twenterand" in rename["history_change_reason"]
    copied["dossier"].update(slug="twenterand", version=copied["dossier"]["version"] - 1)
    assert_same(original, transfer.dumps(copied))

    mine = set(Risk.objects.filter(dossier=copy).values_list("pk", flat=True))
    assert mine and not mine & set(Risk.objects.filter(dossier=rich).values_list("pk", flat=True))
    for thread in Thread.objects.filter(dossier=copy):
        if thread.anchor is not None and anchors.anchor_types()[thread.anchor_kind].in_dossier:
            assert thread.anchor.get_dossier() == copy
    assert Thread.objects.filter(dossier=copy, anchor_kind="dossier.milestone").get().anchor is None  # deleted before
    about_tariffs = Thread.objects.filter(dossier=copy, anchor_kind="finance.tariffset").get()
    assert about_tariffs.anchor == TariffSet.objects.order_by("pk").first()  # shared reference data, by key
    assert all(c.target is None or c.target.get_dossier() == copy for c in Citation.objects.filter(dossier=copy))
    function = InfrastructureFunction.objects.filter(dossier=copy).order_by("number").first()
    assert {o.dossier for o in function.delivered_by.all()} == {copy}
    assert Proposal.objects.get(dossier=copy).chosen_scenario.dossier == copy


def test_the_imported_version_still_verifies_and_its_pages_render(rich, client):
    original = DossierVersion.objects.get(dossier=rich)
    copy = transfer.dossier_import(data=transfer.dossier_export(dossier=rich), slug="kopie")

    version = DossierVersion.objects.get(dossier=copy)
    assert versioning.verify(version) and version.sha256 == original.sha256
    document = version.documents.get()
    assert hashlib.sha256(bytes(document.content)).hexdigest() == document.sha256 == original.documents.get().sha256

    client.force_login(User.objects.get(username="sanne"))  # an existing user is reused (and stays active)
    scenario = Scenario.objects.filter(dossier=copy).order_by("pk").first()
    thread = Thread.objects.filter(dossier=copy).order_by("pk").first()
    for name, kwargs in [
        ("overview", {}),
        ("scenario-detail", {"pk": scenario.pk}),
        ("scenario-comparison", {}),
        ("history", {}),
        ("threads", {}),
        ("thread", {"pk": thread.pk}),
        ("advice", {}),
        ("versions", {}),
        ("version", {"number": version.number}),
    ]:
        response = client.get(reverse(f"dossier:{name}", kwargs={"slug": "kopie", **kwargs}))
        assert response.status_code == 200, name
    pdf = client.get(reverse("dossier:document-pdf", kwargs={"slug": "kopie", "number": 1, "document": "bronnen"}))
    assert b"".join(pdf.streaming_content if pdf.streaming else [pdf.content]) == bytes(document.content)

    # The history works as it did: the last change of the edited risk can be undone.
    risk = Risk.objects.filter(dossier=copy).order_by("pk").first()
    original_risk = Risk.objects.filter(dossier=rich).order_by("pk").first()
    assert risk.description == original_risk.description and risk.description.endswith("✓")
    services.change_undo(record=risk.history.order_by("-history_date", "-history_id").first(), user=None)
    risk.refresh_from_db()
    assert risk.likelihood != 5 and not risk.description.endswith("✓")
    # …and so can the change of who delivers a function (its m2m history came along)
    function = InfrastructureFunction.objects.filter(dossier=copy).order_by("number").first()
    earlier = function.history.order_by("-history_date", "-history_id")[1]
    expected = sorted(Organisation.objects.get(pk=row.organisation_id).key for row in earlier.delivered_by.all())
    assert expected and expected != sorted(function.delivered_by.values_list("key", flat=True))
    services.change_undo(record=function.history.order_by("-history_date", "-history_id").first(), user=None)
    assert sorted(function.delivered_by.values_list("key", flat=True)) == expected
    tampered = transfer.dossier_export(dossier=rich)
    tampered["objects"]["documents.dossierversion"][0]["snapshot"]["dossier"]["title"] = "Anders"
    with pytest.raises(transfer.TransferError, match="SHA-256"):
        transfer.dossier_import(data=tampered, slug="vervalst")
    assert not Dossier.objects.filter(slug="vervalst").exists()


# ---------------------------------------------------------------------------------------------- coverage


def test_every_model_of_the_dossier_apps_travels_or_is_named_as_not_owned():
    """A new model must belong to a dossier through required foreign keys (then it is exported), or be named in
    transfer.NOT_OWNED; and each of its relations must be one the file can name."""
    owned = transfer.owned_models()
    user = get_user_model()
    for name in transfer.APPS:
        for model in apps.get_app_config(name).get_models():
            if transfer_format._is_history(model):
                continue
            assert model in owned or model._meta.label in transfer.NOT_OWNED, model
    for model in owned:
        for field in [*model._meta.concrete_fields, *model._meta.many_to_many]:
            target = field.related_model if field.is_relation else None
            if target is not None:
                nameable = target in owned or target in (Dossier, user, ContentType) or transfer_format._keyed(target)
                assert nameable, f"{model._meta.label}.{field.name}"
