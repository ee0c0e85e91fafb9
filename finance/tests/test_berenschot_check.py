"""The Berenschot check figure by figure (finance.berenschot) and `manage.py berenschot_check`: every printed figure
has a status, the reproductions match hand-computed values, and the command keeps its contract."""

import io
import json
import subprocess
import sys
from decimal import ROUND_HALF_UP, Decimal

import pytest
from django.conf import settings
from django.core.management import call_command

from finance.berenschot import STATUSES, unaccounted
from finance.models import PrintedFigure, Tariff
from finance.numbers import format_number
from finance.selectors import berenschot_figures, berenschot_summary

pytestmark = pytest.mark.django_db

KEYS = {"id", "label", "section", "year", "printed", "computed", "difference", "status", "explanation"}


@pytest.fixture
def reference(db):
    call_command("load_finance_reference", stdout=io.StringIO())


@pytest.fixture
def checked(reference):
    return {f.id: f for f in berenschot_figures()}


def cents(value: Decimal) -> Decimal:
    return value.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def run(*args):
    stdout, stderr = io.StringIO(), io.StringIO()
    code = 0
    try:
        call_command("berenschot_check", *args, stdout=stdout, stderr=stderr)
    except SystemExit as exc:
        code = exc.code
    return code, stdout.getvalue(), stderr.getvalue()


def test_every_printed_figure_and_every_tariff_of_7_4_has_a_status_none_unaccounted_for(checked):
    figures = list(checked.values())
    printed_tariffs = Tariff.objects.filter(tariff_set__derived=False).count()
    assert len(figures) == PrintedFigure.objects.count() + printed_tariffs == 136 + 38
    assert unaccounted(figures) == []
    assert {f.status for f in figures} <= set(STATUSES)
    for f in figures:
        if f.status == "input":
            assert f.computed is None and f.difference is None
        else:  # reproduced within half a unit of the last printed digit, or a reason beside a larger difference
            assert f.computed is not None
            assert (abs(f.difference) <= Decimal("0.5")) == (f.status == "reproduced"), f.id
    counts = berenschot_summary(figures)
    assert counts["reproduced"] + counts["explained"] + counts["input"] == 174 and counts["unaccounted"] == 0


def test_the_integral_budget_2023_is_rebuilt_from_the_budget_fte_per_werksoort(checked):
    # budget fte = 7.5 begroot (x 1,000) ÷ 7.4 begroot per fte: 1,782k / 6,854 + 311k / 2,451 + 359k / 5,480
    fte = Decimal(1782000) / 6854 + Decimal(311000) / 2451 + Decimal(359000) / 5480
    expected = cents((Decimal(1782000) - 311000 - 359000) / fte)
    assert expected == Decimal("2458.04")
    figure = checked["7.4/resultaat_integraal_per_fte_begroot/2023"]
    assert figure.computed == expected and figure.printed == 2459 and figure.status == "explained"
    assert "452,4 fte" in figure.explanation  # the true reason: the budget's own fte, not the realised 442.8


def test_the_tables_of_7_6_1_and_the_totaal_block_of_7_7_are_computed(checked):
    # 7.6.1 table 2: revenue x 1,000 ÷ fte, and revenue − costs
    assert checked["7.6.1-b/bedrijfsopbrengsten_per_fte/2022"].computed == cents(Decimal(2862000) / 466)
    assert checked["7.6.1-b/operationeel_resultaat_x1000/2024"].computed == Decimal(3191 - 4769)
    # the series in prices of 2023, in thousands: −1,389,837 × 1.035 × 1.091 and −1,578,051 ÷ 1.06
    assert checked["7.6.1-c/operationeel_resultaat_x1000/2021"].computed == cents(
        Decimal(-1389837) * Decimal("1.035") * Decimal("1.091") / 1000
    )
    assert checked["7.6.1-c/operationeel_resultaat_x1000/2024"].computed == cents(
        Decimal(-1578051) / Decimal("1.06") / 1000
    )
    for year, printed in ((2021, -1569), (2022, -1104), (2023, -913), (2024, -1489)):
        figure = checked[f"7.6.1-c/operationeel_resultaat_x1000/{year}"]
        assert figure.printed == printed and figure.status == "reproduced"
    # 7.7 Totaal 2022: the werksoorten weighted by fte = 7.5 realisation ÷ 7.7 result per fte
    fte = [Decimal(-1573000) / -5890, Decimal(171000) / 1266, Decimal(390000) / 6097]
    revenue = sum(f * r for f, r in zip(fte, (4057, 7172, 12672), strict=True)) / sum(fte)
    assert checked["7.7/totaal_bedrijfsopbrengsten_per_fte/2022"].computed == cents(revenue) == Decimal("6141.99")
    assert checked["7.7/totaal_operationeel_resultaat_per_fte/2024"].computed == Decimal(7488 - 11190)
    assert checked["7.4/resultaat_beschut_per_fte_gerealiseerd/2023"].computed == Decimal(10266 - 4133)


def test_a_difference_within_the_rounding_of_the_inputs_says_so_with_the_range(checked):
    figure = checked["7.6.1-a/operationeel_resultaat_per_fte/2024"]  # −1,578,051 ÷ 426 = −3,704.35; printed −3,703
    assert figure.computed == Decimal("-3704.35") and figure.status == "explained"
    low, high = Decimal(-1578051.5) / Decimal("425.5"), Decimal(-1578050.5) / Decimal("426.5")
    assert format_number(low, 2) in figure.explanation
    assert format_number(high, 2) in figure.explanation


def test_json_keeps_the_contract(reference):
    code, out, err = run()
    assert code == 0 and err == ""
    figures = json.loads(out)["figures"]
    assert len(figures) == 174 and len({f["id"] for f in figures}) == 174
    for f in figures:
        assert set(f) == KEYS
        assert f["status"] in STATUSES and f["explanation"]
        Decimal(f["printed"])
        if f["status"] == "input":
            assert f["computed"] is None and f["difference"] is None
        else:
            assert Decimal(f["computed"]) - Decimal(f["printed"]) == Decimal(f["difference"])
    by_id = {f["id"]: f for f in figures}
    beschut = by_id["7.7/beschut_bedrijfskosten_per_fte/2024"]
    assert beschut["section"] == "7.7" and beschut["year"] == 2024 and beschut["printed"] == "12915"
    integral = by_id["7.4/resultaat_integraal_per_fte_begroot/2023"]
    assert (integral["printed"], integral["computed"], integral["difference"]) == ("2459", "2458.04", "-0.96")
    assert integral["status"] == "explained" and "begrote fte" in integral["explanation"]  # Dutch


def test_table_prints_one_aligned_dutch_row_per_figure(checked):
    code, out, _ = run("--format", "table")
    assert code == 0
    lines = out.splitlines()
    assert lines[0].startswith("Id") and "Gepubliceerd" in lines[0] and "Verklaring" in lines[0]
    rows = lines[2:-1]
    assert [row.split()[0] for row in rows] == list(checked)  # one row per figure, in the list's order
    status_column = lines[0].index("Status")
    assert all(row[status_column:].split()[0] in {"gereproduceerd", "verklaard", "invoer"} for row in rows)
    integral = next(row for row in rows if row.startswith("7.4/resultaat_integraal_per_fte_begroot/2023 "))
    assert "2.459   2.458,04     -0,96  verklaard" in integral and "452,4 fte" in integral
    assert lines[-1].startswith("174 cijfers: 55 gereproduceerd, 30 verklaard, 89 invoer")


@pytest.mark.parametrize("args", [["--format", "xml"], ["extra"], ["--formaat", "json"]])
def test_bad_arguments_print_one_line_and_exit_2(args):
    """As a real process: argparse's own complaints go through StrictCommand (one line, exit 2) before any work."""
    result = subprocess.run(
        [sys.executable, "manage.py", "berenschot_check", *args], capture_output=True, text=True, cwd=settings.BASE_DIR
    )
    assert result.returncode == 2 and result.stdout == ""
    assert result.stderr.startswith("berenschot_check: ") and len(result.stderr.strip().splitlines()) == 1


def test_only_the_printed_index_rates_enter_the_check(db):
    """The assumed rates of later years are no input of 7.6.1; each would double the corners of every interval (a
    50-second page once the yearly assumptions 2025–2040 were loaded)."""
    from finance.berenschot_checks import _index_rates

    call_command("load_finance_reference", stdout=io.StringIO())
    assert sorted(_index_rates()) == [2022, 2023, 2024]
