"""Benchmark (not a test): 4 scenarios × 8 years plus a 12-input tornado through the finance engine.
Target: median ≤ 20 ms on the project's 2-core machine. Run: .venv/bin/python bench/finance_engine.py"""

import statistics
import sys
import time
from decimal import Decimal as D
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from finance.engine import Inputs, Tariffs, compute  # noqa: E402
from finance.projection import interpolate, split  # noqa: E402
from finance.sensitivity import standard_levers, tornado  # noqa: E402

YEARS = tuple(range(2026, 2034))
INDEX = {y: D("0.03") for y in YEARS}


def scenario(scale: str) -> Inputs:
    tariffs = Tariffs(
        begeleiding={"beschut": D(7150), "groepsdetachering": D(4121), "individuele_detachering": D(5420)},
        opbrengst={"beschut": D(-4110), "groepsdetachering": D(-8530), "individuele_detachering": D(-13727)},
        werkgeverstaken=D(1271) * D(scale),
        verloning=D(321),
        werkfit=D(2223),
        loonwaardemeting=D(700),
        dagbesteding=D(47),
    )
    total = interpolate({2024: D(238), 2033: D(117)}, YEARS)
    headcount = split(
        total,
        {"beschut": D("0.5"), "groepsdetachering": D("0.3"), "individuele_detachering": D("0.2")},
        {"beschut": D("0.8"), "groepsdetachering": D("0.93"), "individuele_detachering": D("0.84")},
    )
    return Inputs(
        years=YEARS,
        tariff_year=2023,
        tariffs=tariffs,
        index=INDEX,
        headcount=headcount,
        fixed_share=D("0.3"),
        reference_nominal={"beschut": D(119), "groepsdetachering": D(71), "individuele_detachering": D(48)},
    )


def run_once(scenarios):
    results = [compute(s) for s in scenarios]
    tornado(scenarios[0], lambda i: compute(i).total(), standard_levers()[:12])
    return results


def main(repeats: int = 30):
    scenarios = [scenario(s) for s in ("1", "0.9", "1.1", "1.2")]
    run_once(scenarios)  # warm up
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        run_once(scenarios)
        times.append((time.perf_counter() - start) * 1000)
    median = statistics.median(times)
    print("finance engine: 4 scenarios x 8 years + 12-input tornado (25 computations + 4)")
    print(
        f"  median {median:.1f} ms, p95 {sorted(times)[int(0.95 * len(times)) - 1]:.1f} ms over {repeats} runs "
        f"(target <= 20 ms): {'OK' if median <= 20 else 'ABOVE TARGET'}"
    )


if __name__ == "__main__":
    main()
