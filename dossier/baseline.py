"""The baseline's population and the engine inputs it makes: the one place the projection, the scenarios and the
upload read headcounts and tariffs from."""

from decimal import Decimal

import pandas as pd
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from finance import computed, reference
from finance import selectors as finance_selectors
from finance.engine import WERKSOORTEN, Inputs, index_with_default
from finance.projection import interpolate, nieuw_beschut_places, split
from finance.reference import StoredTariffs
from finance.sourcing import bought

from .models import PopulationBaseline


@receiver([post_save, post_delete], sender=PopulationBaseline, dispatch_uid="dossier.baseline.reference_changed")
def _reference_changed(sender, **kwargs):
    """Every computation reads the projection baseline beside the finance reference data, kept with it
    (finance.reference.Reference.kept): a write of the baseline is a new generation of both."""
    reference.changed()


def engine_inputs(
    baseline: PopulationBaseline, index_rates: dict | None = None, stored: StoredTariffs | None = None
) -> tuple[Inputs, dict]:
    """Engine inputs from the baseline (saved or not), and the intermediate series for the tables; `index_rates` and
    `stored` (its tariff set) when the caller has them.

    The fixed share of the costs is measured against the volume of the tariff set's own year (the budget year the
    tariffs come from): there the tariffs hold as they are; a smaller group pays the fixed part over fewer people."""
    years = list(range(baseline.first_year, baseline.last_year + 1))
    stored = stored or StoredTariffs.of(baseline.tariff_set)
    headcount, series = population(baseline, years)
    known = finance_selectors.index_rates(baseline.index_series) if index_rates is None else index_rates
    index = index_with_default(known, baseline.future_index, min(stored.year, years[0]), years[-1])
    overige = pd.DataFrame(
        [
            {"year": y, "werkgeverstaken": series["overige_werkgeverstaken"][y], "verloning": series["overige"][y]}
            for y in years
        ]
    )
    inputs = Inputs(
        years=tuple(years),
        tariff_year=stored.year,
        tariffs=bought(stored.engine(), baseline.services),
        headcount=headcount,
        index=index,
        overige=overige,
        fixed_share=baseline.fixed_share,
        reference_nominal=reference_nominal(baseline, stored.year),
    )
    return inputs, series


def population(baseline: PopulationBaseline, years) -> tuple[pd.DataFrame, dict]:
    """Headcount per year and werksoort (the Wsw total interpolated between the anchors, split by the shares, plus
    the nieuw beschut places at the provider in beschut werk) and the series behind it, {name: {year: value}}."""
    wsw = interpolate(
        {baseline.start_year: baseline.start_count, baseline.end_year: baseline.end_count},
        years,
        method=baseline.method,
    )
    shares = {w: getattr(baseline, f"share_{w}") for w in WERKSOORTEN}
    ratios = {w: getattr(baseline, f"fte_{w}") for w in WERKSOORTEN}
    headcount = split(wsw, shares, ratios)
    nieuw = {y: nieuw_beschut(baseline, y) for y in years}
    if any(nieuw.values()):  # nieuw beschut places are all beschut werk
        extra = headcount["werksoort"] == "beschut"
        added = headcount.loc[extra, "year"].map(nieuw)
        headcount.loc[extra, "nominal"] = headcount.loc[extra, "nominal"] + added
        headcount.loc[extra, "fte"] = headcount.loc[extra, "fte"] + added * baseline.fte_beschut
    series = {
        "wsw": wsw,
        "nieuw_beschut": nieuw,
        "overige": {y: wsw[y] * baseline.share_overige for y in years},
        "overige_werkgeverstaken": {y: wsw[y] * baseline.share_overige_werkgeverstaken for y in years},
    }
    return headcount, series


def nieuw_beschut(baseline: PopulationBaseline, year: int) -> Decimal:
    """The baseline's nieuw beschut places at the provider in `year` (finance.projection.nieuw_beschut_places)."""
    return nieuw_beschut_places(
        baseline.nieuw_beschut,
        baseline.nieuw_beschut_growth,
        baseline.nieuw_beschut_at_provider,
        baseline.start_year,
        year,
    )


def reference_nominal(baseline: PopulationBaseline, year: int) -> dict[str, Decimal]:
    """The nominal headcount per werksoort in `year`: the volume at which the tariffs of that year hold."""
    headcount, _series = population(baseline, [year])
    return {w: Decimal(n) for w, n in zip(headcount["werksoort"], headcount["nominal"], strict=True)}


def _hashable(value):
    return tuple(value) if isinstance(value, list) else value


def engine_inputs_key(baseline: PopulationBaseline, index_rates: dict, stored: StoredTariffs) -> tuple:
    """Every value engine_inputs reads, as a key for the `computed` cache (finance.computed.kept): also the part of a
    longer key for what is computed from the engine inputs (a scenario's contract payments)."""
    return (
        tuple(_hashable(getattr(baseline, f.attname)) for f in baseline._meta.concrete_fields),
        stored.year,
        tuple(sorted(stored.amounts.items())),
        tuple(sorted(index_rates.items())),
    )


def shared_engine_inputs(baseline: PopulationBaseline, index_rates: dict, stored: StoredTariffs) -> Inputs:
    """engine_inputs for callers that only read what they get (the finance engine and the scenario inputs): the
    population projection is the same for every save of a scenario's tariffs or costs, so it is computed once per
    distinct baseline (as the scenario sets it), tariff set and index series, and kept in the `computed` cache. The
    key is a digest of every value engine_inputs reads, so a changed baseline or tariff is a new key, never a stale
    one, on any number of hosts; nothing needs invalidating. Each caller gets its own copy."""
    key = engine_inputs_key(baseline, index_rates, stored)
    return computed.kept("dossier:engine-inputs", key, lambda: engine_inputs(baseline, index_rates, stored)[0])
