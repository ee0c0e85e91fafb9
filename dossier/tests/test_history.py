"""The history page: values as people read them, filters, the initial load as one line, paging in SQL, undo and
redo buttons on the right lines, and a number of queries that does not grow with the history."""

import datetime
import re
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from dossier import services
from dossier.loading import REASON
from dossier.models import KaderToets, Milestone, Risk
from scenarios.models import OneOffCost, Provider, ProviderTariff, Scenario

from .factories import FunctionFactory, KaderFactory, OrganisationFactory

pytestmark = pytest.mark.django_db


def url(dossier, query=""):
    return reverse("dossier:history", kwargs={"slug": dossier.slug}) + query


def create(model, dossier, user=None, reason="", why="", **data):
    """`reason` is the history's (why the write); `why` an assumption's own reason (why the figure)."""
    data = {**data, "reason": why} if why else data
    return services.content_create(model=model, dossier=dossier, data=data, user=user, reason=reason)


def edit(obj, user, **data):
    obj.refresh_from_db()
    return services.content_update(instance=obj, data=data, user=user, expected_version=obj.version)


def text_of(response) -> str:
    return " ".join(response.content.decode().split())


def lines(response) -> str:
    """The headings of the page's lines: what changed, without the filter form's lists."""
    return " ".join(re.findall(r'<h2 class="h3">(.*?)</h2>', response.content.decode(), re.S))


def test_values_are_shown_the_dutch_way_with_labels_and_names(client_as, dossier, members):
    user = members["kwartiermaker"]
    owned = {"set_by": "Kwartiermaker", "set_on": datetime.date(2026, 11, 22), "why": "Schatting"}
    provider = create(
        Provider,
        dossier,
        user,
        name="Larcom",
        kind="tarieven",
        index_rate=Decimal("0.02"),
        set_by="Kwartiermaker",
        set_on=datetime.date(2026, 11, 22),
        note="Schatting",
    )
    tariff = create(ProviderTariff, dossier, user, provider=provider, task="werkfit", amount=Decimal("7799"), **owned)
    scenario = create(Scenario, dossier, user, name="Eigen beheer", kind="eigen_voorziening")
    cost = create(
        OneOffCost, dossier, user, scenario=scenario, kind="project", description="Start", amount=1, year=2027, **owned
    )
    milestone = create(Milestone, dossier, user, title="Besluit", date=datetime.date(2026, 12, 15))
    risk = create(Risk, dossier, user, description="Krimp", likelihood=2, impact=2)
    function = FunctionFactory(dossier=dossier)
    old_kader = KaderFactory(dossier=dossier, title="Participatiewet")
    new_kader = KaderFactory(dossier=dossier, title="Wsw")
    toets = create(KaderToets, dossier, user, function=function, kader=old_kader, verdict="neutraal")
    larcom = OrganisationFactory(dossier=dossier, name="Larcom Den Ham")

    edit(tariff, user, amount=Decimal("4495.50"))
    edit(provider, user, index_rate=Decimal("0.125"))
    edit(cost, user, year=2028)
    edit(milestone, user, date=datetime.date(2027, 1, 5))
    edit(risk, user, status="beheerst")
    edit(toets, user, kader=new_kader)
    edit(function, user, delivered_by=[larcom])

    text = text_of(client_as("college").get(url(dossier)))
    assert "€ 7.799" in text and "€ 4.495,50" in text
    assert "2%" in text and "12,5%" in text
    assert "2027" in text and "2028" in text and "2.028" not in text
    assert "15 december 2026" in text and "5 januari 2027" in text
    assert "Open" in text and "Beheerst" in text and "beheerst" not in text.replace("Beheerst", "")
    assert "Participatiewet" in text and "Wsw" in text
    assert "Larcom Den Ham" in text


def test_the_time_of_a_change_is_a_dutch_date(client_as, dossier, members):
    risk = create(Risk, dossier, members["kwartiermaker"], description="Krimp", likelihood=2, impact=2)
    edit(risk, members["kwartiermaker"], likelihood=3)
    moment = timezone.make_aware(datetime.datetime(2026, 12, 3, 14, 5))
    Risk.history.filter(id=risk.pk).update(history_date=moment)
    assert "3 december 2026, 14:05" in text_of(client_as("college").get(url(dossier)))


def load(dossier, count):
    """What the loader does: creations by nobody with its reason."""
    return [
        create(Risk, dossier, reason=REASON, description=f"Geladen {i}", likelihood=1, impact=1) for i in range(count)
    ]


def test_the_initial_load_is_one_line_that_opens_to_what_it_holds(client_as, dossier, members):
    loaded = load(dossier, 43)
    KaderFactory(dossier=dossier)  # created by nobody without a reason (e.g. the proposal texts): part of the load
    edit(loaded[0], members["kwartiermaker"], likelihood=4)

    text = text_of(client_as("college").get(url(dossier)))
    assert text.count('<details class="card load-group"') == 1
    assert "Geladen uit fixture: 45 onderdelen" in text  # with the dossier itself, made by its factory
    assert "Risico&#x27;s: 43" in text and "Kaders: 1" in text
    assert "Geladen 12" not in text  # the loaded elements are not listed one by one
    # newest first: the edit above the load
    assert text.index(members["kwartiermaker"].get_full_name()) < text.index("Geladen uit fixture: 45")


def test_filters_by_kind_element_person_and_period_combine_and_are_shown(client_as, dossier, members):
    sanne, fatima = members["kwartiermaker"], members["werkgroep"]
    first = create(Risk, dossier, sanne, description="Eerste risico", likelihood=1, impact=1)
    second = create(Risk, dossier, sanne, description="Tweede risico", likelihood=1, impact=1)
    kader = KaderFactory(dossier=dossier, title="Kader X")
    edit(first, sanne, likelihood=2)
    edit(second, fatima, likelihood=3)
    edit(kader, fatima, title="Kader Y")
    client = client_as("college")

    shown = lines(client.get(url(dossier, "?soort=risico")))
    assert "Eerste risico" in shown and "Tweede risico" in shown and "Kader Y" not in shown

    response = client.get(url(dossier, f"?soort=risico&persoon={fatima.pk}"))
    shown, text = lines(response), text_of(response)
    assert "Tweede risico" in shown and "Eerste risico" not in shown and "Kader Y" not in shown
    assert "Soort: <strong>Risico's</strong>" in text.replace("&#x27;", "'")
    assert f'href="?persoon={fatima.pk}"' in text  # removing the kind keeps the person
    assert 'href="?soort=risico"' in text  # removing the person keeps the kind

    response = client.get(url(dossier, f"?element=risico:{first.pk}"))
    assert "Eerste risico" in lines(response) and "Tweede risico" not in lines(response)
    assert f'<option value="risico:{second.pk}">Tweede risico' in text_of(response)  # the kind's elements offered

    today = timezone.localdate()
    text = text_of(client.get(url(dossier, f"?van={today + datetime.timedelta(days=1)}")))
    assert "Geen wijzigingen gevonden met deze filters." in text
    shown = lines(client.get(url(dossier, f"?van={today}&tot={today}&soort=kader")))
    assert "Kader Y" in shown and "Eerste risico" not in shown


def test_a_filter_that_cannot_be_read_is_explained_beside_its_field_and_the_rest_still_filters(client_as, dossier):
    create(Risk, dossier, None, description="Een risico", likelihood=1, impact=1)
    response = client_as("college").get(url(dossier, "?van=gisteren&soort=risico"))
    assert response.status_code == 400
    text = text_of(response)
    assert 'value="gisteren"' in text and 'aria-describedby="f-van_error"' in text
    assert 'id="f-van_error"' in text
    for bad in ("?element=x:y", "?element=risico:abc", f"?element=risico:{'9' * 40}", "?pagina=999", "?persoon=-1"):
        assert client_as("college").get(url(dossier, bad)).status_code in (200, 400), bad


def test_a_period_that_ends_before_it_starts_is_refused(client_as, dossier):
    response = client_as("college").get(url(dossier, "?van=2026-12-03&tot=2026-12-01"))
    assert response.status_code == 400
    assert 'id="f-tot_error"' in response.content.decode()


@pytest.mark.parametrize("query", ["?tot=9999-12-31", "?van=0001-01-01", "?van=1000-01-01&tot=9999-12-31"])
def test_a_day_far_outside_the_century_is_refused_not_a_server_error(client_as, dossier, query):
    """Found by fuzzing the filter form: the day after 31 December 9999 overflowed the query (a 500)."""
    response = client_as("college").get(url(dossier, query))
    assert response.status_code == 400
    assert "Kies een datum tussen 1 januari 2000 en 31 december 2099." in response.text


def test_the_history_of_a_deleted_element_still_names_it(client_as, dossier, members):
    risk = create(Risk, dossier, members["kwartiermaker"], description="Verdwenen risico", likelihood=1, impact=1)
    services.content_delete(instance=risk, user=members["kwartiermaker"])
    text = text_of(client_as("college").get(url(dossier, f"?element=risico:{risk.pk}")))
    assert "Geschiedenis: Verdwenen risico" in text


def test_paging_happens_in_the_database_and_keeps_the_filters(client_as, dossier, members):
    sanne = members["kwartiermaker"]
    load(dossier, 5)
    risk = create(Risk, dossier, sanne, description="Vaak gewijzigd", likelihood=1, impact=1)
    for i in range(60):
        edit(risk, sanne, likelihood=1 + i % 5, impact=1 + (i + 1) % 5)
    client = client_as("college")
    first = text_of(client.get(url(dossier, "?soort=risico")))
    assert first.count('<article class="card change"') == 25
    assert "soort=risico&amp;pagina=2" in first and "pagina 1 van 3" in first
    last = text_of(client.get(url(dossier, "?soort=risico&pagina=3")))
    # 61 changes by Sanne and the load's line: 11 changes and then the load, oldest, at the very end
    assert last.count('<article class="card change"') == 11
    assert last.index("Vaak gewijzigd") < last.index("Geladen uit fixture: 5 onderdelen")
    assert lines(client.get(url(dossier, "?soort=risico&pagina=99"))) == lines(
        client.get(url(dossier, "?soort=risico&pagina=3"))
    )  # past the end: the last page


def test_the_number_of_queries_does_not_grow_with_the_history(
    client_as, dossier, members, django_assert_max_num_queries
):
    sanne = members["kwartiermaker"]
    function = FunctionFactory(dossier=dossier)
    orgs = [OrganisationFactory(dossier=dossier) for _ in range(3)]
    risk = create(Risk, dossier, sanne, description="Risico", likelihood=1, impact=1)
    client = client_as("kwartiermaker")

    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url(dossier)).status_code == 200
        return len(captured.captured_queries)

    edit(risk, sanne, likelihood=2)
    edit(function, sanne, delivered_by=orgs[:1])
    few = queries()
    for i in range(80):
        edit(risk, sanne, likelihood=1 + i % 5)
        edit(function, sanne, delivered_by=orgs[: 1 + i % 3])
    load(dossier, 30)
    assert queries() == few
    with django_assert_max_num_queries(30):
        client.get(url(dossier, "?soort=risico&van=2026-01-01"))


def test_undo_and_redo_are_offered_on_the_lines_they_apply_to_and_only_to_editors(client_as, dossier, members):
    sanne = members["kwartiermaker"]
    risk = create(Risk, dossier, sanne, description="Risico", likelihood=1, impact=1)
    edit(risk, sanne, likelihood=2)
    edit(risk, sanne, likelihood=3)
    newest = Risk.history.filter(id=risk.pk).order_by("-history_id").first()
    services.change_undo(record=newest, user=sanne)
    text = text_of(client_as("kwartiermaker").get(url(dossier)))
    assert text.count("Deze wijziging ongedaan maken") == 1
    assert text.count("Deze wijziging opnieuw uitvoeren") == 1
    assert f"geschiedenis/risk/{newest.history_id}/opnieuw/" in text
    assert "Ongedaan gemaakt" in text and "ongedaan gemaakt</span>" in text  # the undo line and the undone change
    college = text_of(client_as("college").get(url(dossier)))
    assert "ongedaan maken" not in college.replace("Ongedaan gemaakt", "") and "opnieuw uitvoeren" not in college


def test_undo_from_the_history_page_returns_to_it(client_as, dossier, members):
    sanne = members["kwartiermaker"]
    risk = create(Risk, dossier, sanne, description="Risico", likelihood=1, impact=1)
    edit(risk, sanne, likelihood=2)
    newest = Risk.history.filter(id=risk.pk).order_by("-history_id").first()
    back = url(dossier, "?soort=risico")
    undo = reverse("dossier:undo", kwargs={"slug": dossier.slug, "model": "risk", "history_id": newest.history_id})
    response = client_as("kwartiermaker").post(undo, {"next": back})
    assert response.status_code == 302 and response["Location"] == back
    risk.refresh_from_db()
    assert risk.likelihood == 1
    redo = reverse("dossier:redo", kwargs={"slug": dossier.slug, "model": "risk", "history_id": newest.history_id})
    assert client_as("kwartiermaker").post(redo, {"next": back})["Location"] == back
    risk.refresh_from_db()
    assert risk.likelihood == 2


@pytest.mark.parametrize("role", ["werkgroep", "college"])
def test_only_editors_undo_or_redo(client_as, dossier, members, role):
    risk = create(Risk, dossier, members["kwartiermaker"], description="Risico", likelihood=1, impact=1)
    edit(risk, members["kwartiermaker"], likelihood=2)
    newest = Risk.history.filter(id=risk.pk).order_by("-history_id").first()
    for name in ("dossier:undo", "dossier:redo"):
        step = reverse(name, kwargs={"slug": dossier.slug, "model": "risk", "history_id": newest.history_id})
        assert client_as(role).post(step).status_code == 403
    risk.refresh_from_db()
    assert risk.likelihood == 2
