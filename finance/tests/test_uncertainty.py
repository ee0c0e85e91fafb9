"""Monte Carlo over the drivers: the vectorised path against the plain Decimal loop of the same model."""

from dataclasses import replace
from decimal import Decimal as D

import numpy as np
import pytest

from finance.engine import EngineInputError, Tariffs, to_cents
from finance.sourcing import SERVICES, OwnFacility, StaffLine, TariffProvider
from finance.uncertainty import (
    Case,
    Driver,
    Population,
    Scenario,
    bands,
    draw,
    engine_results,
    reference_totals,
    scenario_bands,
    shared,
    simulate,
    summarise,
)

YEARS = tuple(range(2026, 2031))
KNOWN = {2024: D("0.06"), 2025: D("0.03")}
FUTURE = D("0.025")
INDEX = KNOWN | {y: FUTURE for y in YEARS}
DVO_TARIFFS = {
    "begeleiding_beschut": D(7150),
    "begeleiding_groepsdetachering": D(4121),
    "begeleiding_individuele_detachering": D(5420),
    "opbrengst_beschut": D(-4110),
    "opbrengst_groepsdetachering": D(-8530),
    "opbrengst_individuele_detachering": D(-13727),
    "werkgeverstaken": D(1271),
    "verloning": D(321),
}
ONTPLOOJ = TariffProvider("Ontplooj", DVO_TARIFFS, base_year=2023, index=INDEX, fixed_share=D("0.3"))
LARCOM = TariffProvider(
    "Larcom",
    {"begeleiding_beschut": D(6800), "opbrengst_beschut": D(-4500), "terugvalfaciliteit": D(150)},
    base_year=2025,
    index=INDEX,
)
GEMEENTE = TariffProvider("Gemeente", {"werkgeverstaken": D(1100), "verloning": D(250)}, base_year=2025, index=INDEX)
EIGEN = OwnFacility(
    name="Eigen werkbedrijf",
    staff=(StaffLine("begeleider", D(6), D(72000)), StaffLine("leiding", D(1), D(95000))),
    housing=D(120000),
    material=D(40000),
    overhead=D(60000),
    revenue_per_fte=D(3000),
    reference_fte=D(60),
    fixed_share=D("0.6"),
    base_year=2025,
    startup=D(250000),
    startup_year=2026,
    index=INDEX,
)
POPULATION = Population(
    start_year=2024,
    start_count=D(238),
    end_year=2030,
    end_count=D(117),
    shares={"beschut": D("0.5"), "groepsdetachering": D("0.3"), "individuele_detachering": D("0.2")},
    fte_ratio={"beschut": D("0.8"), "groepsdetachering": D("0.93"), "individuele_detachering": D("0.84")},
    nieuw_beschut=D(4),
    nieuw_beschut_growth=D(2),
    nieuw_beschut_at_provider=D("0.5"),
    share_overige=D("0.1"),
    share_overige_werkgeverstaken=D("0.05"),
)


def all_from(provider, **overrides):
    return {s: overrides.get(s, provider) for s in SERVICES}


CASE = Case(
    years=YEARS,
    population=POPULATION,
    tariffs=Tariffs(
        begeleiding={w: DVO_TARIFFS[f"begeleiding_{w}"] for w in POPULATION.shares},
        opbrengst={w: DVO_TARIFFS[f"opbrengst_{w}"] for w in POPULATION.shares},
        werkgeverstaken=DVO_TARIFFS["werkgeverstaken"],
        verloning=DVO_TARIFFS["verloning"],
    ),
    tariff_year=2023,
    index=INDEX,
    known_index=frozenset(KNOWN),
    fixed_share=D("0.3"),
    scenarios=(
        Scenario("DVO", all_from(ONTPLOOJ)),
        Scenario(
            "Mix",
            all_from(
                ONTPLOOJ,
                begeleiding_beschut=LARCOM,
                terugvalfaciliteit=LARCOM,
                werkgeverstaken=GEMEENTE,
                verloning=GEMEENTE,
            ),
            months={2026: 3},
            one_off={2026: D(80000), 2027: D(20000)},
        ),
        Scenario(
            "Eigen",
            all_from(
                GEMEENTE,
                begeleiding_beschut=EIGEN,
                begeleiding_groepsdetachering=EIGEN,
                begeleiding_individuele_detachering=ONTPLOOJ,
            ),
            months={2026: 3},
        ),
    ),
)
DRIVERS = [
    Driver("wsw_end", "triangular", (D(95), D(117), D(140)), label="Wsw in 2030"),
    Driver("nieuw_beschut_growth", "uniform", (D(0), D(5))),
    Driver("index_rate", "normal", (D("0.025"), D("0.01"), D("0.0"), D("0.06"))),
    Driver("fixed_share", "triangular", (D("0.2"), D("0.3"), D("0.5"))),
    Driver("dvo_tariffs", "uniform", (D("0.95"), D("1.1"))),
    Driver("offer", "triangular", (D("0.9"), D(1), D("1.25"))),
]


def test_the_fast_path_equals_the_decimal_reference_per_draw_within_a_cent():
    draws = draw(DRIVERS, 50, seed=7)
    fast = simulate(CASE, draws)
    slow = reference_totals(CASE, draws, range(50))
    for name, totals in slow.items():
        assert np.abs(fast.yearly[name] - totals).max() < 0.01, name


def test_each_scenario_simulated_apart_with_what_the_case_shares_gives_the_same_digits():
    """The comparison draws each scenario apart (each is kept apart) and computes the part of the case they share
    (population, the DVO before the scenario) once: the same arrays, to the last bit, as drawing them together."""
    draws = draw(DRIVERS, 200, seed=5)
    together = simulate(CASE, draws)
    common = shared(CASE, draws)
    for scenario in CASE.scenarios:
        alone = simulate(replace(CASE, scenarios=(scenario,)), draws, common=common)
        assert np.array_equal(alone.yearly[scenario.name], together.yearly[scenario.name]), scenario.name
    assert np.array_equal(shared(CASE, draws).before_w, common.before_w)  # nothing it was handed to changed it


@pytest.mark.parametrize(
    "variant",
    [
        lambda case: replace(case, population=replace(case.population, method="geometric")),
        # Nobody in individuele detachering: the own facility's fixed costs remain as extra amounts.
        lambda case: replace(
            case,
            population=replace(case.population, shares=case.population.shares | {"individuele_detachering": D(0)}),
            scenarios=tuple(
                replace(s, sourcing=s.sourcing | {"begeleiding_individuele_detachering": EIGEN})
                for s in case.scenarios[1:]
            ),
        ),
        # Tariffs of a year between the anchors: the reference volume moves with the drawn Wsw count.
        lambda case: replace(case, tariff_year=2027),
        # Without the fixed-share driver the DVO provider keeps its own share, whatever the baseline's.
        lambda case: replace(case, fixed_share=D("0.1")),
    ],
    ids=["geometric", "own facility without people", "reference volume drawn", "fixed share not drawn"],
)
def test_the_fast_path_follows_the_reference_in_other_shapes_of_case(variant):
    case = variant(CASE)
    draws = draw([d for d in DRIVERS if d.name != "fixed_share" or case.fixed_share == CASE.fixed_share], 20, seed=8)
    fast = simulate(case, draws)
    for name, totals in reference_totals(case, draws, range(20)).items():
        assert np.abs(fast.yearly[name] - totals).max() < 0.01, name


def test_the_same_seed_gives_identical_figures_and_another_seed_other_ones():
    first = summarise(simulate(CASE, draw(DRIVERS, 200, seed=11)), seed=11)
    again = summarise(simulate(CASE, draw(list(reversed(DRIVERS)), 200, seed=11)), seed=11)
    other = summarise(simulate(CASE, draw(DRIVERS, 200, seed=12)), seed=12)
    assert first == again
    assert first["Mix"]["cumulative"] != other["Mix"]["cumulative"]


def test_with_every_driver_fixed_the_bands_collapse_to_the_engines_figure():
    # The index driver sets the rate of every unpublished year for all providers: the case's own rate is FUTURE.
    fixed = [
        Driver("wsw_end", "fixed", (D(117),)),
        Driver("nieuw_beschut_growth", "fixed", (D(2),)),
        Driver("index_rate", "fixed", (FUTURE,)),
        Driver("fixed_share", "fixed", (D("0.3"),)),
        Driver("dvo_tariffs", "fixed", (D(1),)),
        Driver("offer", "fixed", (D(1),)),
    ]
    bands = summarise(simulate(CASE, draw(fixed, 20, seed=1)), seed=1)
    for name, result in engine_results(CASE).items():
        for year, amount in result.column("totaal_bijdrage").items():
            assert bands[name]["yearly"][year] == dict.fromkeys(("p10", "p50", "p90"), to_cents(amount))
        assert bands[name]["cumulative"]["p50"] == to_cents(result.total())


def test_the_chances_of_being_cheapest_sum_to_one_and_the_percentiles_are_ordered():
    bands = summarise(simulate(CASE, draw(DRIVERS, 500, seed=3)), seed=3)
    assert sum(b["p_cheapest"] for b in bands.values()) == pytest.approx(1)
    for b in bands.values():
        assert b["draws"] == 500 and b["seed"] == 3
        for band in (*b["yearly"].values(), b["cumulative"]):
            assert band["p10"] <= band["p50"] <= band["p90"]


def test_a_tie_is_split_evenly():
    twin = replace(CASE, scenarios=(CASE.scenarios[0], replace(CASE.scenarios[0], name="DVO bis")))
    bands = summarise(simulate(twin, draw(DRIVERS, 10, seed=5)), seed=5)
    assert bands["DVO"]["p_cheapest"] == bands["DVO bis"]["p_cheapest"] == 0.5


@pytest.mark.parametrize(
    ("driver", "key"),
    [
        (lambda: Driver("weer", "fixed", (D(1),)), "drivers.weer"),
        (lambda: Driver("offer", "triangular", (D(1), D(2))), "drivers.offer"),
        (lambda: Driver("offer", "triangular", (D(2), D(1), D(3))), "drivers.offer"),
        (lambda: Driver("offer", "normal", (D(1), D(0), D(0), D(2))), "drivers.offer"),
    ],
)
def test_a_driver_that_makes_no_sense_is_refused_with_a_dutch_message(driver, key):
    with pytest.raises(EngineInputError) as error:
        driver()
    assert error.value.key == key


def test_a_case_the_engine_refuses_is_refused_by_the_simulation_too():
    case = replace(CASE, population=replace(POPULATION, shares=POPULATION.shares | {"beschut": D("0.9")}))
    with pytest.raises(EngineInputError) as error:
        simulate(case, draw(DRIVERS, 10, seed=1))
    assert error.value.key == "shares"


def test_the_yearly_bands_of_a_scenario_are_each_years_own_percentiles():
    """scenario_bands takes the percentiles of every year in one call: the same digits as bands() of each year."""
    simulation = simulate(CASE, draw(DRIVERS, 999, seed=21))
    for name, totals in simulation.yearly.items():
        yearly = scenario_bands(simulation, name, seed=21)["yearly"]
        assert yearly == {year: bands(totals[:, i]) for i, year in enumerate(simulation.years)}, name
