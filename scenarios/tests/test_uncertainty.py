"""Money under uncertainty on a real dossier: the stored distributions drawn over the Twenterand scenarios, held to
the slow reference (the real Decimal engine per draw), and what the CLI, a version and the page make of it."""

import io
import json
from decimal import Decimal
from unittest import mock

import numpy as np
import pytest
from django.core.cache import caches
from django.core.management import call_command
from django.urls import reverse

from documents.models import DossierVersion
from documents.services import version_publish
from dossier.models import Role
from dossier.tests.factories import MembershipFactory
from finance import uncertainty as mc
from finance.engine import to_cents
from scenarios import comparison as comparison_tables
from scenarios import uncertainty
from scenarios.forms import UncertainDriverForm
from scenarios.models import Provider, UncertainDriver
from scenarios.selectors import compare
from scenarios.tests.factories import OneOffCostFactory

pytestmark = pytest.mark.django_db
CENT = Decimal("0.01")


def at_base(comparison):
    """The dossier's drivers with every one fixed at the value the scenarios compute with."""
    baseline = comparison.baseline

    def rows(dossier):
        base = {
            "wsw_end": Decimal(baseline.end_count),
            "nieuw_beschut_growth": baseline.nieuw_beschut_growth,
            "index_rate": baseline.future_index * 100,
            "fixed_share": baseline.fixed_share * 100,
            "dvo_tariffs": Decimal(100),
            "offer": Decimal(100),
        }
        drivers = list(UncertainDriver.objects.filter(dossier=dossier).select_related("provider"))
        for row in drivers:
            row.distribution, row.most_likely = UncertainDriver.Distribution.FIXED, base[row.driver]
        return drivers

    return rows


def test_every_scenario_gets_bands_and_the_chances_sum_to_one(twenterand):
    drawn = uncertainty.run(twenterand, draws=400, seed=3)
    computed = [r for r in compare(twenterand).results if r.result is not None]
    assert {r.scenario.pk for r in drawn.outcomes} == {r.scenario.pk for r in computed}
    assert sum(drawn.bands[pk]["p_cheapest"] for pk in drawn.bands) == pytest.approx(1)
    for band in drawn.bands.values():
        assert band["cumulative"]["p10"] <= band["cumulative"]["p50"] <= band["cumulative"]["p90"]
        assert band["cumulative"]["p10"] < band["cumulative"]["p90"]  # the fixture's inputs are uncertain
        assert all(b["p10"] <= b["p50"] <= b["p90"] for b in band["yearly"].values())
    assert {d.driver for d in drawn.drivers} == set(mc.DRIVERS)  # the fixture names all six


def test_with_every_input_fixed_the_bands_are_the_computed_figures_to_the_cent(twenterand):
    """The case built from the dossier is the scenario as the comparison computes it: months, one-off costs,
    providers, the DVO baseline before the start, shares."""
    comparison = compare(twenterand)
    with mock.patch.object(uncertainty, "drivers_of", at_base(comparison)):
        drawn = uncertainty.run(twenterand, draws=3, seed=1, comparison=comparison)
    for r in comparison.results:
        band = drawn.bands[r.scenario.pk]
        assert band["cumulative"]["p10"] == band["cumulative"]["p90"]
        assert abs(band["cumulative"]["p50"] - to_cents(r.cumulative)) <= CENT
        for year, value in r.yearly.items():
            assert abs(band["yearly"][year]["p50"] - to_cents(value)) <= CENT


def test_the_bands_are_those_of_the_real_engine_run_draw_by_draw(twenterand):
    """The slow reference: the same draws, each through the Decimal engine, give the same P10/P50/P90."""
    comparison = compare(twenterand)
    prepared = uncertainty.prepare(twenterand, comparison)
    draws = mc.draw(prepared.drivers, 12, seed=5)
    drawn = uncertainty.run(twenterand, draws=12, seed=5, comparison=comparison)
    for case in prepared.cases:
        slow = mc.reference_totals(case, draws, range(12))
        for name, totals in slow.items():
            band = drawn.bands[int(name)]
            for key, value in zip(("p10", "p50", "p90"), np.percentile(totals.sum(axis=1), [10, 50, 90]), strict=True):
                assert abs(band["cumulative"][key] - Decimal(repr(float(value)))) <= CENT
            for i, year in enumerate(case.years):
                p10, p90 = np.percentile(totals[:, i], [10, 90])
                assert abs(band["yearly"][year]["p10"] - Decimal(repr(float(p10)))) <= CENT
                assert abs(band["yearly"][year]["p90"] - Decimal(repr(float(p90)))) <= CENT


def test_the_offer_moves_only_the_scenarios_that_buy_from_its_provider(twenterand):
    comparison = compare(twenterand)
    UncertainDriver.objects.filter(dossier=twenterand).exclude(driver="offer").delete()
    drawn = uncertainty.run(twenterand, draws=200, seed=9, comparison=comparison)
    larcom = Provider.objects.get(dossier=twenterand, name="Larcom")
    for r in comparison.results:
        band = drawn.bands[r.scenario.pk]["cumulative"]
        buys = any(s.provider_id == larcom.pk for s in r.scenario.sourcing.all())
        assert (band["p10"] < band["p90"]) is buys, r.scenario.name


def test_bands_are_kept_per_scenario_and_an_edit_draws_only_its_scenario_again(twenterand):
    """The comparison page draws on every visit; the bands are kept under each scenario's whole input. Kept or drawn
    apart, they are the digits of one simulation of the whole case."""
    caches["computed"].clear()
    first = uncertainty.run(twenterand, draws=300, seed=4)
    comparison = compare(twenterand)
    prepared = uncertainty.prepare(twenterand, comparison)
    together = mc.summarise(*(mc.simulate(case, mc.draw(prepared.drivers, 300, 4)) for case in prepared.cases), seed=4)
    assert first.bands == {int(name): band for name, band in together.items()}

    with mock.patch.object(mc, "simulate", wraps=mc.simulate) as simulate:
        assert uncertainty.run(twenterand, draws=300, seed=4).as_json() == first.as_json()
        assert simulate.call_count == 0
        scenario = next(r.scenario for r in comparison.results if r.result is not None)
        OneOffCostFactory(scenario=scenario, year=2028, amount=Decimal("125000.00"))
        edited = uncertainty.run(twenterand, draws=300, seed=4)
        assert simulate.call_count == 1
    caches["computed"].clear()
    assert uncertainty.run(twenterand, draws=300, seed=4).as_json() == edited.as_json()
    assert edited.bands[scenario.pk]["cumulative"] != first.bands[scenario.pk]["cumulative"]


def test_the_comparison_keeps_its_tornados_until_their_scenarios_change(client, twenterand):
    client.force_login(MembershipFactory(dossier=twenterand, role=Role.KWARTIERMAKER).user)
    url = reverse("dossier:scenario-comparison", kwargs={"slug": twenterand.slug})
    caches["computed"].clear()
    page = client.get(url).content
    with (
        mock.patch.object(comparison_tables, "tornado", wraps=comparison_tables.tornado) as levers,
        mock.patch.object(mc, "driver_tornado", wraps=mc.driver_tornado) as drivers,
    ):
        assert client.get(url).content.count(b"tornado") == page.count(b"tornado")
        assert (levers.call_count, drivers.call_count) == (0, 0)
        chosen = comparison_tables.best_choice(compare(twenterand))
        OneOffCostFactory(scenario=chosen.scenario, year=2028, amount=Decimal("125000.00"))
        client.get(url)
        assert (levers.call_count, drivers.call_count) == (1, 1)
        # Each scenario's tornado is kept apart: the untouched DVO scenario's is not computed again.
        (case, _drivers, _output), _options = drivers.call_args
        assert [s.name for s in case.scenarios] == [str(chosen.scenario.pk)]


def test_the_comparison_page_prepares_its_cases_once_for_the_bands_and_the_tornado(client, twenterand):
    client.force_login(MembershipFactory(dossier=twenterand, role=Role.KWARTIERMAKER).user)
    url = reverse("dossier:scenario-comparison", kwargs={"slug": twenterand.slug})
    with mock.patch.object(uncertainty, "drivers_of", wraps=uncertainty.drivers_of) as read:
        page = client.get(url)
    assert page.status_code == 200
    assert b"tornado-onzekerheid" in page.content  # both drew from the cases
    assert read.call_count == 1


def test_no_uncertain_inputs_no_bands(twenterand):
    UncertainDriver.objects.filter(dossier=twenterand).delete()
    assert uncertainty.run(twenterand, draws=10, seed=1) is None


def test_draws_and_seed_come_from_the_parameters_and_are_bounded(twenterand):
    drawn = uncertainty.run(twenterand)
    assert (drawn.draws, drawn.seed) == (10_000, 2026)
    for bad in ({"draws": 0}, {"draws": 100_001}, {"seed": -1}):
        with pytest.raises(uncertainty.UncertaintyError):
            uncertainty.run(twenterand, **bad)


def compare_json(*args):
    out = io.StringIO()
    call_command("scenario_compare", "--dossier", "twenterand", "--format", "json", *args, stdout=out)
    return out.getvalue()


def test_scenario_compare_adds_uncertainty_and_the_same_seed_gives_the_same_bytes(twenterand):
    first = compare_json("--draws", "500", "--seed", "11")
    assert compare_json("--draws", "500", "--seed", "11") == first
    assert compare_json("--draws", "500", "--seed", "12") != first
    rows = json.loads(first)["scenarios"]
    for row in rows:
        for key in ("name", "yearly", "cumulative", "npv", "incidental", "structural", "months", "contracts"):
            assert key in row  # every key it had is kept
        u = row["uncertainty"]
        assert (u["draws"], u["seed"]) == (500, 11)
        assert set(u["yearly"]) == set(row["yearly"])
        assert all(set(b) == {"p10", "p50", "p90"} for b in [*u["yearly"].values(), u["cumulative"]])
        assert isinstance(u["p_cheapest"], float)
    assert sum(r["uncertainty"]["p_cheapest"] for r in rows) == pytest.approx(1)
    tornado = json.loads(first)["tornado"]
    assert [row["key"] for row in tornado["rows"]][:1] and {row["key"] for row in tornado["rows"]} == set(mc.DRIVERS)
    swings = [abs(Decimal(row["high"]) - Decimal(row["low"])) for row in tornado["rows"]]
    assert swings == sorted(swings, reverse=True)  # largest swing first


def test_scenario_compare_refuses_draws_out_of_range_in_one_line(twenterand, capsys):
    with pytest.raises(SystemExit) as exit:
        call_command("scenario_compare", "--dossier", "twenterand", "--draws", "0")
    assert exit.value.code == 2
    assert len(capsys.readouterr().err.strip().splitlines()) == 1


def test_a_version_freezes_the_bands_with_their_draws_and_seed(twenterand):
    kwartiermaker = MembershipFactory(dossier=twenterand, role=Role.KWARTIERMAKER)
    version = version_publish(membership=kwartiermaker, status=DossierVersion.Status.CONCEPT)
    frozen = version.snapshot["results"]["uncertainty"]
    assert (frozen["draws"], frozen["seed"], frozen["version"]) == (10_000, 2026, uncertainty.METHOD_VERSION)
    assert [d["driver"] for d in frozen["drivers"]] == list(mc.DRIVERS)
    assert frozen["cheapest"]["p_cheapest"] == max(s["p_cheapest"] for s in frozen["scenarios"])
    # The same content frozen again (under another status: the same status is refused as a duplicate) gives the same
    # figures, because the seed is the same.
    again = version_publish(membership=kwartiermaker, status=DossierVersion.Status.TER_ADVISERING)
    assert again.snapshot["results"]["uncertainty"] == frozen and again.sha256 == version.sha256


def form(data, instance=None):
    base = {"distribution": "triangular", "status": "aanname", "set_by": "Financiën", "set_on": "2026-12-04"}
    return UncertainDriverForm(data={**base, **data}, instance=instance or UncertainDriver())


def test_percentages_and_counts_are_typed_the_dutch_way(twenterand):
    row = UncertainDriver.objects.get(dossier=twenterand, driver="index_rate")
    f = form({"driver": "index_rate", "low": "1,5%", "most_likely": "3", "high": "4,5 %", "reason": "cao"}, row)
    f.data["expected_version"] = row.version
    assert f.is_valid(), f.errors
    assert (f.cleaned_data["low"], f.cleaned_data["high"]) == (Decimal("1.5"), Decimal("4.5"))
    row = UncertainDriver.objects.get(dossier=twenterand, driver="wsw_end")
    f = form({"driver": "wsw_end", "low": "1.05", "most_likely": "117", "high": "129%", "reason": "x"}, row)
    f.data["expected_version"] = row.version
    assert not f.is_valid()
    assert "low" in f.errors and "high" in f.errors  # a dot groups thousands; a count takes no %
    assert f["low"].value() == "1.05"  # what was typed is kept


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"driver": "fixed_share", "low": "30", "most_likely": "25", "high": "40"}, "high"),  # low above most likely
        ({"driver": "fixed_share", "low": "10", "most_likely": "25", "high": "120"}, "low"),  # a share above 100%
        ({"driver": "dvo_tariffs", "low": "0", "most_likely": "100", "high": "110"}, "low"),
        ({"driver": "wsw_end", "low": "-5", "most_likely": "117", "high": "129"}, "low"),
        ({"driver": "wsw_end", "low": "105", "high": "129"}, "most_likely"),  # a triangle needs its top
        ({"driver": "wsw_end", "distribution": "normal", "most_likely": "117", "low": "100", "high": "130"}, "spread"),
    ],
)
def test_a_distribution_that_cannot_be_drawn_is_refused_beside_its_field(twenterand, data, field):
    UncertainDriver.objects.filter(dossier=twenterand, driver=data["driver"]).delete()
    row = UncertainDriver(dossier=twenterand)
    f = form({**data, "reason": "x"}, row)
    assert not f.is_valid()
    assert field in f.errors, f.errors
    assert f["low"].value() == data.get("low")  # what was typed is kept


def test_an_offer_names_a_provider_with_tariffs(twenterand):
    row = UncertainDriver.objects.get(dossier=twenterand, driver="offer")
    row.provider = None
    with pytest.raises(Exception) as refused:
        row.full_clean()
    assert "provider" in refused.value.message_dict
    row.provider = Provider.objects.get(dossier=twenterand, kind=Provider.Kind.EIGEN_VOORZIENING)
    with pytest.raises(Exception) as refused:
        row.full_clean()
    assert "provider" in refused.value.message_dict


@pytest.mark.parametrize("role", [Role.KWARTIERMAKER, Role.WERKGROEP, Role.COLLEGE])
def test_the_uncertainty_page_and_its_xlsx(client, twenterand, role, django_assert_max_num_queries):
    client.force_login(MembershipFactory(dossier=twenterand, role=role).user)
    url = reverse("dossier:finance-uncertainty", kwargs={"slug": twenterand.slug})
    with django_assert_max_num_queries(60):
        page = client.get(url)
    text = page.content.decode()
    assert page.status_code == 200
    assert "Wsw-medewerkers in het laatste jaar van de projectie" in text
    assert "105 – 117 – 129" in text
    assert "Kans goedkoopst" in text
    book = client.get(url, {"formaat": "xlsx"})
    assert book.status_code == 200 and book["Content-Type"].startswith("application/vnd.openxmlformats")
