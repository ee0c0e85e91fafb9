"""Weighing scenarios: scores per research area, weights that add up to 100, a ranking, and how robust the
ranking is (the smallest change of one weight that changes the winner). Pure: no Django."""

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal

from finance.numbers import format_number

HUNDRED = Decimal(100)


class WeightingError(ValueError):
    pass


def check_weights(weights: Mapping[str, Decimal]) -> None:
    if any(w < 0 for w in weights.values()):
        raise WeightingError("Een gewicht kan niet negatief zijn.")
    total = sum(weights.values(), Decimal(0))
    if total != HUNDRED:
        raise WeightingError(
            f"De gewichten tellen samen op tot {format_number(total)}%; samen moeten ze precies 100% zijn."
        )


def finance_scores(costs: Mapping[str, Decimal], low: Decimal = Decimal(1), high: Decimal = Decimal(5)):
    """Scores from money: the cheapest scenario gets `high`, the dearest `low`, the rest in proportion."""
    cheapest, dearest = min(costs.values()), max(costs.values())
    if dearest == cheapest:
        return {s: high for s in costs}
    return {s: low + (high - low) * (dearest - c) / (dearest - cheapest) for s, c in costs.items()}


def weighted_totals(scores: Mapping[str, Mapping[str, Decimal]], weights: Mapping[str, Decimal]):
    """scores[scenario][area] on 1–5; the weighted total per scenario (on the same 1–5 scale)."""
    check_weights(weights)
    return {
        s: sum((weights[a] * area_scores.get(a, Decimal(0)) for a in weights), Decimal(0)) / HUNDRED
        for s, area_scores in scores.items()
    }


def ranking(totals: Mapping[str, Decimal]) -> list[str]:
    """Scenarios best first; ties keep their given order."""
    return sorted(totals, key=lambda s: -totals[s])


@dataclass(frozen=True)
class Robustness:
    area: str | None  # the weight whose change flips the winner first
    change: Decimal | None  # by how many percentage points (signed); None: no single weight change flips it
    new_winner: str | None


def robustness(scores, weights) -> Robustness:
    """The smallest change of one area's weight (the others scaled to keep 100) that changes the winner."""
    totals = weighted_totals(scores, weights)
    order = ranking(totals)
    if len(order) < 2:
        return Robustness(None, None, None)
    winner = order[0]
    best = Robustness(None, None, None)
    for area, weight in weights.items():
        rest = HUNDRED - weight
        for rival in order[1:]:
            delta = _crossing(scores[winner], scores[rival], weights, area, rest)
            if delta is None or not (-weight <= delta <= rest):
                continue
            if best.change is None or abs(delta) < abs(best.change):
                best = Robustness(area, delta, rival)
    return best


def _crossing(winner, rival, weights, area, rest) -> Decimal | None:
    """Δ at which winner and rival tie when `area`'s weight becomes w + Δ and the others scale by (rest − Δ)/rest.

    The gap g(Δ) = (w + Δ)·d_a + (rest − Δ)/rest · Σ_{b≠a} w_b·d_b with d = winner − rival: linear in Δ."""
    d = {a: winner.get(a, Decimal(0)) - rival.get(a, Decimal(0)) for a in weights}
    others = sum((weights[b] * d[b] for b in weights if b != area), Decimal(0))
    w = weights[area]
    slope = d[area] - (others / rest if rest else Decimal(0))
    gap = w * d[area] + others
    if slope == 0:
        return None
    return -gap / slope
