"""The Twenterand scenarios: loaded through the services, computed by the engine, weighed and flagged."""

import io
import json
import subprocess
import sys
from dataclasses import replace
from decimal import Decimal

import pytest
from django.conf import settings
from django.core.management import call_command

from dossier.models import PopulationBaseline
from dossier.projection import projection
from finance.engine import compute, dsum, to_cents
from finance.numbers import format_money
from finance.sourcing import scenario_inputs
from scenarios.models import Scenario, Sourcing
from scenarios.selectors import compare, engine_provider

pytestmark = pytest.mark.django_db


def test_four_scenarios_with_every_service_sourced_and_a_history_row_each(twenterand):
    scenarios = Scenario.objects.filter(dossier=twenterand)
    assert sorted(scenarios.values_list("kind", flat=True)) == sorted(
        ["dvo_verlengen", "andere_aanbieder", "eigen_voorziening", "mengvorm"]
    )
    for scenario in scenarios:
        assert scenario.sourcing.count() == 9
        assert scenario.history.count() == 1
    call_command("load_scenarios", "fixtures/twenterand/scenarios.json", dossier="twenterand", stdout=io.StringIO())
    assert scenarios.count() == 4


def test_comparison_computes_scores_ranks_and_flags(twenterand):
    comparison = compare(twenterand)
    assert not comparison.flags
    by_kind = {r.scenario.kind: r for r in comparison.results}
    assert sorted(r.rank for r in comparison.results) == [1, 2, 3, 4]
    dvo = by_kind["dvo_verlengen"]
    assert dvo.years == list(range(2026, 2034))
    assert to_cents(dvo.cumulative) == to_cents(dsum(dvo.yearly.values()))
    # Renewing without a procedure while the value over the term is far above the threshold is flagged.
    assert any("drempel" in flag for flag in dvo.flags)
    # The own facility pays its start-up costs in 2026.
    own = by_kind["eigen_voorziening"]
    assert own.result.per_year.loc[2026, "extra"] >= Decimal(150000)
    assert comparison.robustness.change is not None


def test_the_dvo_scenario_starts_from_the_2024_budget_and_pays_nine_months_of_2026_under_the_current_dvo(twenterand):
    """The comparison uses the same engine: the first year is 9 months of the current DVO (the projection's
    baseline) and 3 of the scenario, plus the one-off costs in full."""
    dvo = Scenario.objects.get(dossier=twenterand, kind="dvo_verlengen")
    result = next(r for r in compare(twenterand).results if r.scenario.pk == dvo.pk)
    providers = {s.service: engine_provider(s.provider, 2033) for s in Sourcing.objects.filter(scenario=dvo)}
    ontplooj = providers["begeleiding_beschut"]
    # 12.915 × 257,46 ÷ 323 − 1.442 × 1,06 − 344 × 1,06 (Berenschot 7.7, Tabel 3, 7.4, 7.6.1)
    assert ontplooj.tariffs["begeleiding_beschut"] == Decimal("8401.25") and ontplooj.base_year == 2024
    assert ontplooj.fixed_share == Decimal("0.25")
    assert ontplooj.index[2025] == Decimal("0.03")  # the wage index per year: an aanname after 2024
    assert result.months == {2026: 3, **{y: 12 for y in range(2027, 2034)}}
    assert result.inputs.months[2026] == 3 and result.inputs.before is not None
    baseline = PopulationBaseline.objects.get(dossier=twenterand)
    baseline.first_year, baseline.last_year = 2026, 2026
    current = projection(baseline, with_charts=False).result.per_year.loc[2026, "totaal_bijdrage"]
    whole = compute(replace(result.inputs, months={}, before=None, one_off={}))
    full_year = whole.per_year.loc[2026, "totaal_bijdrage"]
    expected = current * 9 / 12 + full_year * 3 / 12 + Decimal(25000)
    assert to_cents(result.yearly[2026]) == to_cents(expected)


def test_quasi_inbesteden_from_twenterand_is_flagged(twenterand):
    dvo = Scenario.objects.get(dossier=twenterand, kind="dvo_verlengen")
    Scenario.objects.filter(pk=dvo.pk).update(route="quasi_inbesteden")
    flags = next(r for r in compare(twenterand).results if r.scenario.pk == dvo.pk).flags
    assert any("geen toezicht" in f for f in flags)


def test_weights_that_do_not_add_up_are_flagged_and_nothing_is_ranked(twenterand):
    from scenarios.models import AreaWeight

    AreaWeight.objects.filter(dossier=twenterand, area__number=6).update(weight=0)
    comparison = compare(twenterand)
    assert comparison.flags and all(r.rank is None for r in comparison.results)


def test_scenario_compare_json_and_table(twenterand):
    out = io.StringIO()
    call_command("scenario_compare", dossier="twenterand", stdout=out)
    data = json.loads(out.getvalue())
    assert len(data["scenarios"]) == 4
    row = data["scenarios"][0]
    assert set(row) >= {"name", "kind", "yearly", "cumulative", "npv", "score", "rank", "flags", "months", "per_fte"}
    assert row["months"] == {"2026": 3, **{str(y): 12 for y in range(2027, 2034)}}
    assert set(row["per_fte"]["2026"]) == {"beschut", "groepsdetachering", "individuele_detachering"}
    assert Decimal(row["per_fte"]["2026"]["beschut"]) > 0 > Decimal(row["per_fte"]["2026"]["groepsdetachering"])
    assert set(row["yearly"]) == {str(y) for y in range(2026, 2034)}
    total = sum(Decimal(v) for v in row["yearly"].values())
    assert abs(total - Decimal(row["cumulative"])) <= Decimal("0.05")  # each year rounded to cents separately
    table = io.StringIO()
    call_command("scenario_compare", dossier="twenterand", format="table", stdout=table)
    assert "Mengvorm" in table.getvalue()


@pytest.mark.parametrize("args", [["--dossier", "bestaat-niet"], ["--dossier", "twenterand", "--format", "xml"], []])
def test_scenario_compare_bad_arguments_exit_2(twenterand, args, capsys):
    with pytest.raises(SystemExit) as exc:
        call_command("scenario_compare", *args, stdout=io.StringIO(), stderr=sys.stderr)
    assert exc.value.code == 2 and "scenario_compare:" in capsys.readouterr().err


def test_scenario_compare_as_a_real_process_exits_2_without_traceback():
    result = subprocess.run(
        [sys.executable, "manage.py", "scenario_compare"], capture_output=True, text=True, cwd=settings.BASE_DIR
    )
    assert result.returncode == 2 and "--dossier" in result.stderr and "Traceback" not in result.stderr


def test_a_scenario_without_a_provider_for_every_service_is_flagged_not_computed(twenterand):
    scenario = Scenario.objects.get(dossier=twenterand, kind="mengvorm")
    Sourcing.objects.filter(scenario=scenario, service="verloning").delete()
    result = next(r for r in compare(twenterand).results if r.scenario.pk == scenario.pk)
    assert result.result is None and any("verloning" in f for f in result.flags)


def test_own_facility_and_mix_go_through_the_same_engine(twenterand):
    own = Scenario.objects.get(dossier=twenterand, kind="eigen_voorziening")
    providers = {s.service: engine_provider(s.provider, 2033) for s in Sourcing.objects.filter(scenario=own)}
    facility = providers["begeleiding_beschut"]
    assert facility.full_cost() == Decimal(
        3 * 68000 + Decimal("0.5") * 88000 + Decimal("0.5") * 75000 + Decimal("0.3") * 60000 + 60000 + 20000 + 35000
    )
    import pandas as pd

    people = pd.DataFrame(
        [
            {"year": 2026, "werksoort": w, "nominal": Decimal(10), "fte": Decimal(8)}
            for w in ("beschut", "groepsdetachering", "individuele_detachering")
        ]
    )
    assert compute(scenario_inputs(providers, people, [2026])).per_year.loc[2026, "totaal_bijdrage"] > 0


@pytest.mark.parametrize("role", ["kwartiermaker", "werkgroep", "college"])
def test_comparison_page_and_xlsx_for_every_member(client, twenterand, role):
    from dossier.models import Role
    from dossier.tests.factories import MembershipFactory

    client.force_login(MembershipFactory(dossier=twenterand, role=role).user)
    response = client.get("/d/twenterand/scenarios/vergelijking/")
    assert response.status_code == 200
    text = response.text
    assert "Mengvorm" in text and "Break-even" in text and "Robuustheid" in text
    dvo = next(r for r in compare(twenterand).results if r.scenario.kind == "dvo_verlengen")
    shown = format_money(dvo.cumulative)
    assert shown.startswith("€ 3.0") and shown in text  # the DVO scenario's cumulative, Dutch notation, whole euros
    larcom = Scenario.objects.get(dossier=twenterand, kind="andere_aanbieder")
    chosen = client.get(f"/d/twenterand/scenarios/vergelijking/?scenario={larcom.pk}")
    assert "Larcom voor beschut werk en detachering” even veel kost" in chosen.text or "Larcom" in chosen.text
    assert client.get("/d/twenterand/scenarios/vergelijking/?formaat=xlsx").status_code == 200
    assert Role  # roles come from the dossier app


def test_comparison_page_is_404_for_another_gemeente(client, twenterand):
    from dossier.tests.factories import MembershipFactory

    client.force_login(MembershipFactory().user)
    assert client.get("/d/twenterand/scenarios/vergelijking/").status_code == 404


def test_comparison_page_query_count_is_bounded(client, twenterand, django_assert_max_num_queries):
    from dossier.tests.factories import MembershipFactory

    client.force_login(MembershipFactory(dossier=twenterand, role="college").user)
    client.get("/d/twenterand/scenarios/vergelijking/")  # warm caches (content types)
    # Four scenarios: the reads are prefetched per kind of element, plus the population's index rates per scenario.
    with django_assert_max_num_queries(32):
        assert client.get("/d/twenterand/scenarios/vergelijking/").status_code == 200


def test_the_projection_baseline_is_read_once_and_again_right_after_an_edit(twenterand, django_assert_num_queries):
    """Every computation reads the baseline beside the reference data; both are kept in the reference cache while
    their generation holds, so a comparison reads neither again — and an edit through the service is in the very
    next one."""
    from dossier import services
    from dossier.models import PopulationBaseline
    from dossier.tests.factories import UserFactory
    from scenarios.selectors import scenario_detail

    scenario = Scenario.objects.get(dossier=twenterand, kind="andere_aanbieder")
    before = scenario_detail(twenterand, scenario.pk, result_only=True)
    with django_assert_num_queries(7):  # the generation and the scenario with its inputs (6); no baseline
        scenario_detail(twenterand, scenario.pk, result_only=True)
    baseline = PopulationBaseline.objects.get(dossier=twenterand)
    services.content_update(
        instance=baseline,
        data={"end_count": baseline.end_count + 40},
        user=UserFactory(),
        expected_version=baseline.version,
    )
    after = scenario_detail(twenterand, scenario.pk, result_only=True)
    assert after.baseline.end_count == baseline.end_count + 40
    assert after.outcome.cumulative != before.outcome.cumulative


def test_what_a_caller_does_to_its_baseline_stays_its_own(twenterand):
    from scenarios.selectors import scenario_detail

    scenario = Scenario.objects.get(dossier=twenterand, kind="andere_aanbieder")
    first = scenario_detail(twenterand, scenario.pk, result_only=True)
    first.baseline.share_beschut = Decimal("0.99")
    assert scenario_detail(twenterand, scenario.pk, result_only=True).baseline.share_beschut != Decimal("0.99")
