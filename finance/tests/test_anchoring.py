"""The forecast anchored on the documents: the 2024 budget as tariffs, a first year partly under the current DVO,
and a fixed share of a provider's costs. Every expected value is computed by hand in Decimal."""

from decimal import Decimal as D

import pandas as pd
import pytest

from finance.basis import budget_basis
from finance.engine import EngineInputError, Inputs, Tariffs, compute, to_cents
from finance.sourcing import TariffProvider, scenario_inputs

W = ("beschut", "groepsdetachering", "individuele_detachering")

# Berenschot 7.7 (2024 begroot, per fte), Tabel 3 (2023 nominal, Wsw + nieuw beschut), 7.5 ÷ 7.7 (2023 fte),
# 7.4 (realised 2023 per unit) and 7.6.1 (wage index 2024).
COSTS = {"beschut": D(12915), "groepsdetachering": D(7830), "individuele_detachering": D(9614)}
REVENUE = {"beschut": D(4446), "groepsdetachering": D(9401), "individuele_detachering": D(16341)}
NOMINAL = {"beschut": D(323), "groepsdetachering": D(126), "individuele_detachering": D(80)}
FTE = {"beschut": D("257.46"), "groepsdetachering": D("118.2"), "individuele_detachering": D("67.14")}
REALISED = {"werkgeverstaken": D(1442), "verloning": D(344), "werkfit": D(2951), "loonwaardemeting": D(565)}
REALISED["dagbesteding"] = D(33)


def basis() -> dict[str, D]:
    return {s.task: s.amount for s in budget_basis(COSTS, REVENUE, NOMINAL, FTE, REALISED, D("0.06"))}


def test_the_budget_basis_gives_back_the_printed_2024_result_per_fte():
    amounts = basis()
    assert amounts["werkgeverstaken"] == D("1528.52") and amounts["verloning"] == D("364.64")  # 1.442 × 1,06
    # 12.915 × 257,46 ÷ 323 = 10.294,41…; minus 1.528,52 and 364,64
    assert amounts["begeleiding_beschut"] == D("8401.25")
    assert amounts["opbrengst_groepsdetachering"] == D("-9401.00")
    printed = {"beschut": D(8469), "groepsdetachering": D(-1571), "individuele_detachering": D(-6727)}
    for w in W:
        cost = amounts[f"begeleiding_{w}"] + amounts["werkgeverstaken"] + amounts["verloning"]
        per_fte = cost * NOMINAL[w] / FTE[w] + amounts[f"opbrengst_{w}"]
        assert abs(per_fte - printed[w]) < D("0.05"), w  # cents rounded in the stored tariffs only


def test_the_budget_basis_refuses_missing_figures():
    with pytest.raises(EngineInputError) as exc:
        budget_basis({**COSTS, "beschut": None}, REVENUE, NOMINAL, FTE, REALISED, D("0.06"))
    assert exc.value.key == "costs.beschut"


def tariffs(begeleiding: D) -> Tariffs:
    return Tariffs(
        begeleiding={w: begeleiding for w in W},
        opbrengst={w: D(-500) for w in W},
        werkgeverstaken=D(100),
        verloning=D(10),
    )


def people(year=2026, nominal=10, fte=8, werksoorten=("beschut",)) -> pd.DataFrame:
    return pd.DataFrame(
        [{"year": year, "werksoort": w, "nominal": D(nominal), "fte": D(fte)} for w in werksoorten],
        columns=["year", "werksoort", "nominal", "fte"],
    )


def test_a_first_year_of_three_months_pays_nine_under_the_arrangement_before_and_one_off_costs_in_full():
    before = compute(Inputs(years=(2026,), tariff_year=2026, tariffs=tariffs(D(2000)), headcount=people()))
    # before: (2.000 + 100 + 10) × 10 − 500 × 8 = 17.100; after: (1.000 + 110) × 10 − 4.000 = 7.100
    assert before.per_year.loc[2026, "totaal_bijdrage"] == D(17100)
    after = Inputs(
        years=(2026,),
        tariff_year=2026,
        tariffs=tariffs(D(1000)),
        headcount=people(),
        months={2026: 3},
        before=before,
        one_off={2026: D(5000)},
    )
    result = compute(after)
    # 17.100 × 9/12 + 7.100 × 3/12 = 12.825 + 1.775 = 14.600; plus 5.000 one-off
    assert result.per_year.loc[2026, "bijdrage_werksoorten"] == D(14600)
    assert result.per_year.loc[2026, "totaal_bijdrage"] == D(19600)
    assert result.werksoorten.loc[(2026, "beschut"), "per_fte"] == D(1825)  # 14.600 ÷ 8
    alone = compute(Inputs(**{**after.__dict__, "before": None}))
    assert alone.per_year.loc[2026, "totaal_bijdrage"] == D(1775) + D(5000)  # nine months of nothing


@pytest.mark.parametrize("months", [13, -1, "3"])
def test_months_outside_a_year_are_refused(months):
    with pytest.raises(EngineInputError) as exc:
        compute(
            Inputs(years=(2026,), tariff_year=2026, tariffs=tariffs(D(1)), headcount=people(), months={2026: months})
        )
    assert exc.value.key == "months.2026"


def provider(name, fixed_share=D(0)) -> TariffProvider:
    amounts = {f"begeleiding_{w}": D(1000) for w in W} | {f"opbrengst_{w}": D(-500) for w in W}
    amounts |= {"werkgeverstaken": D(100), "verloning": D(10)}
    return TariffProvider(name, amounts, 2026, fixed_share=fixed_share)


def sourcing(main, employer=None):
    employer = employer or main
    services = {f"begeleiding_{w}": main for w in W} | {"werkgeverstaken": employer, "verloning": employer}
    return services | {t: main for t in ("werkfit", "loonwaardemeting", "dagbesteding")}


def test_a_fixed_share_costs_more_per_person_as_the_group_shrinks():
    ontplooj = provider("Ontplooj", D("0.25"))
    group = people(werksoorten=W)
    reference = {w: D(20) for w in W}  # half of the reference volume: factor 0,25 × 20 ÷ 10 + 0,75 = 1,25
    result = compute(scenario_inputs(sourcing(ontplooj), group, [2026], reference_nominal=reference))
    # (1.000 + 100 + 10) × 1,25 × 10 − 500 × 8 = 13.875 − 4.000 = 9.875 per werksoort
    assert result.werksoorten.loc[(2026, "beschut"), "bijdrage"] == D(9875)
    # werkgeverstaken and verloning from a provider with plain tariffs: 1.000 × 1,25 + 110 = 1.360 per person
    mixed = compute(
        scenario_inputs(sourcing(ontplooj, provider("Gemeente")), group, [2026], reference_nominal=reference)
    )
    assert mixed.werksoorten.loc[(2026, "beschut"), "bijdrage"] == D(9600)
    # At the reference volume the tariffs hold as they are.
    same = compute(scenario_inputs(sourcing(ontplooj), people(nominal=20, fte=16, werksoorten=W), [2026]))
    assert same.werksoorten.loc[(2026, "beschut"), "bijdrage"] == D(1110 * 20 - 500 * 16)


def test_cents_round_once_at_the_edge():
    result = compute(
        Inputs(years=(2026,), tariff_year=2026, tariffs=tariffs(D(1000)), headcount=people(), months={2026: 1})
    )
    assert to_cents(result.per_year.loc[2026, "totaal_bijdrage"]) == D("591.67")  # 7.100 ÷ 12
