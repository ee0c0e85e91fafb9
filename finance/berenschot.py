"""The Berenschot check figure by figure: every figure Berenschot printed in ch. 7 (the stored tables 7.5–7.7 and the
tariff sets of 7.4) with how it is reproduced from the other printed figures, why it differs, or that it is an input.
The Berenschot-toets page, its xlsx and `manage.py berenschot_check` all read this one list."""

from __future__ import annotations

import itertools
import re
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, localcontext

from django.utils.translation import gettext as _

from .berenschot_checks import HALF, Check, Quantity, checks
from .engine import PRECISION
from .models import PrintedFigure, TariffSet
from .numbers import format_number

REPRODUCED, EXPLAINED, INPUT, UNACCOUNTED = "reproduced", "explained", "input", "unaccounted"
STATUSES = (REPRODUCED, EXPLAINED, INPUT)
HUNDREDTH = Decimal("0.01")
TARIFF_SET_SUFFIX = {  # a tariff set's key without its year -> the suffix of its figures' ids
    "ontplooj-dvo": "dvo",
    "ontplooj-per-fte-begroot": "begroot",
    "ontplooj-per-fte-gerealiseerd": "gerealiseerd",
    "cedris-benchmark": "benchmark",
    "markt": "markt",
}


def status_label(status: str) -> str:
    labels = {REPRODUCED: _("reproduced"), EXPLAINED: _("explained"), INPUT: _("input"), UNACCOUNTED: _("unaccounted")}
    return labels[status]


@dataclass(frozen=True)
class CheckedFigure:
    id: str
    label: str
    section: str
    year: int
    printed: Decimal
    computed: Decimal | None
    status: str
    explanation: str
    unit: str
    source: str

    @property
    def difference(self) -> Decimal | None:
        return None if self.computed is None else self.computed - self.printed

    def as_dict(self) -> dict:
        return {
            "id": self.id,
            "label": self.label,
            "section": self.section,
            "year": self.year,
            "printed": plain(self.printed),
            "computed": None if self.computed is None else str(self.computed),
            "difference": None if self.difference is None else str(self.difference),
            "status": self.status,
            "explanation": self.explanation,
        }


def plain(value: Decimal) -> str:
    """A printed figure as a decimal string without trailing zeros: 6854, -1569, 0.035."""
    text = f"{value.normalize():f}"
    return "0" if text in ("-0", "0") else text


@dataclass(frozen=True)
class Printed:
    """A figure as stored, before it is checked."""

    id: str
    label: str
    section: str
    year: int
    value: Decimal
    unit: str
    source: str
    note: str = ""  # the stored note on the figure (e.g. a range of which one end is stored)


def figures() -> list[CheckedFigure]:
    """Every stored printed figure of Berenschot ch. 7 with its status, in the order of the report."""
    printed = _printed_figures()
    by_id = checks({f.id: Quantity(f.value) for f in printed})
    return [_checked(figure, by_id.get(figure.id)) for figure in printed]


def summary(checked: Sequence[CheckedFigure]) -> dict[str, int]:
    return {status: sum(1 for f in checked if f.status == status) for status in (*STATUSES, UNACCOUNTED)}


# ------------------------------------------------------------------------------------------ the figures


def clean_label(label: str) -> str:
    return label.split(" [", 1)[0].strip()  # the stored labels carry a note on the sign in brackets


def _printed_figures() -> list[Printed]:
    stored = list(PrintedFigure.objects.order_by("pk"))  # as loaded: the report's order
    seen: dict[tuple, int] = {}
    for p in stored:
        seen[p.table, p.row, p.year] = seen.get((p.table, p.row, p.year), 0) + 1
    sets = sorted(
        TariffSet.objects.filter(derived=False).prefetch_related("tariffs"),  # printed sets only
        key=lambda ts: (
            list(TARIFF_SET_SUFFIX).index(_base_key(ts))
            if _base_key(ts) in TARIFF_SET_SUFFIX
            else len(TARIFF_SET_SUFFIX)
        ),
    )
    result = [f for ts in sets for f in _tariff_figures(ts)]
    for p in stored:
        twice = seen[p.table, p.row, p.year] > 1  # 7.5 prints begroot and gerealiseerd under one row label
        row = f"{p.row}_{p.status}" if twice else p.row
        label = clean_label(p.label)
        if twice:
            label = f"{label} ({p.get_status_display().lower()})"
        result.append(
            Printed(
                f"{p.table}/{row}/{p.year}",
                label,
                p.table.split("-", 1)[0],
                p.year,
                p.value,
                p.unit,
                p.citation,
            )
        )
    return sorted(result, key=lambda f: (_section_order(f.section), f.id.split("/", 1)[0]))  # stable


def _section_order(section: str) -> tuple[int, ...]:
    return tuple(int(part) for part in section.split("."))


def _base_key(tariff_set: TariffSet) -> str:
    return tariff_set.key.replace(f"-{tariff_set.year}", "")


def _tariff_figures(tariff_set: TariffSet) -> list[Printed]:
    section = re.search(r"hfst\. ([0-9.]+[0-9])", tariff_set.locator)
    suffix = TARIFF_SET_SUFFIX.get(_base_key(tariff_set), tariff_set.key)
    set_label = {
        "dvo": _("DVO tariff"),
        "begroot": _("budgeted tariff"),
        "gerealiseerd": _("realised tariff"),
        "benchmark": _("Cedris benchmark"),
        "markt": _("market tariff"),
    }.get(suffix, str(tariff_set))
    return [
        Printed(
            f"{section.group(1) if section else '7.4'}/{t.task}_{suffix}/{tariff_set.year}",
            f"{t.get_task_display()} – {set_label}",
            section.group(1) if section else "7.4",
            tariff_set.year,
            t.amount,
            t.get_unit_display(),
            tariff_set.citation,
            t.note,
        )
        for t in tariff_set.tariffs.all()
    ]


def _checked(figure: Printed, check: Check | None) -> CheckedFigure:
    def made(computed, status, explanation):
        return CheckedFigure(
            figure.id,
            figure.label,
            figure.section,
            figure.year,
            figure.value,
            computed,
            status,
            explanation,
            figure.unit,
            figure.source,
        )

    if check is None:
        return made(None, INPUT, f"{_input_explanation(figure)} {figure.note}".strip())
    with localcontext(PRECISION):
        exact = check.compute(*(q.value for q in check.inputs))
        computed = exact.quantize(HUNDREDTH, rounding=ROUND_HALF_UP)
        if abs(computed - figure.value) <= HALF:
            return made(computed, REPRODUCED, check.method)
        if check.otherwise is not None:
            return made(computed, EXPLAINED, f"{check.method} {check.otherwise(exact)}")
        low, high = _interval(check)
    if low - HALF <= figure.value <= high + HALF:
        why = _(
            "The difference lies within the rounding of the printed figures it is computed from: with each of "
            "them half a unit higher or lower the result lies between %(low)s and %(high)s."
        ) % {"low": format_number(low, 2), "high": format_number(high, 2)}
        return made(computed, EXPLAINED, f"{check.method} {why}")
    # Only after the reference data was edited: shown as unaccounted for (and the check's test fails), never a 500.
    return made(computed, UNACCOUNTED, _("Differs, and no reason is known."))


def _interval(check: Check) -> tuple[Decimal, Decimal]:
    """The lowest and highest result over the corners of the inputs' rounding intervals. Every check is a sum,
    product or quotient of its inputs, monotone in each over its interval, so the corners bound it."""
    corners = [
        check.compute(*corner)
        for corner in itertools.product(*((q.value - q.half, q.value + q.half) for q in check.inputs))
    ]
    return min(corners), max(corners)


def _input_explanation(figure: Printed) -> str:
    section = figure.section
    if "_dvo/" in figure.id:
        return _("DVO tariff 2023 (bijlage 1): an input of the finance engine.")
    if "_benchmark/" in figure.id or "_markt/" in figure.id:
        return _("An external benchmark, given as it is; the report does not print what it is computed from.")
    if "_gerealiseerd/" in figure.id and section == "7.4":
        return _("Realised tariff (nacalculatie) as printed; the report does not print the costs and counts behind it.")
    return _("Taken as printed: the figures of this table are computed from it.")


def unaccounted(checked: Sequence[CheckedFigure]) -> list[CheckedFigure]:
    """Figures without a status or a reason: none, when the check is complete."""
    return [f for f in checked if f.status not in STATUSES or not f.explanation]
