"""Headcount projections: from anchor years (e.g. 238 Wsw employees in 2024, 117 in 2033) to a value per year,
split over werksoorten by shares and turned into fte by a ratio per werksoort. Pure: no Django."""

from collections.abc import Mapping
from decimal import Decimal

import pandas as pd

from .engine import ONE, ZERO, EngineInputError

METHODS = ("linear", "geometric")


def interpolate(
    anchors: Mapping[int, Decimal], years, method: str = "linear", explicit: Mapping[int, Decimal] | None = None
) -> pd.Series:
    """A value per year through the anchors; before the first / after the last anchor the value is held.
    `explicit` values replace the interpolated ones for their years."""
    if method not in METHODS:
        raise EngineInputError("method", f"onbekende methode {method!r} (kies linear of geometric)")
    if not anchors:
        raise EngineInputError("anchors", "minstens één ankerjaar is nodig")
    points = sorted((int(y), Decimal(v)) for y, v in anchors.items())
    if any(v < 0 for _, v in points):
        raise EngineInputError("anchors", "aantallen kunnen niet negatief zijn")
    values = []
    for year in years:
        values.append(_at(points, int(year), method))
    series = pd.Series(values, index=pd.Index(list(years), name="year"), dtype=object)
    for year, value in (explicit or {}).items():
        if int(year) in series.index:
            series[int(year)] = Decimal(value)
    return series


def _at(points, year: int, method: str) -> Decimal:
    if year <= points[0][0]:
        return points[0][1]
    if year >= points[-1][0]:
        return points[-1][1]
    for (y0, v0), (y1, v1) in zip(points, points[1:], strict=False):
        if y0 <= year <= y1:
            share = Decimal(year - y0) / Decimal(y1 - y0)
            if method == "geometric" and v0 > 0 and v1 > 0:
                return v0 * (v1 / v0) ** share
            return v0 + (v1 - v0) * share
    raise AssertionError("unreachable")


def split(total: pd.Series, shares: Mapping[str, Decimal], fte_ratio: Mapping[str, Decimal]) -> pd.DataFrame:
    """Headcount frame (year, werksoort, nominal, fte) from a total per year, shares per werksoort (summing to
    at most 1; the rest is outside the three werksoorten) and an fte/nominal ratio per werksoort."""
    if sum(shares.values(), ZERO) > ONE:
        raise EngineInputError("shares", "de aandelen per werksoort tellen op tot meer dan 100%")
    rows = []
    for year, value in total.items():
        for werksoort, share in shares.items():
            ratio = Decimal(fte_ratio.get(werksoort, ONE))
            if not ZERO <= ratio <= ONE:
                raise EngineInputError(f"fte_ratio.{werksoort}", "moet tussen 0 en 1 liggen")
            nominal = value * Decimal(share)
            rows.append({"year": int(year), "werksoort": werksoort, "nominal": nominal, "fte": nominal * ratio})
    return pd.DataFrame(rows, columns=["year", "werksoort", "nominal", "fte"])


def nieuw_beschut_places(first: Decimal, growth: Decimal, at_provider: Decimal, start_year: int, year: int) -> Decimal:
    """Nieuw beschut places at the provider in `year`: the places of the first anchor year plus the yearly growth
    after it (never below 0), times the share placed at the provider."""
    places = first + growth * max(0, year - start_year)
    return max(places, ZERO) * at_provider
