"""The DVO baseline anchored on the latest printed budget: Berenschot 7.7's 2024 costs and revenue per fte per
werksoort, turned into tariffs the engine can index and split over services. Pure: no Django.

Berenschot 7.7 prints, per werksoort, the budgeted bedrijfskosten and bedrijfsopbrengsten per fte for 2024. The
costs of a werksoort include the werkgeverstaken and verloning of its people (7.5 books those of people outside
the werksoorten on rows of their own), so per nominal employee:

    begeleiding_w     = kosten_w × fte_w ÷ nominal_w − werkgeverstaken − verloning
    opbrengst_w       = −opbrengsten_w                                   (per fte; negative: revenue)
    werkgeverstaken   = realised 2023 per nominal employee (7.4) × (1 + wage index 2024), likewise verloning
                        and the unit tasks (werkfit, loonwaardemeting, dagbesteding)

with fte_w ÷ nominal_w Ontplooj's own ratio (fte derived from 7.5 ÷ 7.7, nominal from Tabel 3). For a group with
that ratio the tariffs give back the printed result per fte exactly: (begeleiding + werkgeverstaken + verloning) ×
nominal ÷ fte + opbrengst = kosten − opbrengsten. The realised 2023 rates (nacalculatie on real costs) rather than
the 2023 tariffs, because the budget is what the gemeenten end up paying after the nacalculatie.
"""

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal

from .engine import CENT, ONE, UNIT_TASKS, WERKSOORTEN, EngineInputError

PER_PERSON = ("werkgeverstaken", "verloning", *UNIT_TASKS)


@dataclass(frozen=True)
class Step:
    """One line of the derivation, for the page that shows it: what, the amount, how it was computed."""

    task: str
    amount: Decimal
    rule: str


def budget_basis(
    costs: Mapping[str, Decimal],
    revenue: Mapping[str, Decimal],
    nominal: Mapping[str, Decimal],
    fte: Mapping[str, Decimal],
    realised: Mapping[str, Decimal],
    index_rate: Decimal,
) -> list[Step]:
    """The tariffs of the budget year, each rounded to cents, with how each follows from the printed figures.

    `costs` and `revenue` are per fte per werksoort in the budget year (positive amounts, as printed); `nominal` and
    `fte` the headcount per werksoort that turns per fte into per nominal employee; `realised` the realised amounts
    per person of the year before (werkgeverstaken, verloning, unit tasks); `index_rate` the wage index of the
    budget year."""
    factor = ONE + index_rate
    steps = []
    for task in PER_PERSON:
        if task not in realised:
            raise EngineInputError(f"realised.{task}", "gerealiseerd bedrag ontbreekt")
        amount = (realised[task] * factor).quantize(CENT)
        steps.append(Step(task, amount, f"{realised[task]} × {factor}"))
    employer = realised["werkgeverstaken"] * factor + realised["verloning"] * factor
    for w in WERKSOORTEN:
        for name, table in (("costs", costs), ("revenue", revenue), ("nominal", nominal), ("fte", fte)):
            if table.get(w) is None:
                raise EngineInputError(f"{name}.{w}", "ontbreekt")
        if not nominal[w] or not fte[w]:
            raise EngineInputError(f"nominal.{w}", "nominaal en fte moeten groter dan 0 zijn")
        per_nominal = costs[w] * fte[w] / nominal[w]
        steps.append(
            Step(
                f"begeleiding_{w}",
                (per_nominal - employer).quantize(CENT),
                f"{costs[w]} × {fte[w]} ÷ {nominal[w]} − werkgeverstaken − verloning",
            )
        )
        steps.append(Step(f"opbrengst_{w}", (-revenue[w]).quantize(CENT), f"−{revenue[w]}"))
    return steps
