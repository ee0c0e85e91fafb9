"""The Twenterand projection: the baseline's assumptions through the finance engine, with live recompute."""

import io
from decimal import Decimal, localcontext

import pytest
from django.core.management import call_command
from django.urls import reverse

from dossier.models import Dossier, PopulationBaseline, Role
from dossier.projection import projection
from finance.engine import PRECISION

from .factories import MembershipFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def twenterand(db):
    call_command("load_finance_reference", stdout=io.StringIO())
    call_command("load_dossier", "fixtures/twenterand", stdout=io.StringIO())
    dossier = Dossier.objects.get(slug="twenterand")
    return dossier


@pytest.fixture
def as_role(client, twenterand):
    def login(role):
        client.force_login(MembershipFactory(dossier=twenterand, role=role).user)
        return client

    return login


URL = "/d/twenterand/financien/projectie/"


def form_data(baseline, **changes):
    data = {
        "tariff_set": baseline.tariff_set_id,
        "start_year": 2024,
        "start_count": "238",
        "end_year": 2033,
        "end_count": "117",
        "method": "linear",
        "first_year": 2024,
        "last_year": 2033,
        "nieuw_beschut": "19",
        "share_beschut": "16,8",
        "share_groepsdetachering": "5",
        "share_individuele_detachering": "5",
        "share_overige": "40",
        "fte_beschut": "79,7",
        "fte_groepsdetachering": "93,8",
        "fte_individuele_detachering": "83,9",
        "index_series": "ambtenarensalarissen",
        "future_index": "3",
        "fixed_share": "0",
        "assumption_by": "Kwartiermaker",
        "assumption_on": "2026-11-22",
        "assumption_reason": "Aanname",
        "expected_version": baseline.version,
    }
    return data | changes


def test_projection_hits_the_anchors_of_the_bestuursopdracht(twenterand):
    baseline = PopulationBaseline.objects.get(dossier=twenterand)
    result = projection(baseline, with_charts=False)
    horizon, people, money = result.tables
    assert people.rows[0][1] == 238 and people.rows[-1][1] == 117
    assert result.result.per_year.index.tolist() == list(range(2024, 2034))
    assert all(money.sources)
    # Horizon 2026–2033 and the discount rate are data with a source (fixtures/finance/reference.json).
    cumulative, npv = horizon.rows[0][1], horizon.rows[1][1]
    with localcontext(PRECISION):
        assert cumulative == sum(result.result.per_year.loc[2026:2033, "totaal_bijdrage"], Decimal(0))
    first = result.result.per_year.loc[2026, "totaal_bijdrage"]
    assert first < npv < cumulative
    assert "Aanname kwartiermaker" in horizon.sources[1]


@pytest.mark.parametrize("role", [Role.KWARTIERMAKER, Role.WERKGROEP, Role.COLLEGE])
def test_every_member_sees_the_projection_with_charts_and_tables(as_role, role):
    response = as_role(role).get(URL)
    assert response.status_code == 200
    assert 'src="data:image/svg+xml;base64,' in response.text
    assert ('<form method="post" class="edit" id="assumptions"' in response.text) == (role == Role.KWARTIERMAKER)
    xlsx = as_role(role).get(URL + "?formaat=xlsx")
    assert xlsx.status_code == 200


def test_live_recompute_shows_the_new_total_without_saving(as_role, twenterand):
    client = as_role(Role.KWARTIERMAKER)
    baseline = PopulationBaseline.objects.get(dossier=twenterand)
    before = projection(baseline, with_charts=False).result.total()
    response = client.post(URL, form_data(baseline, share_beschut="30"), headers={"HX-Request": "true"})
    assert response.status_code == 200 and 'id="results"' in response.text and "<html" not in response.text
    assert "Voorbeeld van niet-opgeslagen" in response.text
    baseline.refresh_from_db()
    assert baseline.share_beschut == Decimal("0.168")  # nothing saved
    assert projection(baseline, with_charts=False).result.total() == before


def test_saving_the_assumptions_records_history(as_role, twenterand):
    client = as_role(Role.KWARTIERMAKER)
    baseline = PopulationBaseline.objects.get(dossier=twenterand)
    response = client.post(URL, form_data(baseline, share_beschut="20", opslaan="1"))
    assert response.status_code == 302
    baseline.refresh_from_db()
    assert baseline.share_beschut == Decimal("0.2") and baseline.version == 2
    assert baseline.history.latest().history_type == "~"


@pytest.mark.parametrize(
    "changes,message",
    [
        ({"share_beschut": "150"}, "hoogstens 100"),
        ({"share_overige": "80"}, "meer dan 100%"),
        ({"end_count": "abc"}, "Vul een getal in"),
        ({"end_year": "2020"}, "na het eerste"),
    ],
)
def test_bad_assumptions_give_a_dutch_error_and_save_nothing(as_role, twenterand, changes, message):
    client = as_role(Role.KWARTIERMAKER)
    baseline = PopulationBaseline.objects.get(dossier=twenterand)
    response = client.post(URL, form_data(baseline, opslaan="1", **changes))
    assert response.status_code == 400 and message in response.text
    assert list(changes.values())[0] in response.text  # the input is kept
    preview = client.post(URL, form_data(baseline, **changes), headers={"HX-Request": "true"})
    assert preview.status_code == 200 and message in preview.text
    baseline.refresh_from_db()
    assert baseline.version == 1


@pytest.mark.parametrize("role", [Role.WERKGROEP, Role.COLLEGE])
def test_read_only_members_cannot_change_or_preview(as_role, twenterand, role):
    baseline = PopulationBaseline.objects.get(dossier=twenterand)
    client = as_role(role)
    assert client.post(URL, form_data(baseline, opslaan="1")).status_code == 403
    assert client.post(URL, form_data(baseline), headers={"HX-Request": "true"}).status_code == 403


def test_a_dossier_without_a_baseline_says_so(client):
    membership = MembershipFactory(role=Role.KWARTIERMAKER)
    client.force_login(membership.user)
    response = client.get(reverse("dossier:finance-projection", kwargs={"slug": membership.dossier.slug}))
    assert response.status_code == 200 and "nog geen aannames" in response.text.lower()


@pytest.mark.parametrize("changes", [{"first_year": "3900", "last_year": "3900"}, {"first_year": "0"}])
def test_absurd_years_are_refused_not_a_500(as_role, twenterand, changes):
    client = as_role(Role.KWARTIERMAKER)
    baseline = PopulationBaseline.objects.get(dossier=twenterand)
    assert client.post(URL, form_data(baseline, opslaan="1", **changes)).status_code == 400
    assert client.post(URL, form_data(baseline, **changes), headers={"HX-Request": "true"}).status_code == 200


def test_years_are_shown_without_thousands_separator(as_role):
    text = as_role(Role.COLLEGE).get(URL).text
    assert ">2033<" in text and "2.033" not in text
