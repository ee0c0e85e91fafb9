"""Weighting, ranking, robustness and the procurement route: pure logic, hand-computed cases."""

from decimal import Decimal as D

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from scenarios.procurement import activity_share, assess, contract_value
from scenarios.weighting import (
    WeightingError,
    check_weights,
    finance_scores,
    ranking,
    robustness,
    weighted_totals,
)

WEIGHTS = {"financien": D(40), "locatie": D(30), "begeleiding": D(30)}
SCORES = {
    "dvo": {"financien": D(5), "locatie": D(2), "begeleiding": D(4)},
    "larcom": {"financien": D(3), "locatie": D(5), "begeleiding": D(4)},
}


def test_weights_must_add_up_to_100():
    check_weights(WEIGHTS)
    with pytest.raises(WeightingError, match="90"):
        check_weights({"a": D(50), "b": D(40)})
    with pytest.raises(WeightingError):
        check_weights({"a": D(110), "b": D(-10)})


def test_finance_scores_put_the_cheapest_at_5_and_the_dearest_at_1():
    assert finance_scores({"a": D(100), "b": D(300), "c": D(200)}) == {"a": D(5), "b": D(1), "c": D(3)}
    assert finance_scores({"a": D(7), "b": D(7)}) == {"a": D(5), "b": D(5)}


def test_weighted_totals_and_ranking():
    totals = weighted_totals(SCORES, WEIGHTS)
    assert totals == {"dvo": D("3.8"), "larcom": D("3.9")}  # (200+60+120)/100, (120+150+120)/100
    assert ranking(totals) == ["larcom", "dvo"]


def apply_change(weights, area, change):
    """The weights after changing one by `change` points, the others scaled to keep 100."""
    rest = D(100) - weights[area]
    new = {a: (w * (rest - change) / rest if a != area else w + change) for a, w in weights.items()}
    return new


def test_robustness_finds_the_smallest_weight_change_that_flips_the_winner():
    result = robustness(SCORES, WEIGHTS)
    assert result.new_winner == "dvo"
    # d = larcom − dvo = (fin −2, loc +3, beg 0). Locatie (w 30, rest 70): gap 30·3 − 80 = 10, slope 3 + 80/70,
    # Δ = −2.41; financiën (w 40, rest 60): gap 10, slope −2 − 90/60, Δ = +2.86. The smaller is locatie.
    assert result.area == "locatie" and result.change == -D(10) / (D(3) + D(80) / D(70))
    just_past = apply_change(WEIGHTS, "locatie", result.change - D("0.01"))
    assert ranking(weighted_totals(SCORES, just_past))[0] == "dvo"
    just_before = apply_change(WEIGHTS, "locatie", result.change + D("0.01"))
    assert ranking(weighted_totals(SCORES, just_before))[0] == "larcom"


@settings(max_examples=60, deadline=None)
@given(st.lists(st.integers(1, 5), min_size=6, max_size=6), st.integers(5, 60), st.integers(5, 35))
def test_robustness_change_really_flips_or_none_exists(raw, w1, w2):
    weights = {"a": D(w1), "b": D(w2), "c": D(100 - w1 - w2)}
    scores = {"x": dict(zip("abc", map(D, raw[:3]), strict=True)), "y": dict(zip("abc", map(D, raw[3:]), strict=True))}
    result = robustness(scores, weights)
    winner = ranking(weighted_totals(scores, weights))[0]
    if result.change is None:
        return
    assert -weights[result.area] <= result.change <= 100 - weights[result.area]
    step = D("0.001") if result.change > 0 else D("-0.001")
    changed = apply_change(weights, result.area, result.change + step)
    if all(w >= 0 for w in changed.values()):
        a, b = changed["a"].quantize(D("0.000001")), changed["b"].quantize(D("0.000001"))
        totals = weighted_totals(scores, {"a": a, "b": b, "c": 100 - a - b})
        assert totals[result.new_winner] >= totals[winner] - D("0.001")


def test_quasi_inbesteden_is_not_sound_for_twenterand_buying_from_almelos_stichting():
    turnover = {"Almelo": D(3_000_000), "Twenterand": D(900_000), "Wierden": D(200_000)}
    assert activity_share(turnover, {"Almelo"}) == D(3_000_000) / D(4_100_000)
    result = assess(
        "quasi_inbesteden",
        buyer="Twenterand",
        controlling={"Almelo"},
        turnover=turnover,
        activity_threshold=D("0.8"),
        value=D(0),
        threshold=D(750_000),
    )
    assert not result.sound
    assert "Twenterand heeft geen toezicht" in result.reasons[0] and "73,2%" in result.reasons[1]
    almelo = assess(
        "quasi_inbesteden",
        buyer="Almelo",
        controlling={"Almelo"},
        turnover={"Almelo": D(85), "Twenterand": D(15)},
        activity_threshold=D("0.8"),
        value=D(0),
        threshold=D(750_000),
    )
    assert almelo.sound


def test_contract_value_against_the_threshold():
    value = contract_value({2026: D(300_000), 2027: D(290_000), 2028: D(-5)})
    assert value == D(590_000)
    below = assess(
        "verlengen_zonder_procedure",
        buyer="Twenterand",
        controlling={"Almelo"},
        turnover={},
        activity_threshold=D("0.8"),
        value=value,
        threshold=D(750_000),
    )
    assert below.sound and "€ 590.000" in below.reasons[0] and "onder de drempel" in below.reasons[0]
    above = assess(
        "verlengen_zonder_procedure",
        buyer="Twenterand",
        controlling={"Almelo"},
        turnover={},
        activity_threshold=D("0.8"),
        value=D(2_000_000),
        threshold=D(750_000),
    )
    assert not above.sound
