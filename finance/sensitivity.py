"""Sensitivity of a result to its inputs: a tornado (each input −x% / +x%) and break-even values.
Pure: no Django. An input is named by a `Lever`: a way to scale one number inside the engine's Inputs."""

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from decimal import Decimal

import pandas as pd

from .engine import ONE, WERKSOORTEN, EngineInputError, Inputs, Tariffs


@dataclass(frozen=True)
class Lever:
    key: str
    label: str
    apply: Callable[[Inputs, Decimal], Inputs]  # inputs with this one number multiplied by the factor


def _scaled(t: Tariffs, name: str, werksoort: str | None, factor: Decimal) -> Tariffs:
    if werksoort is None:
        return replace(t, **{name: getattr(t, name) * factor})
    table = dict(getattr(t, name))
    table[werksoort] = table[werksoort] * factor
    return replace(t, **{name: table})


def _tariff(name: str, werksoort: str | None = None) -> Callable[[Inputs, Decimal], Inputs]:
    """Scale one tariff, in the base tariffs and in every year's tariffs of a mix."""

    def apply(inputs: Inputs, factor: Decimal) -> Inputs:
        return replace(
            inputs,
            tariffs=_scaled(inputs.tariffs, name, werksoort, factor),
            tariffs_by_year={y: _scaled(t, name, werksoort, factor) for y, t in inputs.tariffs_by_year.items()},
        )

    return apply


def _headcount(column: str) -> Callable[[Inputs, Decimal], Inputs]:
    def apply(inputs: Inputs, factor: Decimal) -> Inputs:
        frame = inputs.headcount.copy()
        frame[column] = frame[column] * factor
        if column == "nominal":  # more or fewer people: fte move with them
            frame["fte"] = frame["fte"] * factor
        return replace(inputs, headcount=frame)

    return apply


def standard_levers() -> list[Lever]:
    """The inputs a tornado varies by default: every tariff, the size of the group and its fte ratio."""
    levers = []
    for w in WERKSOORTEN:
        levers.append(Lever(f"begeleiding.{w}", f"Tarief begeleiding {w.replace('_', ' ')}", _tariff("begeleiding", w)))
        levers.append(Lever(f"opbrengst.{w}", f"Opbrengst {w.replace('_', ' ')}", _tariff("opbrengst", w)))
    for name in ("werkgeverstaken", "verloning", "werkfit", "loonwaardemeting", "dagbesteding"):
        levers.append(Lever(name, f"Tarief {name}", _tariff(name)))
    levers.append(Lever("headcount.nominal", "Omvang doelgroep", _headcount("nominal")))
    levers.append(Lever("headcount.fte", "Fte per medewerker", _headcount("fte")))
    return levers


def tornado(
    inputs: Inputs, output: Callable[[Inputs], Decimal], levers: Sequence[Lever], change: Decimal = Decimal("0.1")
) -> pd.DataFrame:
    """Effect on `output` of each lever at −change and +change, largest swing first."""
    base = output(inputs)
    rows = []
    for lever in levers:
        low = output(lever.apply(inputs, ONE - change))
        high = output(lever.apply(inputs, ONE + change))
        rows.append(
            {"key": lever.key, "label": lever.label, "low": low - base, "high": high - base, "swing": abs(high - low)}
        )
    frame = pd.DataFrame(rows, columns=["key", "label", "low", "high", "swing"])
    return frame.sort_values("swing", ascending=False, key=lambda s: s.map(float)).reset_index(drop=True)


def break_even(
    difference: Callable[[Decimal], Decimal],
    start: Decimal,
    *,
    step: Decimal | None = None,
    tolerance: Decimal = Decimal("0.005"),
    max_iterations: int = 50,
) -> Decimal | None:
    """The value x at which difference(x) = 0 (e.g. scenario A − scenario B as a function of one tariff), by
    the secant method: exact in one step for the engine's linear results. None when there is none."""
    x0 = start
    x1 = start + (step if step is not None else max(abs(start) * Decimal("0.1"), ONE))
    f0, f1 = difference(x0), difference(x1)
    for _ in range(max_iterations):
        if abs(f1) <= tolerance:
            return x1
        if f1 == f0:
            return None  # parallel: the results never meet (or always do)
        x0, x1, f0 = x1, x1 - f1 * (x1 - x0) / (f1 - f0), f1
        f1 = difference(x1)
    raise EngineInputError("break_even", "geen oplossing gevonden binnen het aantal stappen")


def scale_tariff(inputs: Inputs, name: str, factor: Decimal, werksoort: str | None = None) -> Inputs:
    """Inputs with one tariff multiplied by `factor` in every year (for break-even over a provider's tariff)."""
    return _tariff(name, werksoort)(inputs, factor)


def with_tariff(inputs: Inputs, name: str, value: Decimal, werksoort: str | None = None) -> Inputs:
    """Inputs with one tariff set to `value` (for break-even searches over a tariff)."""
    t: Tariffs = inputs.tariffs
    if werksoort is None:
        return replace(inputs, tariffs=replace(t, **{name: value}))
    table = dict(getattr(t, name))
    table[werksoort] = value
    return replace(inputs, tariffs=replace(t, **{name: table}))
