"""Tables as an xlsx workbook (openpyxl): one sheet per table with the same numbers as the page, each row with
its source, and a sheet listing every source."""

import io
from decimal import Decimal

from django.http import HttpResponse
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font

from .engine import to_cents
from .tables import Table

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# Cents stay in the workbook (a controller adds them up); the spreadsheet shows them in the reader's own notation.
FORMATS = {
    "money": "€ #,##0.00;€ -#,##0.00",
    "amount": "€ #,##0.00;€ -#,##0.00",
    "number": "#,##0.00",
    "fte": "#,##0.0",
    "count": "#,##0",
    "percent": "0.00%",
    "score": "0.00",
    "year": "0",
}


def cell_value(value, kind: str):
    """The number written to a cell: money rounded to cents as on the page, other numbers as they are."""
    if isinstance(value, Decimal):
        return to_cents(value) if kind in ("money", "amount") else value
    if isinstance(value, Promise):  # a lazy translation
        value = str(value)
    if isinstance(value, str):  # control characters that a form let through cannot go into a cell
        return neutralise_formula(ILLEGAL_CHARACTERS_RE.sub("", value))
    return value


FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise_formula(text: str) -> str:
    """Text a user typed never becomes a spreadsheet formula (CSV/formula injection): a leading = + - @ gets a
    quote, as the spreadsheet programs themselves do to show such text literally."""
    return f"'{text}" if text.startswith(FORMULA_STARTS) else text


def tables_to_xlsx(tables: list[Table], title: str) -> bytes:
    workbook = Workbook()
    workbook.remove(workbook.active)
    used = set()
    for table in tables:
        name = _sheet_name(table.title, used)
        sheet = workbook.create_sheet(name)
        sheet.append([cell_value(c.label, "text") for c in table.columns] + [_("Source")])
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        for row, source in zip(table.rows, table.sources, strict=True):
            sheet.append(
                [cell_value(v, c.kind) for v, c in zip(row, table.columns, strict=True)] + [cell_value(source, "text")]
            )
            for cell, column in zip(sheet[sheet.max_row], table.columns, strict=False):
                if column.kind in FORMATS:
                    cell.number_format = FORMATS[column.kind]
        if table.note:
            sheet.append([])
            sheet.append([cell_value(table.note, "text")])
        for letter, width in zip("ABCDEFGHIJ", [34, 16, 16, 16, 16, 16, 16, 16, 40, 60], strict=False):
            sheet.column_dimensions[letter].width = width
    sources = workbook.create_sheet(_sheet_name(_("Sources"), used))
    sources.append([cell_value(title, "text")])
    sources.append([_("Table"), _("Row"), _("Source")])
    for table in tables:
        for number, source in enumerate(table.sources, start=1):
            sources.append([cell_value(table.title, "text"), number, cell_value(source, "text")])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _sheet_name(title: str, used: set) -> str:
    base = ILLEGAL_CHARACTERS_RE.sub("", "".join(ch for ch in title if ch not in "[]:*?/\\"))[:28]
    name, n = base, 2
    while name in used:
        name, n = f"{base[:26]} {n}", n + 1
    used.add(name)
    return name


def xlsx_response(tables: list[Table], title: str, filename: str):
    """An HTTP download of `tables` as an xlsx workbook (used by every page with tables)."""

    response = HttpResponse(tables_to_xlsx(tables, title), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{filename}.xlsx"'
    return response
