"""The finance reference data: loaded with its sources, and the Berenschot-toets built from it."""

import io
from decimal import Decimal

import pytest
from django.core.management import call_command
from openpyxl import load_workbook

from finance.exports import tables_to_xlsx
from finance.models import Headcount, PrintedFigure, TariffSet
from finance.selectors import berenschot_check

pytestmark = pytest.mark.django_db


@pytest.fixture
def reference(db):
    call_command("load_finance_reference", stdout=io.StringIO())


def test_reference_data_loads_once_with_a_source_for_every_figure(reference):
    assert TariffSet.objects.get(key="ontplooj-dvo-2023").tariffs.count() == 11
    assert Headcount.objects.filter(derived=True, year=2023).count() == 3
    for model in (TariffSet, Headcount, PrintedFigure):
        assert not model.objects.filter(source="").exists()
    rows = PrintedFigure.objects.count()
    call_command("load_finance_reference", stdout=io.StringIO())
    assert PrintedFigure.objects.count() == rows


def test_berenschot_check_reproduces_the_printed_tables(reference):
    tables = {t.key: t for t in berenschot_check()}
    beschut = tables["per-fte"].rows[0]
    assert beschut[0] == "Beschut werk" and beschut[2] == Decimal(6854)
    assert abs(beschut[4]) <= Decimal("0.0005")  # within 0.05%
    for row in tables["per-jaar"].rows:  # total ÷ fte within 0.05% (the table prints whole fte: 426 ≈ 426.2)
        assert abs(row[4] - row[5]) / abs(row[5]) < Decimal("0.0005")
    for row in tables["prijzen-2023"].rows:  # the wage index reproduces the 2023-price series
        assert abs(row[5]) < 1
    for row in tables["per-werksoort"].rows:  # revenue − costs = result, to the euro
        assert abs(row[6]) <= 1
    assert all(tables["tarieven"].sources)


def test_xlsx_has_the_same_numbers_and_a_sources_sheet(reference):
    tables = berenschot_check()
    workbook = load_workbook(io.BytesIO(tables_to_xlsx(tables, "Berenschot-toets")))
    assert len(workbook.sheetnames) == len(tables) + 1
    first = workbook[workbook.sheetnames[0]]
    assert first.cell(row=2, column=2).value == 7150
    assert first.cell(row=2, column=4).value.startswith("Berenschot 2024")
    conversion = workbook[workbook.sheetnames[3]]
    assert Decimal(str(conversion.cell(row=2, column=2).value)) == Decimal("6857.40")  # cents, as on the page
    sources = workbook[workbook.sheetnames[-1]]
    assert sources.max_row == 2 + sum(len(t.rows) for t in tables)


def test_budget_against_realisation_is_recomputed_and_summed(reference):
    table = {t.key: t for t in berenschot_check()}["begroting-realisatie"]
    rows = [r for r in table.rows if r[5] is not None]
    assert len(rows) == 10  # five rows × 2022, 2023
    for row in rows:  # realisation − budget = printed difference, up to rounding to thousands
        assert abs(row[4] - row[5]) <= 1
    sums = [r for r in table.rows if r[5] is None]
    assert all(abs(r[4]) <= 2 for r in sums)  # the rows add up to the printed total


def test_the_workbook_title_is_a_cell_like_any_other_no_formula():
    """The title is user text (a scenario's name): a leading = must not become a formula in the Sources sheet."""
    import io

    from openpyxl import load_workbook

    from finance.exports import tables_to_xlsx

    workbook = load_workbook(io.BytesIO(tables_to_xlsx([], '=HYPERLINK("http://evil")')))
    assert workbook["Bronnen"]["A1"].value == '\'=HYPERLINK("http://evil")'
