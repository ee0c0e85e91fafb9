"""Form fuzzing: every form of the project (found by walking its modules, see project_forms) gets arbitrary input,
directly and POSTed through the view that handles it, as the role allowed to use it, with and without htmx. Whatever
comes in, the form never raises, the view never answers 5xx, and what it shows back never turns into markup."""

import os

import pytest
from django.http import QueryDict
from hypothesis import HealthCheck, given, seed, settings
from hypothesis import strategies as st

from documents.tests.test_documents import SSRF
from dossier.tests.twenterand import load_twenterand
from werkgroep.tests.helpers import HTMX
from werkgroep.tests.test_werkgroep_security import FORMULAS, PAYLOADS

from . import project_forms

TARGETS = project_forms.targets()
# Deterministic (the same examples every run) and bounded. By hand: FUZZ_EXAMPLES=200 for more examples,
# FUZZ_SEED=<n> for other ones.
EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "12"))
SEED = os.environ.get("FUZZ_SEED")
FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=SEED is None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.data_too_large],
)


def fuzzed(test):
    test = FUZZ(given(data=st.data())(test))
    return seed(int(SEED))(test) if SEED else test


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    with project_forms.rolled_back(django_db_blocker):
        yield project_forms.build_world(load_twenterand())


@pytest.fixture(autouse=True)
def no_pdfs(monkeypatch):
    """Freezing a definitive version enqueues its six PDFs (seconds each); the documents have their own tests."""
    from documents import tasks

    monkeypatch.setattr(tasks, "_enqueue_on_commit", lambda document_id, attempt: None)


# ---------------------------------------------------------------------------------------------- values

NUMBERS = [
    "0",
    "-1",
    "1",
    "32767",
    "32768",
    "-32769",
    "65536",
    "2147483647",
    "2147483648",
    "-2147483649",
    "9223372036854775807",
    "9223372036854775808",
    "-9223372036854775809",
    "1" + "0" * 40,
    "1e400",
    "-1e400",
    "1e-400",
    "1E5",
    "NaN",
    "nan",
    "inf",
    "-Infinity",
    "sNaN",
    "1,5",
    "1.5",
    "0.000001",
    "99999999999999999999.99",
    "٣",
    "²",
    "1_000",
    " 7 ",
]
DATES = ["2024-02-30", "9999-12-31", "0001-01-01", "10000-01-01", "0000-00-00", "2024-13-01", "31-12-2024", "-1-01-01"]
TEXTS = [
    "",
    " ",
    "\x00",
    "a\x00b",
    "\r\n",
    "\u202e",
    "\ufeff",
    "𝄞",
    "on",
    "true",
    "None",
    "null",
    "[]",
    "%s %(x)s {0}",
    *(p for p, _ in PAYLOADS),
    *SSRF,
    *FORMULAS,
]
text = st.text(alphabet=st.characters(exclude_categories=("Cs",)), max_size=40)
long_text = st.builds(
    lambda ch, n: ch * n, st.sampled_from(["a", "é", "\x00", "9", "<", "𝄞", "\n"]), st.sampled_from([201, 5001, 20001])
)
junk = st.one_of(
    text,
    st.sampled_from(TEXTS + NUMBERS + DATES),
    st.integers(min_value=-(10**30), max_value=10**30).map(str),
    st.floats(allow_nan=True, allow_infinity=True).map(str),
    long_text,
)


def value_strategy(form_field):
    """Junk of every kind, with the values this field accepts mixed in so that examples get past the form to the
    service and the database, where an unchecked value would do its harm."""
    from django import forms

    valid = []
    if isinstance(form_field, forms.ModelChoiceField):
        pks = list(form_field.queryset.order_by("pk").values_list("pk", flat=True)[:20])
        valid = [str(pk) for pk in pks] + ["0", "-1", str(10**12)]
    elif isinstance(form_field, forms.ChoiceField):
        valid = [str(value) for value, _ in form_field.choices if not isinstance(value, list | tuple)]
    elif isinstance(form_field, forms.BooleanField):
        valid = ["on", "", "false", "0"]
    elif isinstance(form_field, forms.IntegerField | forms.DecimalField | forms.FloatField):
        valid = NUMBERS
    elif isinstance(form_field, forms.DateField):
        valid = DATES + ["2025-06-30"]
    single = st.one_of(st.sampled_from(valid), junk) if valid else junk
    if isinstance(form_field, forms.ModelMultipleChoiceField | forms.MultipleChoiceField):
        return st.lists(single, max_size=3)
    return single


_SHAPES: dict = {}


def _shape(target, world):
    """The field names and a value strategy per field, made once per target: Hypothesis needs the same strategies
    in every example, while the database (and with it the choices on offer) changes as the examples save."""
    if target.key not in _SHAPES:
        fields = target.build(world, None).fields
        names = sorted({*fields, *target.extra(world)})
        _SHAPES[target.key] = (names, {name: value_strategy(f) for name, f in fields.items()})
    return _SHAPES[target.key]


def fuzzed_post(data, target, world):
    """The page's data with a few fields replaced by fuzz and a few left out (one change at a time reaches the
    service and the database more often than many at once, which the form mostly refuses), and whether htmx
    sends it."""
    names, strategies = _shape(target, world)
    changed = data.draw(st.lists(st.sampled_from(sorted(strategies)), max_size=3, unique=True), label="changed")
    dropped = data.draw(st.lists(st.sampled_from(names), max_size=2, unique=True), label="dropped")
    post = {k: v for k, v in target.base_data(world).items() if k not in dropped}
    for name in changed:
        post[name] = data.draw(strategies[name], label=name)
    return post, data.draw(st.booleans(), label="htmx")


def as_query_dict(post: dict) -> QueryDict:
    query = QueryDict(mutable=True)
    for key, value in post.items():
        query.setlist(key, value if isinstance(value, list) else [value])
    return query


# ---------------------------------------------------------------------------------------------- the tests


def test_every_form_of_the_project_is_fuzzed():
    from documents.forms import ReactionPointForm
    from documents.views.versions import FreezeForm
    from dossier.forms import ContentForm, DossierForm
    from scenarios.forms import ProvenanceForm, ScenarioForm, WeightsForm
    from werkgroep.forms import AdviceForm, CommentForm, EmailSettingsForm

    found = project_forms.project_form_classes()
    # The walk finds forms wherever they are defined (a view module holds FreezeForm), abstract bases included.
    assert {ContentForm, DossierForm, ReactionPointForm, ScenarioForm, WeightsForm, CommentForm, AdviceForm} <= found
    assert {FreezeForm, EmailSettingsForm} <= found
    assert len(found) >= 36
    concrete = {f for f in found if not project_forms.is_abstract(f)}
    assert concrete - {t.form for t in TARGETS} == set(), "a form without a fuzz target: add it to project_forms"
    assert {f for f in found if project_forms.is_abstract(f)} == {ContentForm, ProvenanceForm}


@pytest.mark.django_db
@pytest.mark.parametrize("target", TARGETS, ids=[t.key for t in TARGETS])
def test_the_page_as_shown_is_accepted_by_its_view(target, world, client):
    """The targets are right: the view takes the form from that role (no 403/404/405), and an unchanged form is
    never refused as a conflict."""
    client.force_login(world.users[target.role])
    response = getattr(client, target.method)(target.url(world), target.base_data(world))
    assert response.status_code < 500
    assert response.status_code not in (403, 404, 405, 409), response.content.decode()[:3000]


@pytest.mark.django_db
@pytest.mark.parametrize("target", TARGETS, ids=[t.key for t in TARGETS])
@fuzzed
def test_arbitrary_input_never_breaks_the_form_or_its_view(target, world, client, data):
    post, htmx = fuzzed_post(data, target, world)

    form = target.build(world, as_query_dict(post))
    form.is_valid()  # never raises
    str(form.errors)

    client.force_login(world.users[target.role])
    send = getattr(client, target.method)
    response = send(target.url(world), post, **(HTMX if htmx else {}))  # an exception in the view fails here
    assert response.status_code < 500
    if response.get("Content-Type", "").startswith("text/html"):
        assert project_forms.harmful(response.content.decode()) == []
    # What was saved is shown next: the page the save leads to must show it too.
    shown = response.get("Location") or response.get("HX-Redirect")
    if shown:
        page = client.get(shown)
        assert page.status_code < 500
        assert project_forms.harmful(page.content.decode()) == []


# ---------------------------------------------------------------------------------------------- found by fuzzing


@pytest.mark.django_db
def test_each_text_section_of_the_proposal_opens_and_saves(world, client):
    """ProposalForm assumed its scenario field in every section: every text section of the proposal was a 500."""
    from dossier.kinds import KINDS

    kind = KINDS["voorstel"]
    client.force_login(world.users["kwartiermaker"])
    for section in kind.sections:
        target = next(t for t in TARGETS if t.key == f"voorstel-edit-{section.key}")
        assert client.get(target.url(world)).status_code == 200, section.key
        data = {**target.base_data(world), **dict.fromkeys(section.fields[-1:], "Nieuwe tekst")}
        if section.prose:
            assert client.post(target.url(world), data).status_code == 302, section.key


@pytest.mark.django_db
@pytest.mark.parametrize(
    "change",
    [{"object_id": "0"}, {"object_id": str(10**12)}, {"content_type": "", "object_id": "99999"}],
    ids=["zero", "unknown", "no-type"],
)
def test_a_citation_edit_that_names_another_element_keeps_its_own(world, client, change):
    """A crafted edit of a citation that named no existing element reached the page's links with the half-changed
    citation (no element to link to): a 500. An edit no longer takes the element at all (it is fixed when the
    citation is made): the rest is saved and the citation keeps its element."""
    from dossier.models import Citation

    target = next(t for t in TARGETS if t.key == "bronvermelding-edit")
    citation = Citation.objects.filter(dossier=world.dossier).order_by("pk").first()
    before = (citation.content_type_id, citation.object_id)
    client.force_login(world.users["kwartiermaker"])
    for headers in ({}, HTMX):
        data = {**target.base_data(world), **change, "expected_version": Citation.objects.get(pk=citation.pk).version}
        response = client.post(target.url(world), data, **headers)
        assert response.status_code in (200, 302), response.status_code
        assert "bestaat niet" not in response.content.decode()
    citation.refresh_from_db()
    assert (citation.content_type_id, citation.object_id) == before


@pytest.mark.django_db
def test_a_citation_cannot_be_created_for_an_element_that_does_not_exist(world, client):
    """Where the element is still chosen (a new citation), a crafted one that names none is refused beside the form."""
    target = next(t for t in TARGETS if t.key == "bronvermelding-create")
    client.force_login(world.users["kwartiermaker"])
    response = client.post(target.url(world), {**target.base_data(world), "object_id": "0"})
    assert response.status_code in (400, 404)


@pytest.mark.django_db
def test_a_parent_id_of_thousands_of_digits_is_no_element(world, client):
    """int() refuses a string of more than 4300 digits (ValueError): a new toets whose function was such a number
    was a 500; so was the same number in the version comparison's address."""
    target = next(t for t in TARGETS if t.key == "toets-create")
    huge = "9" * 5001
    client.force_login(world.users["kwartiermaker"])
    assert client.post(target.url(world), {**target.base_data(world), "function": huge}).status_code == 400
    assert client.get(target.url(world), {"function": huge}).status_code == 200
    assert client.get(world.url("version-changes"), {"van": huge, "naar": huge}).status_code == 200
