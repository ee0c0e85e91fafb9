"""Mixed sourcing and the own facility, against hand-computed cases."""

from decimal import Decimal as D

import pytest

from finance.engine import EngineInputError, compute
from finance.sourcing import SERVICES, OwnFacility, StaffLine, TariffProvider, scenario_inputs

from .test_engine import headcount

ONTPLOOJ = TariffProvider(
    "Ontplooj",
    {
        "begeleiding_beschut": D(7150),
        "begeleiding_groepsdetachering": D(4121),
        "begeleiding_individuele_detachering": D(5420),
        "opbrengst_beschut": D(-4110),
        "opbrengst_groepsdetachering": D(-8530),
        "opbrengst_individuele_detachering": D(-13727),
        "werkgeverstaken": D(1271),
        "verloning": D(321),
        "werkfit": D(2223),
        "loonwaardemeting": D(700),
        "dagbesteding": D(47),
    },
    base_year=2023,
    index={2024: D("0.06"), 2025: D("0.03")},
)
LARCOM = TariffProvider("Larcom", {"begeleiding_beschut": D(6800), "opbrengst_beschut": D(-4500)}, base_year=2025)
GEMEENTE = TariffProvider("Gemeente", {"werkgeverstaken": D(1100), "verloning": D(250)}, base_year=2025)
PEOPLE = headcount(
    [(2026, "beschut", 10, 8), (2026, "groepsdetachering", 5, 5), (2026, "individuele_detachering", 2, 2)]
)


def all_from(provider, **overrides):
    return {s: overrides.get(s, provider) for s in SERVICES}


def test_the_dvo_through_sourcing_equals_the_engine_with_index():
    inputs = scenario_inputs(all_from(ONTPLOOJ), PEOPLE, [2026])
    k = D("1.06") * D("1.03")  # 2024 and 2025; 2026 has no rate
    expected = ((D(8742) * 10 - D(4110) * 8) + (D(5713) * 5 - D(8530) * 5) + (D(7012) * 2 - D(13727) * 2)) * k
    assert compute(inputs).per_year.loc[2026, "totaal_bijdrage"] == expected


def test_a_mix_takes_each_service_from_its_own_provider():
    sourcing = all_from(ONTPLOOJ, begeleiding_beschut=LARCOM, werkgeverstaken=GEMEENTE, verloning=GEMEENTE)
    result = compute(scenario_inputs(sourcing, PEOPLE, [2026]))
    k = D("1.06") * D("1.03")
    beschut = (D(6800) + D(1100) + D(250)) * 10 - D(4500) * 8  # Larcom's own 2025 tariffs, no index after 2025
    groeps = (D(4121) * k + D(1100) + D(250)) * 5 - D(8530) * k * 5
    assert result.werksoorten.loc[(2026, "beschut"), "bijdrage"] == beschut
    assert result.werksoorten.loc[(2026, "groepsdetachering"), "bijdrage"] == groeps


FACILITY = OwnFacility(
    "Eigen voorziening",
    staff=(StaffLine("begeleider", D(2), D(70000)), StaffLine("teamleider", D("0.5"), D(90000))),
    housing=D(40000),
    material=D(10000),
    overhead=D(15000),
    revenue_per_fte=D(3000),
    reference_fte=D(10),
    fixed_share=D("0.4"),
    base_year=2026,
    startup=D(50000),
    startup_year=2026,
)


def test_own_facility_is_costed_bottom_up_with_a_fixed_share():
    assert FACILITY.full_cost() == D(140000 + 45000 + 65000)  # 250,000
    assert FACILITY.yearly_cost(D(8), 2026) == D(250000) * (D("0.4") + D("0.6") * D("0.8"))  # 220,000
    result = compute(scenario_inputs(all_from(ONTPLOOJ, begeleiding_beschut=FACILITY), PEOPLE, [2026]))
    k = D("1.06") * D("1.03")
    beschut = D(220000) + (D(1271) + D(321)) * k * 10 - D(3000) * 8
    assert result.werksoorten.loc[(2026, "beschut"), "bijdrage"] == beschut
    assert result.per_year.loc[2026, "extra"] == D(50000) + (D(2223) * 0)  # start-up costs, no units
    assert result.werksoorten.loc[(2026, "beschut"), "per_fte"] == beschut / 8


def test_fixed_costs_remain_in_a_year_without_people():
    people = headcount(
        [(2026, "beschut", 0, 0), (2026, "groepsdetachering", 5, 5), (2026, "individuele_detachering", 2, 2)]
    )
    result = compute(scenario_inputs(all_from(ONTPLOOJ, begeleiding_beschut=FACILITY), people, [2026]))
    assert result.per_year.loc[2026, "extra"] == D(50000) + D(250000) * D("0.4")


def test_one_off_costs_are_added_in_their_year():
    result = compute(scenario_inputs(all_from(ONTPLOOJ), PEOPLE, [2026], one_off={2026: D(75000), 2030: D(1)}))
    assert result.per_year.loc[2026, "extra"] == D(75000)


def test_every_service_needs_a_provider_and_payroll_cannot_be_an_own_facility():
    sourcing = all_from(ONTPLOOJ)
    del sourcing["verloning"]
    with pytest.raises(EngineInputError, match="verloning"):
        scenario_inputs(sourcing, PEOPLE, [2026])
    with pytest.raises(EngineInputError, match="werkgeverstaken"):
        scenario_inputs(all_from(ONTPLOOJ, werkgeverstaken=FACILITY), PEOPLE, [2026])
    with pytest.raises(EngineInputError, match="Larcom.begeleiding_groepsdetachering"):
        scenario_inputs(all_from(ONTPLOOJ, begeleiding_groepsdetachering=LARCOM), PEOPLE, [2026])


def test_levers_and_break_even_work_on_a_mix_of_providers():
    from finance.sensitivity import break_even, scale_tariff, standard_levers, tornado

    mix = scenario_inputs(all_from(ONTPLOOJ, begeleiding_beschut=LARCOM), PEOPLE, [2026])
    dvo_total = compute(scenario_inputs(all_from(ONTPLOOJ), PEOPLE, [2026])).total()
    frame = tornado(mix, lambda i: compute(i).total() - dvo_total, standard_levers())
    assert frame.set_index("key").loc["begeleiding.beschut", "swing"] == D(6800) * 10 * D("0.2")
    factor = break_even(lambda f: compute(scale_tariff(mix, "begeleiding", f, "beschut")).total() - dvo_total, D(1))
    # Larcom's beschut tariff at which the mix costs what the DVO costs:
    k = D("1.06") * D("1.03")
    dvo_beschut = (D(8742) * k) * 10 - D(4110) * k * 8
    larcom_other = (D(1271) + D(321)) * k * 10 - D(4500) * 8
    assert abs(D(6800) * factor - (dvo_beschut - larcom_other) / 10) < D("0.01")


def test_a_service_not_bought_costs_nothing_in_the_baseline():
    """Tubbergen buys beschut werk and verloning from Ontplooj; SPN does its werkgeverstaken (Berenschot 3.2)."""
    from finance.engine import Inputs
    from finance.sourcing import bought

    from .test_engine import DVO_2023

    people = headcount([(2023, "beschut", 10, 8), (2023, "groepsdetachering", 5, 5)])

    def total(services):
        tariffs = bought(DVO_2023, services)
        return compute(Inputs(years=(2023,), tariff_year=2023, tariffs=tariffs, headcount=people)).total()

    assert bought(DVO_2023, SERVICES) is DVO_2023
    everything = total(SERVICES)
    # Without werkgeverstaken: 15 people × 1,271 less.
    assert everything - total([s for s in SERVICES if s != "werkgeverstaken"]) == D(15 * 1271)
    # Without groepsdetachering's begeleiding its revenue goes too: 5 × (4,121 + 1,271 + 321) − 5 × 8,530 stays
    # only for werkgeverstaken and verloning: 5 × (1,271 + 321).
    only_beschut = total(["begeleiding_beschut", "werkgeverstaken", "verloning"])
    assert only_beschut == D(10 * (7150 + 1271 + 321) - 8 * 4110 + 5 * (1271 + 321))
    with pytest.raises(EngineInputError, match="onbekende dienst: koffie"):
        bought(DVO_2023, ["koffie"])


def test_an_own_facility_buys_its_housing_material_and_overhead_from_others():
    from finance.sourcing import own_purchases

    facility = OwnFacility(
        "Eigen",
        staff=(StaffLine("begeleider", D(2), D(60000)),),
        housing=D(20000),
        material=D(10000),
        overhead=D(10000),
        revenue_per_fte=D(0),
        reference_fte=D(8),
        fixed_share=D(0),
        base_year=2026,
    )
    people = headcount([(2026, "beschut", 10, 8), (2027, "beschut", 10, 4)])
    bought = own_purchases(all_from(ONTPLOOJ, begeleiding_beschut=facility), people, (2026, 2027), months={2026: 3})
    # Full cost 160,000, purchases 40,000 (25%). 2026: 8 fte = the reference, 3 months: 40,000 × 3/12 = 10,000.
    # 2027: 4 fte, nothing fixed: half the size, 20,000.
    assert bought == {"begeleiding_beschut": {2026: D(10000), 2027: D(20000)}}
