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
        "services": list(baseline.services),
        "start_year": 2024,
        "start_count": "238",
        "end_year": 2033,
        "end_count": "117",
        "method": "linear",
        "first_year": 2024,
        "last_year": 2033,
        "nieuw_beschut": "20,5",
        "nieuw_beschut_growth": "1",
        "nieuw_beschut_at_provider": "64",
        "provider_share": "20,7",
        "share_beschut": "16,8",
        "share_groepsdetachering": "5",
        "share_individuele_detachering": "5",
        "share_overige": "24,52",
        "share_overige_werkgeverstaken": "10,07",
        "fte_beschut": "79,7",
        "fte_groepsdetachering": "93,8",
        "fte_individuele_detachering": "83,9",
        "index_series": "ambtenarensalarissen",
        "future_index": "3",
        "fixed_share": "25",
        "assumption_by": "Kwartiermaker",
        "assumption_on": "2026-11-22",
        "assumption_reason": "Aanname",
        "expected_version": baseline.version,
    }
    return data | changes


def test_projection_hits_the_anchors_of_the_bestuursopdracht(twenterand):
    baseline = PopulationBaseline.objects.get(dossier=twenterand)
    result = projection(baseline, with_charts=False)
    tables = {table.key: table for table in result.tables}
    horizon, people, money = tables["horizon"], tables["aantallen"], tables["bijdrage"]
    assert people.rows[0][1] == 238 and people.rows[-1][1] == 117
    assert result.result.per_year.index.tolist() == list(range(2024, 2034))
    assert all(money.sources)
    # Horizon 2026–2033 and the discount rate are data with a source (fixtures/finance/reference.json).
    cumulative, npv = horizon.rows[0][1], horizon.rows[1][1]
    with localcontext(PRECISION):
        assert cumulative == sum(result.result.per_year.loc[2026:2033, "totaal_bijdrage"], Decimal(0))
    first = result.result.per_year.loc[2026, "totaal_bijdrage"]
    assert first < npv < cumulative
    assert "aanname van Kwartiermaker (22 november 2026)" in horizon.sources[1]  # the discount rate


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
        ({"share_overige_werkgeverstaken": "30"}, "hoogstens het aandeel met verloning"),
        ({"nieuw_beschut_at_provider": "120"}, "hoogstens 100"),
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


def test_a_baseline_without_any_service_is_refused_beside_the_field(as_role, twenterand):
    client = as_role(Role.KWARTIERMAKER)
    baseline = PopulationBaseline.objects.get(dossier=twenterand)
    data = form_data(baseline, opslaan="1", start_count="240")
    data.pop("services")
    response = client.post(URL, data)
    assert response.status_code == 400 and "Kies ten minste één van de diensten van de DVO." in response.text
    assert 'value="240"' in response.text  # the input is kept
    baseline.refresh_from_db()
    assert baseline.version == 1 and len(baseline.services) == 9


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


def test_the_forecast_starts_from_the_2024_budget_with_the_tariff_path_beside_it(twenterand):
    """Berenschot 7.7 per fte 2024 beside the 2023 DVO tariffs indexed +6% (7.4, 7.6.1), by hand."""
    baseline = PopulationBaseline.objects.get(dossier=twenterand)
    assert baseline.tariff_set.key == "ontplooj-begroting-2024"
    table = next(t for t in projection(baseline, with_charts=False).tables if t.key == "uitgangspunt")
    rows = {row[0]: row for row in table.rows}
    beschut = rows["Beschut werk"]
    ratio = Decimal("0.797")  # fte per nominal employee, beschut werk (assumption of the baseline)
    on_tariffs = (7150 + 1271 + 321) * Decimal("1.06") / ratio - 4110 * Decimal("1.06")
    on_budget = (Decimal("8401.25") + Decimal("1528.52") + Decimal("364.64")) / ratio - 4446
    assert round(beschut[1]) == round(on_tariffs) == 7270  # the issue's € 7.270
    assert round(beschut[2]) == round(on_budget) == 8470
    assert beschut[3] == 8469  # printed, in the application's sign (a cost is positive)
    assert rows["Groepsdetachering"][3] == -1571 and rows["Individuele detachering"][3] == -6727
    assert rows["Integraal"][3] == 3703


def test_the_groups_outside_the_werksoorten_are_sized_from_the_documents(twenterand):
    baseline = PopulationBaseline.objects.get(dossier=twenterand)
    table = next(t for t in projection(baseline, with_charts=False).tables if t.key == "groepen")
    verloning, werkgeverstaken = table.rows
    assert verloning[2] == Decimal(97000) / 344 * Decimal("0.207")  # 58,4 people
    assert werkgeverstaken[2] == Decimal(167000) / 1442 * Decimal("0.207")  # 24,0 people
    assert round(verloning[3], 4) == baseline.share_overige == Decimal("0.2452")
    assert round(werkgeverstaken[3], 4) == baseline.share_overige_werkgeverstaken


def test_nieuw_beschut_grows_from_the_taakstelling_and_only_a_share_is_at_the_provider(twenterand):
    from dossier.baseline import nieuw_beschut

    baseline = PopulationBaseline.objects.get(dossier=twenterand)
    assert nieuw_beschut(baseline, 2024) == Decimal("20.5") * Decimal("0.64")
    assert nieuw_beschut(baseline, 2026) == Decimal("22.5") * Decimal("0.64")
    result = projection(baseline, with_charts=False).result
    wsw_2026 = Decimal(238) + (Decimal(117) - 238) * 2 / 9
    expected = wsw_2026 * Decimal("0.168") + Decimal("22.5") * Decimal("0.64")
    assert result.werksoorten.loc[(2026, "beschut"), "nominal"] == expected
