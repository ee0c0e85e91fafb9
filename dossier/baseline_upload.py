"""A dossier's baseline read from an xlsx file in the layout the projection's export writes (its sheet of headcounts
per year and werksoort): all or nothing, with a Dutch message naming the row and column of what is wrong.

The projection rests on two anchor years, constant shares per werksoort and an fte ratio per werksoort, plus a
constant number of nieuw beschut places added to beschut werk. The upload recovers those from the rows and then
checks every row against them, so a file that the projection cannot represent is refused rather than simplified.
"""

import io
import zipfile
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from finance import selectors as finance_selectors
from finance.engine import WERKSOORTEN
from finance.numbers import NumberFormatError, format_number, parse_number
from finance.projection import nieuw_beschut_places

from . import services
from .errors import DomainError
from .models import PopulationBaseline

MAX_BYTES = 2 * 1024 * 1024
MAX_ROWS = 41  # the projection shows at most 40 years after the first
TOLERANCE = Decimal("0.1")  # a count or fte in the file may differ this much from the one the projection gives


class UploadError(DomainError):
    """What is wrong with the file, in Dutch, naming the row and column where there is one."""


def columns() -> list[str]:
    """The headers of the export's headcount sheet (dossier/projection.py), in the active language."""
    nominal, fte = _("nominal"), "fte"
    return [
        _("Year"),
        _("Wsw total"),
        *[f"{finance_selectors.werksoort_label(w)} ({nominal})" for w in WERKSOORTEN],
        *[f"{finance_selectors.werksoort_label(w)} ({fte})" for w in WERKSOORTEN],
        _("Outside the werksoorten (verloning)"),
    ]


@dataclass(frozen=True)
class Row:
    number: int  # the row number in the sheet, as the spreadsheet program shows it
    year: int
    wsw: Decimal
    nominal: dict[str, Decimal]
    fte: dict[str, Decimal]
    overige: Decimal


def _letter(index: int) -> str:
    return "ABCDEFGHIJKLMNOPQRSTUVWXYZ"[index]


def _cell_number(value, row: int, index: int, header: str) -> Decimal:
    where = _("Row %(row)s, column %(column)s (%(header)s)") % {"row": row, "column": _letter(index), "header": header}
    if value is None or (isinstance(value, str) and not value.strip()):
        raise UploadError(_("%(where)s is empty; a number is needed.") % {"where": where})
    if isinstance(value, bool):
        raise UploadError(_("%(where)s: “%(value)s” is not a number.") % {"where": where, "value": value})
    try:
        number = Decimal(str(value)) if isinstance(value, int | float) else parse_number(str(value))
    except (NumberFormatError, ValidationError, InvalidOperation):
        number = None
    if number is None or not number.is_finite():
        raise UploadError(_("%(where)s: “%(value)s” is not a number.") % {"where": where, "value": str(value)[:40]})
    if number < 0:
        raise UploadError(_("%(where)s: %(value)s is negative; counts cannot be.") % {"where": where, "value": value})
    return number


def read_rows(content: bytes) -> list[Row]:
    """The headcount rows of the workbook in `content`, checked cell by cell."""
    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    if len(content) > MAX_BYTES:
        raise UploadError(_("The file is larger than 2 MB; the projection's export is far smaller."))
    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except (zipfile.BadZipFile, InvalidFileException, KeyError, OSError, ValueError, TypeError):
        raise UploadError(_("This is not a readable xlsx file. Upload the projection's xlsx export.")) from None
    expected = columns()
    try:
        sheet = next(
            (
                s
                for s in workbook.worksheets
                if [str(v or "").strip().lower() for v in next(s.iter_rows(max_row=1, values_only=True), ())[:2]]
                == [h.lower() for h in expected[:2]]
            ),
            None,
        )
        if sheet is None:
            raise UploadError(
                _(
                    "The file has no sheet of headcounts per year (first columns “%(first)s” and “%(second)s”) as "
                    "the projection's xlsx export writes it."
                )
                % {"first": expected[0], "second": expected[1]}
            )
        cells = list(sheet.iter_rows(max_row=MAX_ROWS + 2, max_col=len(expected), values_only=True))
    finally:
        workbook.close()
    header = [str(v or "").strip() for v in cells[0]] + [""] * len(expected)
    for index, name in enumerate(expected):
        if header[index].lower() != name.lower():
            raise UploadError(
                _("Sheet “%(sheet)s”, column %(column)s is headed “%(found)s”; expected “%(expected)s”.")
                % {"sheet": sheet.title, "column": _letter(index), "found": header[index], "expected": name}
            )
    rows = []
    for number, values in enumerate(cells[1:], start=2):
        values = list(values) + [None] * (len(expected) - len(values))
        if all(v is None or (isinstance(v, str) and not v.strip()) for v in values):
            break  # the export leaves a blank row before its note
        if len(rows) == MAX_ROWS:
            raise UploadError(_("Row %(row)s: the projection shows at most 41 years.") % {"row": number})
        numbers = [_cell_number(v, number, i, expected[i]) for i, v in enumerate(values)]
        year = numbers[0]
        if year != year.to_integral_value() or not 2000 <= year <= 2100:
            raise UploadError(
                _("Row %(row)s, column A (%(header)s): %(value)s is not a year between 2000 and 2100.")
                % {"row": number, "header": expected[0], "value": format_number(year)}
            )
        if rows and int(year) != rows[-1].year + 1:
            raise UploadError(
                _("Row %(row)s, column A (%(header)s): %(value)s does not follow %(previous)s; one row per year.")
                % {"row": number, "header": expected[0], "value": int(year), "previous": rows[-1].year}
            )
        n = len(WERKSOORTEN)
        rows.append(
            Row(
                number=number,
                year=int(year),
                wsw=numbers[1],
                nominal=dict(zip(WERKSOORTEN, numbers[2 : 2 + n], strict=True)),
                fte=dict(zip(WERKSOORTEN, numbers[2 + n : 2 + 2 * n], strict=True)),
                overige=numbers[2 + 2 * n],
            )
        )
    if len(rows) < 2:
        raise UploadError(_("The sheet needs at least two years of headcounts (from row 2 on)."))
    return rows


def _q(value: Decimal, places: str) -> Decimal:
    return value.quantize(Decimal(places), rounding=ROUND_HALF_UP)


def _interpolated(rows: list[Row], start: Row, end: Row, method: str) -> list[Decimal]:
    span = Decimal(end.year - start.year)
    values = []
    for row in rows:
        if row.year <= start.year:
            values.append(start.wsw)
        elif row.year >= end.year:
            values.append(end.wsw)
        elif method == "geometric":
            values.append(start.wsw * (end.wsw / start.wsw) ** (Decimal(row.year - start.year) / span))
        else:
            values.append(start.wsw + (end.wsw - start.wsw) * Decimal(row.year - start.year) / span)
    return values


def baseline_fields(rows: list[Row], current: PopulationBaseline | None = None) -> dict:
    """The baseline's headcount fields that give `rows`, or UploadError naming the first row they do not fit.

    The sheet cannot tell the growth of nieuw beschut from the fall of the Wsw (both are straight lines in the
    years), so the growth and the share placed at the provider stay as the `current` baseline has them (none: no
    growth, all at the provider); the places of the first anchor year are read from the sheet."""
    growth = current.nieuw_beschut_growth if current is not None else Decimal(0)
    at_provider = current.nieuw_beschut_at_provider if current is not None else Decimal(1)
    headers = columns()
    first, last = rows[0], rows[-1]
    # The anchors: the held values before the first and after the last anchor year are constant.
    start = next((r for r, nxt in zip(rows, rows[1:], strict=False) if nxt.wsw != r.wsw), first)
    end = next((r for r, prev in zip(reversed(rows), reversed(rows[:-1]), strict=False) if prev.wsw != r.wsw), last)
    if end.year <= start.year:
        start, end = first, last
    method, wsw = "linear", _interpolated(rows, start, end, "linear")
    misfit = next((r for r, v in zip(rows, wsw, strict=True) if abs(r.wsw - v) > TOLERANCE), None)
    if misfit is not None and start.wsw > 0 and end.wsw > 0:
        geometric = _interpolated(rows, start, end, "geometric")
        if all(abs(r.wsw - v) <= TOLERANCE for r, v in zip(rows, geometric, strict=True)):
            method, wsw, misfit = "geometric", geometric, None
    if misfit is not None:
        raise UploadError(
            _(
                "Row %(row)s, column B (%(header)s): %(value)s is not on a straight or a constant-percentage line "
                "between %(start)s (%(start_year)s) and %(end)s (%(end_year)s); the projection computes with two "
                "anchor years."
            )
            % {
                "row": misfit.number,
                "header": headers[1],
                "value": format_number(misfit.wsw),
                "start": format_number(start.wsw),
                "start_year": start.year,
                "end": format_number(end.wsw),
                "end_year": end.year,
            }
        )
    counted = [r for r in rows if r.wsw > 0]
    base = counted[0] if counted else first
    fields = {
        "start_year": start.year,
        "start_count": _q(start.wsw, "0.1"),
        "end_year": end.year,
        "end_count": _q(end.wsw, "0.1"),
        "method": method,
        "first_year": first.year,
        "last_year": last.year,
        "share_overige": _q(base.overige / base.wsw, "0.0001") if base.wsw else Decimal(0),
        "nieuw_beschut_growth": growth,
        "nieuw_beschut_at_provider": at_provider,
    }
    if current is not None:  # werkgeverstaken outside the werksoorten go to people who also get verloning
        fields["share_overige_werkgeverstaken"] = min(current.share_overige_werkgeverstaken, fields["share_overige"])
    nieuw_beschut = Decimal(0)
    for w in WERKSOORTEN:
        if w == "beschut" and counted and counted[-1].wsw != base.wsw:
            # Beschut werk holds the nieuw beschut places too: the places of the first anchor year (and their known
            # growth) at the provider, on top of its share of the Wsw total.
            other = counted[-1]

            def without_growth(row: Row) -> Decimal:
                return row.nominal["beschut"] - growth * max(0, row.year - start.year) * at_provider

            share = (without_growth(other) - without_growth(base)) / (other.wsw - base.wsw)
            at_start = without_growth(base) - base.wsw * share
            nieuw_beschut = at_start / at_provider if at_provider else Decimal(0)
        else:
            share = base.nominal[w] / base.wsw if base.wsw else Decimal(0)
        fields[f"share_{w}"] = _q(max(share, Decimal(0)), "0.0001")
        staffed = next((r for r in rows if r.nominal[w] > 0), None)
        if staffed is not None:
            fields[f"fte_{w}"] = _q(staffed.fte[w] / staffed.nominal[w], "0.0001")
    fields["nieuw_beschut"] = _q(max(nieuw_beschut, Decimal(0)), "0.1")
    _check_rows(rows, wsw, fields)
    return fields


def _check_rows(rows: list[Row], wsw: list[Decimal], fields: dict) -> None:
    """Every count in the file must be what the derived baseline gives for its year."""
    headers = columns()
    start_year = fields["start_year"]
    for row, total in zip(rows, wsw, strict=True):
        places = nieuw_beschut_places(
            fields["nieuw_beschut"],
            fields["nieuw_beschut_growth"],
            fields["nieuw_beschut_at_provider"],
            start_year,
            row.year,
        )
        expected = []
        for w in WERKSOORTEN:
            extra = places if w == "beschut" else Decimal(0)
            expected.append((row.nominal[w], total * fields[f"share_{w}"] + extra))
        for w in WERKSOORTEN:
            ratio = fields.get(f"fte_{w}")
            nominal = total * fields[f"share_{w}"] + (places if w == "beschut" else Decimal(0))
            expected.append((row.fte[w], nominal * ratio if ratio is not None else row.fte[w]))
        expected.append((row.overige, total * fields["share_overige"]))
        for index, (found, computed) in enumerate(expected, start=2):
            if abs(found - computed) > TOLERANCE:
                raise UploadError(
                    _(
                        "Row %(row)s, column %(column)s (%(header)s): %(found)s, where the other rows give "
                        "%(computed)s; the projection computes with one share and one fte ratio per werksoort."
                    )
                    % {
                        "row": row.number,
                        "column": _letter(index),
                        "header": headers[index],
                        "found": format_number(found, 1),
                        "computed": format_number(computed, 1),
                    }
                )


@transaction.atomic
def baseline_upload(*, dossier, content: bytes, filename: str, user, tariff_set=None) -> PopulationBaseline:
    """Create or replace the headcount fields of `dossier`'s baseline from the xlsx in `content`; nothing is saved
    unless all of it is right. A new baseline needs its `tariff_set`."""
    current = PopulationBaseline.objects.select_for_update().filter(dossier=dossier).first()
    fields = baseline_fields(read_rows(content), current)
    who = user.get_full_name() or user.get_username()
    fields["assumption_by"] = _("%(name)s (kwartiermaker)") % {"name": who}
    fields["assumption_on"] = date.today()
    note = _("Headcounts read from %(file)s on %(date)s.") % {
        "file": filename[:100],
        "date": date_format(date.today(), "j F Y"),
    }
    try:
        if current is None:
            if tariff_set is None:
                raise UploadError(_("Choose the tariff set the projection computes with."))
            fields |= {"tariff_set": tariff_set, "assumption_reason": note}
            return services.content_create(model=PopulationBaseline, dossier=dossier, data=fields, user=user)
        fields["assumption_reason"] = f"{note}\n\n{current.assumption_reason}".strip()
        return services.content_update(instance=current, data=fields, user=user, expected_version=None)
    except ValidationError as exc:
        problems = "; ".join(" ".join(m) for m in exc.message_dict.values()) if hasattr(exc, "error_dict") else exc
        message = _("The figures in the file do not make a valid baseline: %(problems)s")
        raise UploadError(message % {"problems": problems}) from exc
