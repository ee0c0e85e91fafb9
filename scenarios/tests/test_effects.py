"""The result in sight: a save names the scenarios it changed (the `scenario-changed` htmx event) with their figures
from just before the write, signed; the editor's result endpoint, asked with them, says was → nu (verschil) in the
summary, beside the saved element and to screen readers."""

import json
import re
from decimal import Decimal
from unittest import mock

import pytest
from django.core import signing
from django.db import connection
from django.db.models import Q
from django.test.utils import CaptureQueriesContext

from dossier.tests.factories import DossierFactory
from finance.engine import to_cents
from finance.numbers import format_difference, format_money, input_text
from scenarios import effects, selectors
from scenarios.models import Assessment, OneOffCost, ProviderTariff, Scenario
from scenarios.tests.helpers import larcom, tariff_post

pytestmark = pytest.mark.django_db

BASE = "/d/twenterand"
HTMX = {"HX-Request": "true"}


def figures(dossier, scenario) -> tuple:
    outcome = selectors.scenario_detail(dossier, scenario.pk, result_only=True).outcome
    return to_cents(outcome.cumulative), to_cents(outcome.npv)


def event(response) -> dict:
    return json.loads(response.headers.get("HX-Trigger-After-Settle", "{}")).get(effects.EVENT, {})


def refresh(client, scenario, was=None):
    url = f"{BASE}/scenarios/{scenario.pk}/resultaat/"
    return client.get(url, {"was": was} if was is not None else {}, headers=HTMX)


def moved(old, new) -> str:
    return f"{format_money(old)} → {format_money(new)} ({format_difference(new - old)})"


def visible(html: str) -> str:
    """The text as a sighted user reads it: without what only screen readers hear, without tags."""
    return re.sub(r"<[^>]+>", "", re.sub(r'<span class="visually-hidden">[^<]*</span>', "", html))


def test_a_tariff_save_says_was_now_and_difference_in_the_summary_beside_the_row_and_aloud(as_role, twenterand):
    client = as_role("kwartiermaker")
    scenario = larcom(twenterand)
    tariff = ProviderTariff.objects.get(provider__name="Larcom", task="begeleiding_beschut")
    old_total, old_npv = figures(twenterand, scenario)
    saved = client.post(f"{BASE}/tarief/{tariff.pk}/bewerken/", tariff_post(tariff, "9.500"), headers=HTMX)
    assert saved.status_code == 200
    new_total, new_npv = figures(twenterand, scenario)
    assert new_total > old_total

    html = refresh(client, scenario, event(saved)["was"]).content.decode()
    summary = visible(html[: html.index('id="scenario-result"')])
    assert "Laatste wijziging" in summary
    assert f"Cumulatief: {moved(old_total, new_total)}" in summary
    assert f"Contante waarde: {moved(old_npv, new_npv)}" in summary
    # Beside the saved row (appended to it out of band) ...
    beside = visible(html[html.index(f'hx-swap-oob="beforeend:#tarief-{tariff.pk}"') :])
    assert f"Effect op het resultaat: Cumulatief: {moved(old_total, new_total)}" in beside
    # ... and to screen readers, in words.
    live = visible(html[html.index('hx-swap-oob="innerHTML:#live"') :])
    spoken = (
        f"van {format_money(old_total)} naar {format_money(new_total)} ({format_difference(new_total - old_total)})"
    )
    assert "Herberekend." in live and spoken in live


def test_a_shared_tariff_changes_each_scenario_that_uses_it_each_with_its_own_figures(as_role, twenterand):
    client = as_role("kwartiermaker")
    tariff = ProviderTariff.objects.get(provider__name="Larcom", task="begeleiding_beschut")
    using = list(Scenario.objects.filter(sourcing__provider=tariff.provider).distinct().order_by("pk"))
    before = {s.pk: figures(twenterand, s) for s in using}
    saved = client.post(f"{BASE}/tarief/{tariff.pk}/bewerken/", tariff_post(tariff, "9.500"), headers=HTMX)
    assert event(saved)["scenarios"] == [s.pk for s in using] and len(using) == 2
    for scenario in using:
        (old_total, _), (new_total, _) = before[scenario.pk], figures(twenterand, scenario)
        shown = visible(refresh(client, scenario, event(saved)["was"]).content.decode())
        assert f"Cumulatief: {moved(old_total, new_total)}" in shown


def test_was_is_the_result_just_before_this_save_not_what_the_page_showed(as_role, twenterand):
    """Someone else's change between loading the editor and saving is not counted as this save's effect."""
    client = as_role("kwartiermaker")
    scenario = larcom(twenterand)
    cost = OneOffCost.objects.filter(scenario=scenario).first()
    OneOffCost.objects.filter(pk=cost.pk).update(amount=cost.amount + 100_000)  # another user, meanwhile
    old_total, _ = figures(twenterand, scenario)
    tariff = ProviderTariff.objects.get(provider__name="Larcom", task="begeleiding_beschut")
    saved = client.post(f"{BASE}/tarief/{tariff.pk}/bewerken/", tariff_post(tariff, "9.500"), headers=HTMX)
    new_total, _ = figures(twenterand, scenario)
    shown = visible(refresh(client, scenario, event(saved)["was"]).content.decode())
    assert f"Cumulatief: {moved(old_total, new_total)}" in shown


def test_a_one_off_cost_added_and_deleted_shows_its_amount_as_the_difference(as_role, twenterand):
    client = as_role("kwartiermaker")
    scenario = larcom(twenterand)
    data = {"scenario": scenario.pk, "kind": "project", "description": "Extra projectleider", "amount": "4.495,50"}
    created = client.post(
        f"{BASE}/eenmalig/nieuw/",
        {
            **data,
            "year": "2027",
            "status": "aanname",
            "reason": "Aanname",
            "set_by": "Kwartiermaker",
            "set_on": "2026-12-01",
        },
        headers=HTMX,
    )
    assert created.status_code == 200 and event(created)["scenarios"] == [scenario.pk]
    cost = OneOffCost.objects.get(description="Extra projectleider")
    html = refresh(client, scenario, event(created)["was"]).content.decode()
    assert f'hx-swap-oob="beforeend:#eenmalig-{cost.pk}"' in html
    assert "(+€ 4.496)" in visible(html)
    deleted = client.post(f"{BASE}/eenmalig/{cost.pk}/verwijderen/", headers=HTMX)
    assert deleted.status_code == 200 and event(deleted)["scenarios"] == [scenario.pk]
    assert "(−€ 4.496)" in visible(refresh(client, scenario, event(deleted)["was"]).content.decode())


def test_a_save_that_changes_no_money_says_so(as_role, twenterand):
    client = as_role("kwartiermaker")
    scenario = larcom(twenterand)
    tariff = ProviderTariff.objects.get(provider__name="Larcom", task="begeleiding_beschut")
    post = tariff_post(tariff, input_text(tariff.amount, places=2), reason="Offerte Larcom, mondeling bevestigd")
    saved = client.post(f"{BASE}/tarief/{tariff.pk}/bewerken/", post, headers=HTMX)
    assert saved.status_code == 200 and ProviderTariff.objects.get(pk=tariff.pk).version == tariff.version + 1
    html = refresh(client, scenario, event(saved)["was"]).content.decode()
    assert "Laatste wijziging: geen effect op het resultaat" in visible(html)
    assert "Geen effect op het resultaat." in html[html.index(f"beforeend:#tarief-{tariff.pk}") :]
    assert "Herberekend: geen effect op het resultaat." in html


def test_an_assessment_does_not_refresh_the_result(as_role, twenterand):
    assessment = Assessment.objects.filter(scenario=larcom(twenterand)).first()
    post = {
        "scenario": assessment.scenario_id,
        "area": assessment.area_id,
        "score": 5 if assessment.score != 5 else 4,
        "rationale": assessment.rationale,
        "expected_version": assessment.version,
    }
    response = as_role("kwartiermaker").post(f"{BASE}/beoordeling/{assessment.pk}/bewerken/", post, headers=HTMX)
    assert response.status_code == 200 and "€" not in response.content.decode()
    assert event(response) == {}


def test_without_javascript_a_save_redirects_as_before(as_role, twenterand):
    tariff = ProviderTariff.objects.get(provider__name="Larcom", task="begeleiding_beschut")
    response = as_role("kwartiermaker").post(f"{BASE}/tarief/{tariff.pk}/bewerken/", tariff_post(tariff, "9.500"))
    assert response.status_code == 302 and "HX-Trigger-After-Settle" not in response.headers


def forged(dossier, scenario, element="tarief-1", **overrides) -> str:
    data = {"d": dossier.pk, "e": element, "f": {str(scenario.pk): ["1.00", "1.00"]}, **overrides}
    return signing.dumps(data, salt="scenarios.effects")


def test_figures_the_server_did_not_sign_or_of_another_dossier_or_expired_are_ignored(as_role, twenterand):
    client = as_role("kwartiermaker")
    scenario = larcom(twenterand)
    genuine = forged(twenterand, scenario)
    assert "Laatste wijziging" in refresh(client, scenario, genuine).content.decode()  # the control
    with mock.patch("django.core.signing.time.time", return_value=1_000_000_000):
        expired = forged(twenterand, scenario)
    altered = genuine.replace(genuine.split(":")[0], genuine.split(":")[0][:-2] + "xx")
    unsigned = signing.dumps({"d": twenterand.pk, "e": "tarief-1", "f": {str(scenario.pk): ["1", "1"]}}, salt="x")
    for was in [
        "",
        "abc",
        "€ 3.000.000",
        altered,
        unsigned,
        expired,
        forged(twenterand, scenario, d=DossierFactory().pk),
        forged(twenterand, scenario, f={"999999": ["1.00", "1.00"]}),
    ]:
        response = refresh(client, scenario, was)
        assert response.status_code == 200, was
        assert "Laatste wijziging" not in response.content.decode() and "save-effect" not in response.content.decode()


@pytest.mark.parametrize("role", ["werkgroep", "college"])
def test_every_member_may_read_the_refreshed_result(as_role, twenterand, role):
    scenario = larcom(twenterand)
    response = refresh(as_role(role), scenario, forged(twenterand, scenario))
    assert response.status_code == 200 and "Laatste wijziging" in response.content.decode()
    assert as_role(role).post(f"{BASE}/scenarios/{scenario.pk}/resultaat/").status_code == 405


def test_the_figures_before_a_write_are_one_read_for_any_number_of_scenarios(twenterand):
    one = larcom(twenterand)
    selectors.results_where(twenterand, Q(pk=one.pk))  # reference data kept per process, as in a running server
    with CaptureQueriesContext(connection) as single:
        assert list(selectors.results_where(twenterand, Q(pk=one.pk))) == [one.pk]
    with CaptureQueriesContext(connection) as every:
        assert len(selectors.results_where(twenterand, Q(dossier=twenterand))) == 4
    assert len(every) <= len(single) + 1  # + the staff lines of the one scenario with an eigen voorziening


def test_an_edit_computes_nothing_in_the_save_and_the_refresh_computes_now_and_was(as_role, twenterand):
    client = as_role("kwartiermaker")
    tariff = ProviderTariff.objects.get(provider__name="Larcom", task="begeleiding_beschut")
    with mock.patch("scenarios.selectors.compute", wraps=selectors.compute) as computed:
        saved = client.post(f"{BASE}/tarief/{tariff.pk}/bewerken/", tariff_post(tariff, "9.500"), headers=HTMX)
        # An edit: the save reads the tariff as stored and which scenarios use Larcom, and computes nothing.
        assert computed.call_count == 0 and event(saved)["scenarios"] == sorted(
            Scenario.objects.filter(sourcing__provider__name="Larcom").values_list("pk", flat=True).distinct()
        )
        # The refresh: the scenario now, and with the tariff's old amount put back for a moment (each its own months
        # and the current DVO's first months).
        refresh(client, larcom(twenterand), event(saved)["was"])
        assert computed.call_count == 2 * 2


def test_putting_the_old_values_back_for_was_leaves_the_result_shown_as_it_is(as_role, twenterand):
    client = as_role("kwartiermaker")
    scenario = larcom(twenterand)
    tariff = ProviderTariff.objects.get(provider__name="Larcom", task="begeleiding_beschut")
    saved = client.post(f"{BASE}/tarief/{tariff.pk}/bewerken/", tariff_post(tariff, "9.500"), headers=HTMX)
    detail = selectors.scenario_detail(twenterand, scenario.pk, result_only=True)
    shown = to_cents(detail.outcome.cumulative)
    data = signing.loads(event(saved)["was"], salt=effects._SALT)
    was = effects._was_figures(detail, data["o"])
    copies = [o for o in effects._graph(detail.outcome.scenario) if isinstance(o, ProviderTariff) and o.pk == tariff.pk]
    assert copies and all(c.amount == ProviderTariff.objects.get(pk=tariff.pk).amount for c in copies)
    assert Decimal(was[0]) < shown == to_cents(selectors.money_of(detail).cumulative)


def test_a_deletion_and_a_new_element_still_read_the_figures_before_the_write(as_role, twenterand):
    client = as_role("kwartiermaker")
    scenario = larcom(twenterand)
    cost = OneOffCost.objects.filter(scenario=scenario).first()
    with mock.patch("scenarios.selectors.compute", wraps=selectors.compute) as computed:
        deleted = client.post(f"{BASE}/eenmalig/{cost.pk}/verwijderen/", headers=HTMX)
        assert computed.call_count == 2
    assert "f" in signing.loads(event(deleted)["was"], salt=effects._SALT)


def test_the_save_and_the_refresh_read_a_bounded_number_of_queries(as_role, twenterand):
    client = as_role("kwartiermaker")
    tariff = ProviderTariff.objects.get(provider__name="Larcom", task="begeleiding_beschut")
    first = client.post(f"{BASE}/tarief/{tariff.pk}/bewerken/", tariff_post(tariff, "9.400"), headers=HTMX)
    refresh(client, larcom(twenterand), event(first)["was"])  # reference data kept per process, as in a server
    tariff.refresh_from_db()
    with CaptureQueriesContext(connection) as save:
        saved = client.post(f"{BASE}/tarief/{tariff.pk}/bewerken/", tariff_post(tariff, "9.500"), headers=HTMX)
    with CaptureQueriesContext(connection) as result:
        assert refresh(client, larcom(twenterand), event(saved)["was"]).status_code == 200
    # 13 and 11 when written: the save reads the tariff as stored and which scenarios use Larcom (an edit computes
    # nothing before the write); the refresh one scenario's read, its summary and was (the tariff's old amount).
    assert len(save) <= 14, [q["sql"] for q in save.captured_queries]
    assert len(result) <= 12, "\n".join(q["sql"][:200] for q in result.captured_queries)
