"""Undo steps back through one element's changes and redo re-applies them (services.change_undo / change_redo)."""

import pytest

from dossier import services
from dossier.errors import DomainError
from dossier.models import InfrastructureFunction, ResearchArea, Risk
from dossier.selectors import is_undoable
from dossier.services import Step, Steps

from .factories import DossierFactory, FunctionFactory, OrganisationFactory, ResearchAreaFactory, UserFactory

pytestmark = pytest.mark.django_db


def edit(obj, user=None, **data):
    obj.refresh_from_db()
    return services.content_update(instance=obj, data=data, user=user, expected_version=obj.version)


def newest(obj):
    return type(obj).history.filter(id=obj.pk).order_by("-history_id").first()


def record(model, history_id):
    return model.history.get(history_id=history_id)


def undo(obj, user=None):
    """Undo what the element's steps say is next, as the buttons do."""
    step = services.element_steps(type(obj), obj.pk).undo
    return services.change_undo(record=record(type(obj), step.history_id), user=user)


def redo(obj, user=None):
    step = services.element_steps(type(obj), obj.pk).redo
    return services.change_redo(record=record(type(obj), step.history_id), user=user)


def findings(area):
    area.refresh_from_db()
    return area.findings


def test_undo_twice_steps_back_two_changes_and_redo_twice_brings_them_back():
    area = ResearchAreaFactory(findings="A")
    edit(area, findings="B")
    edit(area, findings="C")

    undo(area)
    assert findings(area) == "B"
    undo(area)  # a second undo steps further back instead of redoing the first
    assert findings(area) == "A"

    redo(area)
    assert findings(area) == "B"
    redo(area)
    assert findings(area) == "C"
    steps = services.element_steps(ResearchArea, area.pk)
    assert steps.redo is None and steps.undone == frozenset()


def test_undo_and_redo_are_recorded_as_changes_with_their_reason_and_a_rising_version():
    area = ResearchAreaFactory(findings="A")
    edit(area, findings="B")
    undo(area)
    assert newest(area).history_change_reason == services.UNDO_REASON
    redo(area)
    assert newest(area).history_change_reason == services.REDO_REASON
    area.refresh_from_db()
    assert area.version == 4  # created 1, edit 2, undo 3, redo 4


def test_a_new_edit_after_an_undo_ends_the_way_to_redo():
    area = ResearchAreaFactory(findings="A")
    edit(area, findings="B")
    undone = newest(area)
    undo(area)
    edit(area, findings="D")
    assert services.element_steps(ResearchArea, area.pk).redo is None
    with pytest.raises(DomainError, match="can no longer be redone|niet meer opnieuw"):
        services.change_redo(record=undone, user=None)
    assert findings(area) == "D"
    undo(area)  # the new edit is what an undo steps back now
    assert findings(area) == "A"


def test_an_undo_of_a_change_someone_else_overtook_is_refused_and_names_them():
    area = ResearchAreaFactory(findings="1")
    mine, colleague = UserFactory(), UserFactory(first_name="Fatima", last_name="Financier")
    edit(area, mine, findings="2")
    my_change = newest(area)
    edit(area, colleague, findings="3")
    with pytest.raises(DomainError) as refused:
        services.change_undo(record=my_change, user=mine)
    assert "Fatima Financier" in refused.value.message
    assert findings(area) == "3"
    assert newest(area).history_change_reason is None  # nothing written


def test_an_undone_change_cannot_be_undone_twice_and_a_redo_takes_the_last_undone_first():
    area = ResearchAreaFactory(findings="A")
    edit(area, findings="B")
    b = newest(area)
    edit(area, findings="C")
    c = newest(area)
    services.change_undo(record=c, user=None)
    with pytest.raises(DomainError):
        services.change_undo(record=c, user=None)
    services.change_undo(record=b, user=None)
    with pytest.raises(DomainError):  # C was undone before B: B comes back first
        services.change_redo(record=c, user=None)
    with pytest.raises(DomainError):  # never undone
        services.change_redo(record=area.history.get(history_type="+"), user=None)
    services.change_redo(record=b, user=None)
    services.change_redo(record=c, user=None)
    assert findings(area) == "C"


def test_undo_and_redo_of_a_creation_and_of_a_deletion():
    dossier, user = DossierFactory(), UserFactory()
    risk = services.content_create(
        model=Risk, dossier=dossier, data={"description": "r", "likelihood": 2, "impact": 2}, user=user
    )
    services.content_delete(instance=risk, user=user)
    deletion = Risk.history.get(id=risk.pk, history_type="-")

    restored = services.change_undo(record=deletion, user=user)
    assert Risk.objects.get(pk=risk.pk).description == "r" and restored.version == 2
    assert services.change_redo(record=deletion, user=user) is None  # deleted again
    assert not Risk.objects.filter(pk=risk.pk).exists()
    services.change_undo(record=deletion, user=user)

    creation = Risk.history.get(id=risk.pk, history_type="+", history_change_reason=None)
    assert services.element_steps(Risk, risk.pk).undo.history_id == creation.history_id
    assert services.change_undo(record=creation, user=user) is None  # stepping back past the creation removes it
    assert not Risk.objects.filter(pk=risk.pk).exists()
    services.change_redo(record=creation, user=user)
    assert Risk.objects.get(pk=risk.pk).version > restored.version


def test_undo_and_redo_of_an_m2m_change():
    function = FunctionFactory()
    ontplooj = OrganisationFactory(dossier=function.dossier, name="Ontplooj")
    larcom = OrganisationFactory(dossier=function.dossier, name="Larcom")
    edit(function, delivered_by=[ontplooj])
    edit(function, delivered_by=[ontplooj, larcom])

    undo(function)
    assert set(function.delivered_by.all()) == {ontplooj}
    undo(function)
    assert list(function.delivered_by.all()) == []
    redo(function)
    redo(function)
    assert set(function.delivered_by.all()) == {ontplooj, larcom}
    assert InfrastructureFunction.history.filter(id=function.pk).count() == 7  # one row per step, no m2m extras


def test_steps_follow_from_the_reasons_alone_so_renumbered_history_keeps_them():
    rows = [(10, "+", None), (20, "~", None), (30, "~", None), (40, "~", "Ongedaan gemaakt")]
    steps = services.replay(rows)
    assert (steps.undo.history_id, steps.redo.history_id) == (20, 30)
    renumbered = services.replay([(7 + i, t, r) for i, (_, t, r) in enumerate(rows)])
    assert (renumbered.undo.history_id, renumbered.redo.history_id) == (8, 9)
    assert steps.stepped == {40: 30}


def test_a_change_of_the_weights_or_a_creation_of_a_fixed_kind_is_not_undone_on_its_own():
    from dossier.models import Dossier
    from scenarios.models import AreaWeight

    assert is_undoable(ResearchArea, Step(1, "~"), None) and is_undoable(ResearchArea, Step(1, "+"), None)
    assert not is_undoable(AreaWeight, Step(1, "~"), None)
    assert is_undoable(Dossier, Step(1, "~"), None) and not is_undoable(Dossier, Step(1, "+"), None)


def test_is_undoable_asks_for_the_step_the_element_offers_next():
    from scenarios.models import AreaWeight

    steps = Steps(undo=Step(20, "~"), redo=Step(30, "~"))
    assert is_undoable(ResearchArea, Step(20, "~"), steps) and not is_undoable(ResearchArea, Step(10, "~"), steps)
    assert is_undoable(ResearchArea, Step(30, "~"), steps, redo=True)
    assert not is_undoable(ResearchArea, Step(20, "~"), steps, redo=True)
    assert not is_undoable(ResearchArea, Step(20, "~"), Steps())  # nothing left to undo
    assert not is_undoable(AreaWeight, Step(20, "~"), steps)  # the next step, but of a kind changed only together
