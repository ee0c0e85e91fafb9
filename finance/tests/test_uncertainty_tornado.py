"""The drivers' percentiles and the tornado over the drivers: hand values, and the exact engine run by hand."""

from dataclasses import replace
from decimal import Decimal as D

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from finance.engine import EngineInputError
from finance.uncertainty import (
    Driver,
    apply,
    cumulative,
    difference,
    draw,
    driver_tornado,
    engine_results,
    values_label,
)

from .test_uncertainty import CASE, DRIVERS, POPULATION

# ------------------------------------------------------------------------------------------------ percentiles


def test_the_percentiles_of_a_triangle_by_its_inverse_cdf():
    """Triangle low 100, mode 117, high 135: the mode lies at F = 17/35 ≈ 0.486.
    P10 < the mode: 100 + √(0.1 · 35 · 17) = 100 + √59.5 = 107.7136243…
    P90 > the mode: 135 − √(0.1 · 35 · 18) = 135 − √63 = 127.0627460…
    P50 > the mode too: 135 − √(0.5 · 35 · 18) = 135 − √315 = 117.2517612…"""
    wsw = Driver("wsw_end", "triangular", (D(100), D(117), D(135)))
    assert wsw.percentile(10) == D("107.713624")
    assert wsw.percentile(90) == D("127.062746")
    assert wsw.percentile(50) == D("117.251761")
    assert (wsw.percentile(0), wsw.percentile(100)) == (D(100), D(135))


def test_the_percentiles_of_a_uniform_distribution_are_linear():
    tariffs = Driver("dvo_tariffs", "uniform", (D("0.95"), D("1.1")))
    assert (tariffs.percentile(10), tariffs.percentile(90)) == (D("0.965"), D("1.085"))


def test_the_percentiles_of_a_truncated_normal():
    """Index rate: mean 2,5%, sd 1%, cut to [0%, 6%], i.e. to z in [−2.5, 3.5].
    Φ(−2.5) = 0.0062097, Φ(3.5) = 0.9997674: the range holds 0.9935577 of the mass.
    P10: Φ(z) = 0.0062097 + 0.1 · 0.9935577 = 0.1055654, z = −1.250462, rate 0.025 − 0.0125046 = 0.0124954.
    P90: Φ(z) = 0.0062097 + 0.9 · 0.9935577 = 0.9004117, z = 1.283900, rate 0.025 + 0.0128390 = 0.0378390."""
    index = Driver("index_rate", "normal", (D("0.025"), D("0.01"), D(0), D("0.06")))
    assert index.percentile(10) == D("0.012495")
    assert index.percentile(90) == D("0.037839")
    assert (index.percentile(0), index.percentile(100)) == (D(0), D("0.06"))
    # Cut far from the mean, the untruncated z of 0.9 remains: 1.2815516.
    wide = Driver("index_rate", "normal", (D(0), D(1), D(-50), D(50)))
    assert wide.percentile(90) == D("1.281552") == -wide.percentile(10)


def test_a_truncated_normal_far_in_a_tail_keeps_its_digits_on_both_sides():
    # 9 to 10 sd above the mean: 1 + erf would round both ends' CDF to 1.
    above = Driver("index_rate", "normal", (D(0), D(1), D(9), D(10)))
    below = Driver("index_rate", "normal", (D(0), D(1), D(-10), D(-9)))
    assert D(9) < above.percentile(10) < above.percentile(90) < D(10)
    assert above.percentile(10) == -below.percentile(90)
    with pytest.raises(EngineInputError) as error:
        Driver("index_rate", "normal", (D(0), D(1), D(40), D(41))).percentile(10)
    assert error.value.key == "drivers.index_rate"


def test_a_fixed_driver_is_its_value_at_every_percentile():
    share = Driver("fixed_share", "fixed", (D("0.3"),))
    assert share.percentile(10) == share.percentile(90) == D("0.3")


def test_a_percentile_outside_0_to_100_is_refused():
    with pytest.raises(EngineInputError):
        DRIVERS[0].percentile(110)


@pytest.mark.parametrize("driver", DRIVERS, ids=lambda d: d.name)
def test_a_tenth_of_the_draws_lies_below_p10_and_a_tenth_above_p90(driver):
    values = draw([driver], 40_000, seed=16)[driver.name]
    assert np.mean(values < float(driver.percentile(10))) == pytest.approx(0.1, abs=0.006)
    assert np.mean(values > float(driver.percentile(90))) == pytest.approx(0.1, abs=0.006)


@settings(max_examples=60, deadline=None)
@given(
    st.lists(st.integers(-500, 500), min_size=3, max_size=3, unique=True).map(sorted),
    st.sampled_from(["uniform", "triangular", "normal"]),
)
def test_percentiles_stay_in_the_range_and_never_go_down(points, kind):
    low, middle, high = (D(v) / 100 for v in points)
    params = {
        "uniform": (low, high),
        "triangular": (low, middle, high),
        "normal": (middle, (high - low) / 2, low, high),
    }[kind]
    driver = Driver("offer", kind, params)
    values = [driver.percentile(p) for p in range(0, 101, 5)]
    assert values == sorted(values)
    assert values[0] == low and values[-1] == high


# ------------------------------------------------------------------------------------------------ the tornado

MIX_AGAINST_DVO = cumulative("Mix", against="DVO")


def test_each_driver_alone_at_p10_and_p90_through_the_exact_engine():
    """wsw_end is the triangle 95 / 117 / 140: P10 = 95 + √(0.1 · 45 · 22) = 95 + √99 = 104.949874,
    P90 = 140 − √(0.1 · 45 · 23) = 140 − √103.5 = 129.826505. Its effect is the engine run with only the Wsw
    count of 2030 replaced."""
    frame = driver_tornado(CASE, DRIVERS, MIX_AGAINST_DVO).set_index("key")
    row = frame.loc["wsw_end"]
    assert (row.low_value, row.high_value) == (D("104.949874"), D("129.826505"))
    assert row.label == "Wsw in 2030"

    def mix_minus_dvo(end_count):
        results = engine_results(replace(CASE, population=replace(POPULATION, end_count=end_count)))
        return results["Mix"].total() - results["DVO"].total()

    assert row.low == mix_minus_dvo(D("104.949874")) - mix_minus_dvo(D(117))
    assert row.high == mix_minus_dvo(D("129.826505")) - mix_minus_dvo(D(117))
    assert row.swing == abs(row.high - row.low) > 0


def test_the_offer_moves_only_the_scenarios_that_buy_from_its_provider():
    # Only "Mix" buys from Larcom (begeleiding beschut, terugvalfaciliteit).
    for name, moved in (("DVO", False), ("Mix", True), ("Eigen", False)):
        row = driver_tornado(CASE, DRIVERS, cumulative(name)).set_index("key").loc["offer"]
        assert (row.low != 0 and row.high != 0) is moved, name
        assert (row.swing > 0) is moved, name
    row = driver_tornado(CASE, DRIVERS, cumulative("Mix")).set_index("key").loc["offer"]
    offer_high = engine_results(apply(CASE, {"offer": row.high_value}))["Mix"].total()
    assert row.high == offer_high - engine_results(CASE)["Mix"].total() > 0  # a dearer offer costs the gemeente more


def test_the_rows_come_largest_swing_first():
    frame = driver_tornado(CASE, DRIVERS, MIX_AGAINST_DVO)
    assert sorted(frame["key"]) == sorted(d.name for d in DRIVERS)
    swings = list(frame["swing"])
    assert swings == sorted(swings, reverse=True)
    assert list(frame.columns) == ["key", "label", "low_value", "high_value", "low", "high", "swing"]
    # Cheaper DVO tariffs make the DVO cheaper, so "Mix" costs relatively more, and the other way round.
    dvo = frame.set_index("key").loc["dvo_tariffs"]
    assert dvo.low > 0 > dvo.high


def test_a_driver_not_given_is_not_a_row_and_a_fixed_one_does_not_swing():
    fixed = Driver("fixed_share", "fixed", (D("0.4"),))
    frame = driver_tornado(CASE, [fixed, DRIVERS[0]], MIX_AGAINST_DVO).set_index("key")
    assert sorted(frame.index) == ["fixed_share", "wsw_end"]
    row = frame.loc["fixed_share"]
    assert row.label == "fixed_share"  # no label given: the caller names it
    assert row.low_value == row.high_value == D("0.4")
    assert row.swing == 0 and row.low == row.high != 0  # 40% differs from the case's own 30%


def test_computing_only_the_scenarios_the_output_reads_changes_nothing():
    everything = driver_tornado(CASE, DRIVERS, MIX_AGAINST_DVO)
    two = driver_tornado(CASE, DRIVERS, MIX_AGAINST_DVO, scenarios={"Mix", "DVO"})
    assert everything.equals(two)
    with pytest.raises(EngineInputError) as error:
        driver_tornado(CASE, DRIVERS, MIX_AGAINST_DVO, scenarios={"Mix", "Weer"})
    assert error.value.key == "scenarios"


def test_a_driver_given_twice_is_refused():
    with pytest.raises(EngineInputError) as error:
        driver_tornado(CASE, [DRIVERS[0], DRIVERS[0]], MIX_AGAINST_DVO)
    assert error.value.key == "drivers"


@pytest.mark.parametrize(
    ("key", "low", "high", "text"),
    [
        ("wsw_end", D("104.949874"), D("129.826505"), "105 – 130"),
        ("wsw_end", D("1117.5"), D("1127.4"), "1.118 – 1.127"),
        ("nieuw_beschut_growth", D("0.5"), D("4.5"), "0,5 – 4,5"),
        ("nieuw_beschut_growth", D(2), D(2), "2"),
        ("index_rate", D("0.012495"), D("0.037839"), "1,2% – 3,8%"),
        ("fixed_share", D("0.254772"), D("0.42254"), "25,5% – 42,3%"),
        ("fixed_share", D("0.3"), D("0.3"), "30%"),
        ("dvo_tariffs", D("0.965"), D("1.085"), "96,5% – 108,5%"),
        ("offer", D("0.959161"), D("1.1"), "95,9% – 110%"),
        ("offer", D("0.9996"), D("1.0004"), "99,96% – 100,04%"),  # a decimal more where they would read alike
    ],
)
def test_the_values_label_read_in_dutch_per_unit(key, low, high, text):
    assert values_label(key, low, high) == text


def test_a_kept_headcount_is_the_computed_one_and_each_caller_gets_its_own_copy():
    from finance import uncertainty_model

    uncertainty_model._HEADCOUNTS.clear()
    years = list(CASE.years)
    first, first_overige = uncertainty_model.headcount(POPULATION, years)
    first.loc[:, "nominal"] = 0  # a caller changing its frame
    again, again_overige = uncertainty_model.headcount(POPULATION, years)
    fresh, fresh_overige = uncertainty_model._headcount(POPULATION, years)
    assert again.equals(fresh) and again_overige.equals(fresh_overige)
    other = replace(POPULATION, end_count=POPULATION.end_count + 10)
    assert not uncertainty_model.headcount(other, years)[0].equals(fresh), "another population is computed anew"
    for n in range(uncertainty_model._HEADCOUNTS_KEPT * 2):
        uncertainty_model.headcount(replace(POPULATION, end_count=POPULATION.end_count + n), years)
    assert len(uncertainty_model._HEADCOUNTS) <= uncertainty_model._HEADCOUNTS_KEPT


def test_the_tornado_of_a_difference_is_the_difference_of_the_two_tornados():
    """Each scenario's tornado can be kept apart (an edit of one computes only that one again): the two combined give
    the tornado of the difference, in the same order, to the cent and far below it."""
    together = driver_tornado(CASE, DRIVERS, MIX_AGAINST_DVO)
    apart = difference(
        driver_tornado(CASE, DRIVERS, cumulative("Mix")), driver_tornado(CASE, DRIVERS, cumulative("DVO"))
    )
    assert list(apart.columns) == list(together.columns)
    assert list(apart["key"]) == list(together["key"])
    assert list(apart["label"]) == list(together["label"])
    assert list(apart["low_value"]) == list(together["low_value"])
    for column in ("low", "high", "swing"):
        for a, b in zip(apart[column], together[column], strict=True):
            assert abs(a - b) < D("1e-15")


def test_a_difference_of_tornados_over_other_drivers_is_refused():
    with pytest.raises(EngineInputError) as error:
        difference(
            driver_tornado(CASE, DRIVERS, cumulative("Mix")), driver_tornado(CASE, DRIVERS[:2], cumulative("DVO"))
        )
    assert error.value.key == "drivers"
