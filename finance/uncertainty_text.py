"""Money under uncertainty in words and figures for the college (issue 16): the sentences and the display values of a
Monte Carlo block ("uncertainty": draws, seed, drivers, per scenario the bands and the chance to be the cheapest),
as the comparison page and the documents show it. The one place these sentences are made; numbers through
finance.numbers. Reads the block's plain dict (a frozen snapshot's or `Uncertainty.as_json()`), nothing else."""

from __future__ import annotations

from decimal import Decimal

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from .charts import fan_chart
from .numbers import format_count, format_money, format_number, format_percent

# How a stored driver's values read (scenarios.models.UncertainDriver): a count as counted (117), a rate or share
# in percent (2.5 is 2,5%) and a level of tariffs in percent of today (105 is 105%).
PERCENT_UNITS = ("percent", "factor")


def chance(p_cheapest) -> str:
    """A chance (a fraction 0..1) as a whole Dutch percentage, rounded half up: 0.785 → 79%. Only a certainty is
    100% and only an impossibility 0%: a chance that merely rounds to them is "more than 99%" or "less than 1%"."""
    p = Decimal(str(p_cheapest))
    shown = format_percent(p, 0)
    if 0 < p < 1 and shown == format_percent(1, 0):
        return _("more than %(percent)s") % {"percent": format_percent(Decimal("0.99"), 0)}
    if 0 < p < 1 and shown == format_percent(0, 0):
        return _("less than %(percent)s") % {"percent": format_percent(Decimal("0.01"), 0)}
    return shown


def period(block: dict) -> str:
    """The years the bands cover: 2026–2033 (one year: 2026)."""
    years = sorted({int(y) for s in block.get("scenarios", []) for y in s.get("yearly", {})})
    if not years:
        return ""
    return str(years[0]) if years[0] == years[-1] else f"{years[0]}–{years[-1]}"


def cheapest_sentence(block: dict | None) -> str:
    """The sentence “In 78% van de 10.000 doorrekeningen is DVO verlengen het goedkoopst over 2026–2033.” Only the
    most likely scenario is named, however close the next one is; no block (nothing computed) or no cheapest is ""."""
    if not block or not block.get("cheapest"):
        return ""
    draws = int(block["draws"])
    return ngettext(
        "In %(percent)s of the %(draws)s calculation, %(name)s is the cheapest over %(period)s.",
        "In %(percent)s of the %(draws)s calculations, %(name)s is the cheapest over %(period)s.",
        draws,
    ) % {
        "percent": chance(block["cheapest"]["p_cheapest"]),
        "draws": format_count(draws),
        "name": block["cheapest"]["name"],
        "period": period(block),
    }


def range_sentence(block: dict | None, scenario_id: int | None = None) -> str:
    """The sentence “De totale bijdrage van DVO verlengen over 2026–2033 ligt met 80% zekerheid tussen € x en € y.”
    (P10 and P90 of its cumulative contribution), for the scenario `scenario_id` or else the most likely cheapest."""
    if not block:
        return ""
    wanted = scenario_id if scenario_id is not None else (block.get("cheapest") or {}).get("id")
    scenario = next((s for s in block.get("scenarios", []) if s["id"] == wanted), None)
    if scenario is None:
        return ""
    low, high = (Decimal(scenario["cumulative"][k]) for k in ("p10", "p90"))
    parts = {"name": scenario["name"], "period": period(block), "low": format_money(low), "high": format_money(high)}
    if format_money(low) == format_money(high):
        return _("The total contribution of %(name)s over %(period)s is %(low)s in every calculation.") % parts
    return (
        _("The total contribution of %(name)s over %(period)s lies, with 80%% certainty, between %(low)s and %(high)s.")
        % parts
    )


def sentences(block: dict | None) -> list[str]:
    """What a document says of the bands: who is most likely the cheapest, and within what range it costs."""
    return [s for s in (cheapest_sentence(block), range_sentence(block)) if s]


def intro(block: dict) -> str:
    """What the figures are: how many calculations, the seed, what P10/P50/P90 mean."""
    draws = int(block["draws"])
    return ngettext(
        "These figures come from %(draws)s calculation with seed %(seed)s: it draws a value for every uncertain input "
        "below from its distribution and computes every scenario for %(period)s. P50 is the middle outcome; 80%% of "
        "the outcomes lie between P10 and P90. The same seed gives the same figures.",
        "These figures come from %(draws)s calculations with seed %(seed)s: each draws a value for every uncertain "
        "input below from its distribution and computes every scenario for %(period)s. P50 is the middle outcome; "
        "80%% of the outcomes lie between P10 and P90. The same seed gives the same figures.",
        draws,
    ) % {"draws": format_count(draws), "seed": block["seed"], "period": period(block)}


def distribution_text(kind: str) -> str:
    """A distribution in words, with what its values are."""
    return {
        "triangular": _("triangular distribution (low – most likely – high)"),
        "uniform": _("uniform (low – high)"),
        "normal": _("normal, cut off (mean and standard deviation; low – high)"),
        "fixed": _("fixed value"),
    }.get(kind, kind)


def value_text(value, unit: str) -> str:
    """One value of a driver in its unit: 117 · 2,5 (places a year) · 2,5% · 95% (a level of tariffs, today = 100%).
    A count keeps the decimals it has (not rounded to whole people: 2,5 places a year is what was assumed)."""
    number = Decimal(str(value))
    percent = unit in PERCENT_UNITS
    if not number:  # a stored 0.0000: 0 and 0%, whatever decimals the zero was stored with
        return format_percent(0, 0) if percent else format_number(0, 0)
    return format_percent(number / 100) if percent else format_number(number)


def values_text(driver: dict) -> str:
    """A driver's parameters in its unit, as `distribution_text` names them: 105 – 117 – 129 · 2,5% (spreiding 0,5%);
    1,5% – 3,5%."""
    values = [value_text(v, driver.get("unit", "")) for v in driver.get("params", [])]
    if driver.get("distribution") == "normal" and len(values) == 4:
        return _("%(mean)s (standard deviation %(sd)s); %(low)s – %(high)s") % dict(
            zip(("mean", "sd", "low", "high"), values, strict=True)
        )
    return " – ".join(values)


def _driver_label(driver: dict) -> str:
    """A driver's name, with the provider whose offer or tariffs it moves: Niveau van de offerte (…) – Larcom."""
    label = driver.get("label") or driver.get("driver", "")
    return f"{label} – {driver['provider']}" if driver.get("provider") else label


def presentation(block, *, chart: bool = True) -> dict | None:
    """The block as a page or a document shows it: sentences, the fan chart (a data: URI), per scenario its
    cumulative bands as Decimal and its chance in words, the drivers in words. None (or nothing) is None."""
    if not block:
        return None
    if hasattr(block, "as_json"):  # the live result of scenarios.uncertainty.run
        block = block.as_json()
    years = sorted({int(y) for s in block.get("scenarios", []) for y in s.get("yearly", {})})
    scenarios = [
        {
            "id": s["id"],
            "name": s["name"],
            "cumulative": {k: Decimal(v) for k, v in s["cumulative"].items()},
            "yearly": [
                (year, {k: Decimal(v) for k, v in s["yearly"][str(year)].items()})
                for year in years
                if str(year) in s.get("yearly", {})
            ],
            "chance": chance(s["p_cheapest"]),
            "cheapest": (block.get("cheapest") or {}).get("id") == s["id"],
        }
        for s in block.get("scenarios", [])
        if s.get("cumulative")  # a scenario without bands has nothing to show
    ]
    fan = ""
    if chart and scenarios and years:
        fan = fan_chart(
            _("Contribution per year: median (P50) and band P10–P90"),
            years,
            {s["name"]: dict(s["yearly"]) for s in scenarios},
            y_label=_("Contribution per year"),
            legend_title=_("Line: median (P50) · band: %(share)s of the calculations (P10–P90)")
            % {"share": format_percent(Decimal("0.8"))},
        )
    return {
        "draws": int(block["draws"]),
        "draws_text": format_count(int(block["draws"])),
        "seed": block["seed"],
        "period": period(block),
        "intro": intro(block),
        "sentences": sentences(block),
        "chart": fan,
        "scenarios": scenarios,
        "drivers": [
            {
                "label": _driver_label(d),
                "distribution": distribution_text(d.get("distribution", "")),
                "values": values_text(d),
                "basis": d.get("basis", ""),
            }
            for d in block.get("drivers", [])
        ],
        "left_out": list(block.get("left_out", [])),
    }
