"""Benchmark (not a test): Monte Carlo over the six drivers for 4 scenarios × 8 years × 10,000 draws, the numpy path
in process (target ≤ 0.3 s), and in the same run the plain per-draw Decimal loop of the same model (apply → the
real engine) on a subset of the draws, extrapolated per draw, as the speed ratio (target ≥ 50×).
Run: .venv/bin/python bench/uncertainty.py [draws] [reference draws] [--twenterand]
With --twenterand the case and drivers are those of the Twenterand dossier as the Onzekerheid page draws them (loaded
into a throwaway SQLite database through bench/common.py, as `make run` loads it) instead of the hand-made case."""

import statistics
import sys
import time
from decimal import Decimal as D
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import numpy as np  # noqa: E402

from finance.engine import Tariffs  # noqa: E402
from finance.sourcing import SERVICES, OwnFacility, StaffLine, TariffProvider  # noqa: E402
from finance.uncertainty import (  # noqa: E402
    Case,
    Driver,
    Population,
    Scenario,
    draw,
    reference_totals,
    simulate,
    summarise,
)

YEARS = tuple(range(2026, 2034))
KNOWN = {2024: D("0.06"), 2025: D("0.03")}
INDEX = KNOWN | {y: D("0.025") for y in YEARS}
SEED = 2026
DVO = {
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
}
ONTPLOOJ = TariffProvider("Ontplooj", DVO, 2023, INDEX, fixed_share=D("0.3"))
LARCOM = TariffProvider(
    "Larcom", {"begeleiding_beschut": D(6800), "opbrengst_beschut": D(-4500), "terugvalfaciliteit": D(150)}, 2025, INDEX
)
GEMEENTE = TariffProvider("Gemeente", {"werkgeverstaken": D(1100), "verloning": D(250)}, 2025, INDEX)
EIGEN = OwnFacility(
    "Eigen werkbedrijf",
    (StaffLine("begeleider", D(6), D(72000)), StaffLine("leiding", D(1), D(95000))),
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
SHARES = {"beschut": D("0.5"), "groepsdetachering": D("0.3"), "individuele_detachering": D("0.2")}


def services(default, **overrides):
    return {s: overrides.get(s, default) for s in SERVICES}


CASE = Case(
    years=YEARS,
    population=Population(
        2024,
        D(238),
        2033,
        D(117),
        SHARES,
        {"beschut": D("0.8"), "groepsdetachering": D("0.93"), "individuele_detachering": D("0.84")},
        nieuw_beschut=D(4),
        nieuw_beschut_growth=D(2),
        nieuw_beschut_at_provider=D("0.5"),
        share_overige=D("0.1"),
        share_overige_werkgeverstaken=D("0.05"),
    ),
    tariffs=Tariffs(
        begeleiding={w: DVO[f"begeleiding_{w}"] for w in SHARES},
        opbrengst={w: DVO[f"opbrengst_{w}"] for w in SHARES},
        werkgeverstaken=DVO["werkgeverstaken"],
        verloning=DVO["verloning"],
    ),
    tariff_year=2023,
    index=INDEX,
    known_index=frozenset(KNOWN),
    fixed_share=D("0.3"),
    scenarios=(
        Scenario("DVO", services(ONTPLOOJ)),
        Scenario(
            "Larcom",
            services(ONTPLOOJ, begeleiding_beschut=LARCOM, terugvalfaciliteit=LARCOM),
            months={2026: 3},
            one_off={2026: D(80000)},
        ),
        Scenario(
            "Gemeente",
            services(ONTPLOOJ, werkgeverstaken=GEMEENTE, verloning=GEMEENTE),
            months={2026: 3},
            one_off={2026: D(120000), 2027: D(40000)},
        ),
        Scenario(
            "Eigen",
            services(
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
    Driver("wsw_end", "triangular", (D(95), D(117), D(140))),
    Driver("nieuw_beschut_growth", "uniform", (D(0), D(5))),
    Driver("index_rate", "normal", (D("0.025"), D("0.01"), D(0), D("0.06"))),
    Driver("fixed_share", "triangular", (D("0.2"), D("0.3"), D("0.5"))),
    Driver("dvo_tariffs", "uniform", (D("0.95"), D("1.1"))),
    Driver("offer", "triangular", (D("0.9"), D(1), D("1.25"))),
]


def twenterand():
    """The Twenterand dossier's case and drivers (scenarios.uncertainty.prepare), as the page and the CLI draw them."""
    import common

    common.load_twenterand(accounts=False)
    from dossier.models import Dossier
    from scenarios import uncertainty
    from scenarios.selectors import compare

    dossier = Dossier.objects.get(slug="twenterand")
    prepared = uncertainty.prepare(dossier, compare(dossier))
    (case,) = prepared.cases  # Twenterand's scenarios share one horizon and population
    return case, prepared.drivers


def fast(n: int):
    return summarise(simulate(CASE, draw(DRIVERS, n, SEED)), seed=SEED)


def main(n: int = 10_000, reference: int = 200, repeats: int = 15):
    fast(n)  # warm up
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        bands = fast(n)
        times.append(time.perf_counter() - start)
    median = statistics.median(times)
    draws = draw(DRIVERS, n, SEED)
    start = time.perf_counter()
    slow = reference_totals(CASE, draws, range(reference))
    per_draw = (time.perf_counter() - start) / reference
    fast_totals = simulate(CASE, draws).yearly
    deviation = max(np.abs(fast_totals[name][:reference] - slow[name]).max() for name in slow)
    shape = f"{len(CASE.scenarios)} scenarios x {len(CASE.years)} years x {n:,} draws"
    print(f"uncertainty: {shape}, {len(DRIVERS)} drivers, seed {SEED}")
    print(
        f"  fast path (draw + simulate + summarise): median {median:.3f} s, max {max(times):.3f} s over {repeats} "
        f"runs (target <= 0.3 s): {'OK' if median <= 0.3 else 'ABOVE TARGET'}"
    )
    print(
        f"  Decimal loop: {per_draw * 1000:.2f} ms per draw over {reference} draws, "
        f"{per_draw * n:.1f} s for {n:,} extrapolated"
    )
    ratio = per_draw * n / median
    print(f"  ratio {ratio:,.0f}x (target >= 50x): {'OK' if ratio >= 50 else 'BELOW TARGET'}")
    print(f"  largest difference fast - Decimal over those {reference} draws: {deviation:.2e} euro")
    for name, band in bands.items():
        c = band["cumulative"]
        print(
            f"  {name}: cumulative P10 {c['p10']} P50 {c['p50']} P90 {c['p90']}, cheapest in {band['p_cheapest']:.1%}"
        )


if __name__ == "__main__":
    if "--twenterand" in sys.argv:
        sys.argv.remove("--twenterand")
        CASE, DRIVERS = twenterand()
        print("case: the Twenterand dossier (fixtures/twenterand), its four scenarios and six uncertain inputs")
    main(*(int(a) for a in sys.argv[1:3]))
