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


def test_a_computation_reads_reference_data_again_only_after_it_changed(reference, django_assert_num_queries):
    from finance.models import IndexRate, Parameter, Tariff
    from finance.reference import reference as read

    first = read()
    with django_assert_num_queries(1):  # the stamp alone
        assert read() is first
    rate = Parameter.objects.get(key="discontovoet")
    rate.value += Decimal("0.01")
    rate.save()  # the admin and the loader write like this: a history row, so a new stamp
    assert read().parameters["discontovoet"] == rate.value
    tariff = Tariff.objects.filter(tariff_set__key="ontplooj-dvo-2023").first()
    tariff.amount += 1
    tariff.save()
    after = read().tariff_sets[tariff.tariff_set_id]
    assert after.amounts[tariff.task] == tariff.amount
    index = IndexRate.objects.first()
    index.delete()  # a deletion leaves a history row too
    assert index.year not in read().index.get(index.series, {})


def test_a_write_committed_after_a_later_one_still_changes_the_stamp(reference):
    """Two writes of reference data at once: the one with the lower history id can commit last. The stamp must
    change when it does, though the newest id stays the same (emulated by taking its history row away and putting
    it back)."""
    from finance.models import Parameter
    from finance.reference import reference as read

    first, second = Parameter.objects.order_by("pk")[:2]
    first.value += Decimal("0.01")
    first.save()
    second.value += Decimal("0.01")
    second.save()
    late = Parameter.history.filter(key=first.key).latest("history_id")
    assert late.history_id < Parameter.history.latest("history_id").history_id
    Parameter.history.filter(history_id=late.history_id).delete()
    Parameter.objects.filter(pk=first.pk).update(value=first.value - Decimal("0.01"))  # not yet committed
    assert read().parameters[first.key] == first.value - Decimal("0.01")
    Parameter.objects.filter(pk=first.pk).update(value=first.value)  # ... and now it is
    late.save()  # its history row, with the same id, appears with the commit
    assert read().parameters[first.key] == first.value
