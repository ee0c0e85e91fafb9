"""Services: every write is validated, versioned and recorded; conflicts and undo behave."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from dossier import services
from dossier.errors import ConflictError, DomainError
from dossier.history import DossierHistory, HistoryFilter, audited_models
from dossier.kinds import KINDS, kind_for_model
from dossier.models import Citation, ResearchArea, Risk

from .factories import (
    DossierFactory,
    FunctionFactory,
    KaderFactory,
    OrganisationFactory,
    ResearchAreaFactory,
    SourceFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


def minimal_data(kind_key, dossier):
    """Valid data for one element of each kind, as a form would hand it to the service."""
    from django.contrib.contenttypes.models import ContentType

    def citation():
        area = ResearchAreaFactory(dossier=dossier, number=90)
        return {
            "source": SourceFactory(dossier=dossier),
            "locator": "hfst. 7.4",
            "field": "findings",
            "content_type": ContentType.objects.get_for_model(area),
            "object_id": area.pk,
        }

    from scenarios import models as sc

    # A figure the calculations use is an assumption with who, when and why (finance.provenance).
    OWNED = {"set_by": "Kwartiermaker", "set_on": datetime.date(2026, 11, 22), "reason": "Voor de test"}
    OWNED_PROVIDER = {**{k: v for k, v in OWNED.items() if k != "reason"}, "note": "Voor de test"}

    def scenario():
        return sc.Scenario.objects.create(dossier=dossier, name="Mengvorm", kind="mengvorm")

    def provider(**extra):
        name = f"Aanbieder {sc.Provider.objects.count()}"
        return sc.Provider.objects.create(dossier=dossier, name=name, **OWNED_PROVIDER, **extra)

    return {
        "scenario": lambda: {"name": "DVO verlengen", "kind": "dvo_verlengen"},
        "inzet": lambda: {"scenario": scenario(), "service": "werkfit", "provider": provider()},
        "aanbieder": lambda: {"name": "Larcom", "kind": "tarieven", **OWNED_PROVIDER},
        "tarief": lambda: {"provider": provider(), "task": "werkfit", "amount": 2000, **OWNED},
        "personeel": lambda: {
            "provider": provider(kind="eigen_voorziening", reference_fte=10),
            "role": "Begeleider",
            "fte": 2,
            "cost_per_fte": 65000,
            **OWNED,
        },
        "eenmalig": lambda: {
            "scenario": scenario(),
            "kind": "project",
            "description": "Projectleider",
            "amount": 1,
            "year": 2027,
            **OWNED,
        },
        "omzet": lambda: {"scenario": scenario(), "buyer": "Almelo", "amount": 1000, **OWNED},
        "dekking": lambda: {"name": "Reserve sociaal domein", "amount": 100000, **OWNED},
        "onzekerheid": lambda: {
            "driver": "wsw_end",
            "distribution": "triangular",
            "low": 100,
            "most_likely": 110,
            "high": 120,
            **OWNED,
        },
        "stabiliteit": lambda: {"scenario": scenario(), "kern": "Vriezenveen", **OWNED},
        "beoordeling": lambda: {"scenario": scenario(), "area": ResearchAreaFactory(dossier=dossier), "score": 3},
        "functiebeoordeling": lambda: {
            "scenario": scenario(),
            "function": FunctionFactory(dossier=dossier, number=60),
            "coverage": "deels",
            "rating": 3,
        },
        "bestuursopdracht": lambda: None,
        "opdrachtgever": lambda: {"role": "bestuurlijk_opdrachtgever", "title": "Portefeuillehouder"},
        "deelproduct": lambda: {"number": 7, "title": "Lokaal plan", "status": "niet_gestart"},
        "onderzoeksgebied": lambda: {"number": 7, "title": "Locatie"},
        "functie": lambda: {"number": 10, "title": "Opvangen van kandidaten", "delivered_by": []},
        "toets": lambda: {
            "function": FunctionFactory(dossier=dossier, number=50),
            "kader": KaderFactory(dossier=dossier),
            "verdict": "neutraal",
        },
        "organisatie": lambda: {"key": "larcom", "name": "Larcom", "kind": "aanbieder"},
        "kader": lambda: {"key": "wsw", "kind": "landelijk", "number": 7, "title": "Wet sociale werkvoorziening"},
        "mijlpaal": lambda: {"title": "Besluit", "date": datetime.date(2025, 9, 30), "precision": "kwartaal"},
        "risico": lambda: {"description": "Krimp Wsw", "likelihood": 4, "impact": 4},
        "deelnemer": lambda: {"kind": "raad", "name": "Gemeenteraad"},
        "bron": lambda: {"key": "berenschot", "title": "Tussentijdse evaluatie Ontplooj", "kind": "rapport"},
        "bronvermelding": citation,
        "beslispunt": lambda: {"number": 1, "text": "In te stemmen met het voorgestelde scenario."},
        "reactiepunt": lambda: {"number": 1, "kind": "aanbeveling", "text": "Vereenvoudig de financiering."},
    }[kind_key]()


@pytest.mark.parametrize("kind_key", [k for k in KINDS if KINDS[k].creatable])
def test_every_service_write_leaves_a_history_row(kind_key):
    dossier, user = DossierFactory(), UserFactory()
    model = KINDS[kind_key].model
    data = minimal_data(kind_key, dossier)
    rows_before = model.history.count()

    obj = services.content_create(model=model, dossier=dossier, data=data, user=user)
    assert model.history.count() == rows_before + 1
    assert model.history.latest().history_user == user

    services.content_update(instance=obj, data={}, user=user, expected_version=obj.version)
    assert model.history.count() == rows_before + 2

    services.content_delete(instance=model.objects.get(pk=obj.pk), user=user)
    assert model.history.filter(id=obj.pk, history_type="-").count() == 1


def newest_changes(obj):
    """The newest lines of the element's history, as the history page shows them."""
    filters = HistoryFilter(kind=kind_for_model(type(obj)), element=obj.pk)
    return DossierHistory(dossier=obj.dossier, filters=filters)[0:5]


def test_every_audited_model_is_editable_through_a_kind():
    """A model with history but no kind would be written outside the services."""
    assert {m for m in audited_models()} <= {k.model for k in KINDS.values()}


def test_update_raises_the_version_and_records_old_and_new_values():
    area = ResearchAreaFactory(findings="Oud")
    user = UserFactory()
    services.content_update(instance=area, data={"findings": "Nieuw"}, user=user, expected_version=1)
    area.refresh_from_db()
    assert area.version == 2
    [entry, *_] = newest_changes(area)
    assert [(c.field, c.old, c.new) for c in entry.changes] == [("findings", "Oud", "Nieuw")]
    assert entry.record.history_user == user


def test_a_save_on_an_outdated_version_is_refused_and_changes_nothing():
    area = ResearchAreaFactory(findings="Eerste")
    user = UserFactory()
    services.content_update(instance=area, data={"findings": "Van collega"}, user=user, expected_version=1)
    with pytest.raises(ConflictError) as exc:
        services.content_update(instance=area, data={"findings": "Van mij"}, user=user, expected_version=1)
    assert exc.value.current.findings == "Van collega"
    area.refresh_from_db()
    assert area.findings == "Van collega"


def test_invalid_data_is_refused_and_nothing_is_saved():
    dossier = DossierFactory()
    with pytest.raises(ValidationError):
        services.content_create(
            model=Risk, dossier=dossier, data={"description": "x", "likelihood": 9, "impact": 1}, user=None
        )
    assert not Risk.objects.filter(dossier=dossier).exists()
    assert not Risk.history.filter(dossier_id=dossier.pk).exists()


def test_m2m_change_is_recorded_in_one_history_row_and_undone():
    function = FunctionFactory()
    ontplooj = OrganisationFactory(dossier=function.dossier, name="Ontplooj")
    user = UserFactory()
    rows = function.history.count()
    function = services.content_update(
        instance=function, data={"delivered_by": [ontplooj]}, user=user, expected_version=1
    )
    assert function.history.count() == rows + 1
    [entry, *_] = newest_changes(function)
    assert [(c.field, c.old, c.new) for c in entry.changes] == [("delivered_by", "—", "Ontplooj")]

    services.change_undo(record=function.history.latest(), user=user)
    assert list(function.delivered_by.all()) == []


def test_a_cited_source_cannot_be_deleted():
    area = ResearchAreaFactory()
    source = SourceFactory(dossier=area.dossier)
    from django.contrib.contenttypes.models import ContentType

    Citation.objects.create(
        dossier=area.dossier,
        source=source,
        locator="p. 1",
        content_type=ContentType.objects.get_for_model(area),
        object_id=area.pk,
    )
    with pytest.raises(DomainError):
        services.content_delete(instance=source, user=None)


def test_an_update_still_checks_every_rule_a_changed_field_takes_part_in():
    # Research area numbers are unique per dossier: changing the number must still be checked against the others.
    first = ResearchAreaFactory(number=1)
    second = ResearchAreaFactory(dossier=first.dossier, number=2)
    with pytest.raises(ValidationError) as exc:
        services.content_update(instance=second, data={"number": 1}, user=None, expected_version=second.version)
    assert "number" in str(exc.value.message_dict) or "__all__" in exc.value.message_dict
    second.refresh_from_db()
    assert second.number == 2


def test_an_update_skips_only_the_checks_no_changed_field_takes_part_in():
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    area = ResearchAreaFactory(number=1, findings="Oud")
    fresh = ResearchArea.objects.get(pk=area.pk)
    # Lock, update and history row: no uniqueness query for (dossier, number), no existence query for the dossier.
    with CaptureQueriesContext(connection) as captured:
        services.content_update(instance=fresh, data={"findings": "Nieuw"}, user=None, expected_version=1)
    assert not [q["sql"] for q in captured.captured_queries if q["sql"].startswith("SELECT 1 AS")]
    fresh.refresh_from_db()
    assert fresh.findings == "Nieuw"


def test_settled_fields_are_those_whose_every_rule_is_unchanged():
    from dossier.models import KaderToets

    # (function, kader) is unique together: a changed kader keeps function in the check.
    assert "function" not in services._settled(KaderToets, frozenset({"function", "verdict", "note", "dossier"}))
    assert {"function", "kader"} <= services._settled(KaderToets, frozenset({"function", "kader", "dossier"}))


def test_a_partial_uniqueness_is_checked_when_its_condition_reads_a_changed_field():
    from types import SimpleNamespace

    from django.db.models import Q, UniqueConstraint

    fields = [SimpleNamespace(name=name, unique=False) for name in ("a", "b", "status")]
    constraint = UniqueConstraint(fields=["a"], condition=Q(status="open"), name="a_once_while_open")
    model = SimpleNamespace(_meta=SimpleNamespace(unique_together=(), concrete_fields=fields, constraints=[constraint]))
    assert "a" not in services._settled(model, frozenset({"a", "b"}))  # the status changed: check a again
    assert "a" in services._settled(model, frozenset({"a", "b", "status"}))
