"""Reads of the finance reference data, and the Berenschot-toets (its figure list in finance.berenschot, its tables
in finance.berenschot_tables). Every euro is computed by finance.engine."""

from decimal import Decimal

from . import berenschot, berenschot_tables
from .berenschot import CheckedFigure
from .models import Headcount, IndexRate, Parameter, Status, TariffSet
from .tables import Table


def tariff_set(key: str) -> TariffSet:
    return TariffSet.objects.prefetch_related("tariffs").get(key=key)


DEFAULT_INDEX_SERIES = "ambtenarensalarissen"


def index_rates(series: str = DEFAULT_INDEX_SERIES) -> dict[int, Decimal]:
    return dict(IndexRate.objects.filter(series=series).values_list("year", "rate"))


def published_index_years(series: str = DEFAULT_INDEX_SERIES) -> frozenset[int]:
    """The years of an index series whose rate is published (sourced), not assumed: the uncertainty varies the rest."""
    rates = IndexRate.objects.filter(series=series).exclude(status=Status.AANNAME)
    return frozenset(rates.values_list("year", flat=True))


def reference_lists() -> tuple[list[TariffSet], list[Parameter]]:
    """Every tariff set (with its tariffs) and every parameter, for the page that lists them with their sources."""
    return list(TariffSet.objects.prefetch_related("tariffs")), list(Parameter.objects.all())


def parameter(key: str) -> Parameter:
    return Parameter.objects.get(key=key)


def berenschot_figures() -> list[CheckedFigure]:
    """Every printed figure of Berenschot ch. 7 with its status (reproduced, explained, input) and why: the one list
    the Berenschot-toets page, its xlsx and `manage.py berenschot_check` show."""
    return berenschot.figures()


def berenschot_summary(checked: list[CheckedFigure]) -> dict[str, int]:
    return berenschot.summary(checked)


def berenschot_check(checked: list[CheckedFigure] | None = None) -> list[Table]:
    """The tables of the Berenschot-toets page (and its xlsx), in page order; `checked`: berenschot_figures()."""
    return berenschot_tables.tables(berenschot_figures() if checked is None else checked)


def werksoort_label(werksoort: str) -> str:
    return str(Headcount.Category(werksoort).label)
