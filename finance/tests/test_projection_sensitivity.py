"""Projection, fixed-cost effect, multi-year totals and sensitivity: hand-computed cases and properties."""

from decimal import Decimal as D
from decimal import localcontext

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from finance.engine import PRECISION, EngineInputError, Inputs, compute, fixed_cost_multiplier
from finance.projection import interpolate, split
from finance.sensitivity import break_even, standard_levers, tornado, with_tariff

from .test_engine import DVO_2023, headcount

YEARS = list(range(2024, 2034))


def test_linear_projection_from_238_in_2024_to_117_in_2033():
    series = interpolate({2024: D(238), 2033: D(117)}, YEARS)
    assert series[2024] == 238 and series[2033] == 117
    assert series[2025] == D(238) - D(121) / 9  # one ninth of the way
    assert interpolate({2024: D(238), 2033: D(117)}, [2020, 2040]).tolist() == [238, 117]  # held outside


def test_geometric_projection_shrinks_by_a_constant_rate():
    series = interpolate({2024: D(238), 2033: D(117)}, YEARS, method="geometric")
    ratios = [series[y + 1] / series[y] for y in YEARS[:-1]]
    assert max(ratios) - min(ratios) < D("1e-20")
    assert abs(series[2033] - 117) < D("1e-20")


def test_explicit_values_override_the_interpolation():
    series = interpolate({2024: D(238), 2033: D(117)}, YEARS, explicit={2026: D(200)})
    assert series[2026] == 200


@settings(max_examples=80, deadline=None)
@given(
    st.dictionaries(st.integers(2020, 2040), st.integers(0, 1000), min_size=1, max_size=5),
    st.sampled_from(["linear", "geometric"]),
)
def test_projection_hits_its_anchors(anchors, method):
    anchors = {y: D(v) for y, v in anchors.items()}
    series = interpolate(anchors, range(2020, 2041), method=method)
    for year, value in anchors.items():
        assert abs(series[year] - value) < D("1e-18")


def test_split_over_werksoorten_with_fte_ratio():
    frame = split(
        interpolate({2024: D(100)}, [2024]),
        {"beschut": D("0.6"), "groepsdetachering": D("0.3")},
        {"beschut": D("0.8"), "groepsdetachering": D("0.9")},
    )
    rows = {r.werksoort: (r.nominal, r.fte) for r in frame.itertuples()}
    assert rows == {"beschut": (D(60), D(48)), "groepsdetachering": (D(30), D("27.0"))}
    with pytest.raises(EngineInputError):
        split(interpolate({2024: D(100)}, [2024]), {"beschut": D("0.7"), "groepsdetachering": D("0.4")}, {})


def test_fixed_costs_raise_the_cost_per_person_as_the_group_shrinks():
    assert fixed_cost_multiplier(D("0.4"), D(300), D(150)) == D("0.4") * 2 + D("0.6")  # 1.4
    shrunk = Inputs(
        years=(2030,),
        tariff_year=2023,
        tariffs=DVO_2023,
        fixed_share=D("0.4"),
        reference_nominal={"beschut": D(20)},
        headcount=headcount([(2030, "beschut", 10, 8)]),
    )
    # cost tariffs (7150 + 1271 + 321) × 1.4 × 10 + (−4110) × 8
    assert compute(shrunk).per_year.loc[2030, "totaal_bijdrage"] == D(8742) * D("1.4") * 10 - D(4110) * 8


def test_cumulative_and_npv():
    result = compute(
        Inputs(
            years=(2026, 2027),
            tariff_year=2023,
            tariffs=DVO_2023,
            headcount=headcount([(2026, "beschut", 10, 8), (2027, "beschut", 10, 8)]),
        )
    )
    assert result.cumulative().tolist() == [D(54540), D(109080)]
    assert result.total([2027]) == D(54540)
    with localcontext(PRECISION):
        assert result.npv(D("0.02")) == D(54540) + D(54540) / D("1.02")


def test_tornado_ranks_inputs_by_their_effect():
    inputs = Inputs(
        years=(2023,), tariff_year=2023, tariffs=DVO_2023, headcount=headcount([(2023, "beschut", 323, "257.46")])
    )
    frame = tornado(inputs, lambda i: compute(i).total(), standard_levers(), change=D("0.1"))
    total = compute(inputs).total()
    # Guidance (715 × 323 × 2 = 461,890) swings more than the group's size (20% of the net total): revenue offsets.
    assert frame.iloc[0]["key"] == "begeleiding.beschut"
    assert frame.set_index("key").loc["headcount.nominal", "swing"] == total * D("0.2")
    begeleiding = frame.set_index("key").loc["begeleiding.beschut"]
    assert begeleiding["high"] == D(715) * 323 and begeleiding["low"] == -D(715) * 323
    assert frame.set_index("key").loc["begeleiding.groepsdetachering", "swing"] == 0  # nobody in that werksoort


def test_break_even_finds_the_tariff_at_which_two_results_meet():
    base = Inputs(years=(2023,), tariff_year=2023, tariffs=DVO_2023, headcount=headcount([(2023, "beschut", 10, 8)]))
    target = compute(base).total() - D(10000)  # another provider is 10,000 cheaper in total

    def difference(tariff):
        return compute(with_tariff(base, "begeleiding", tariff, "beschut")).total() - target

    value = break_even(difference, D(7150))
    assert abs(value - (D(7150) - D(1000))) < D("0.001")  # 10,000 over 10 nominal employees
    assert break_even(lambda x: D(5), D(1)) is None
