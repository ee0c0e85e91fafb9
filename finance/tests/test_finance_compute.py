"""`manage.py finance_compute`: the machine interface, good and bad input, run as a real process."""

import copy
import io
import json
import subprocess
import sys
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from unittest import mock

import pytest
from django.conf import settings
from django.core.management import call_command

EXAMPLE = json.loads((Path(settings.BASE_DIR) / "docs" / "finance-example.json").read_text())


def run(payload, as_text=False):
    """The command in-process (fast), with stdin, stdout, stderr and the exit code of a real run."""
    text = payload if as_text else json.dumps(payload)
    stdout, stderr = io.StringIO(), io.StringIO()
    code = 0
    with mock.patch("sys.stdin", io.StringIO(text)):
        try:
            call_command("finance_compute", "-", stdout=stdout, stderr=stderr)
        except SystemExit as exc:
            code = exc.code
    return subprocess.CompletedProcess([], code, stdout.getvalue(), stderr.getvalue())


def run_process(payload):
    return subprocess.run(
        [sys.executable, "manage.py", "finance_compute", "-"],
        input=json.dumps(payload),
        capture_output=True,
        text=True,
        cwd=settings.BASE_DIR,
    )


def test_as_a_real_process_good_and_bad_input():
    good = run_process(EXAMPLE)
    assert good.returncode == 0 and json.loads(good.stdout)["years"]["2023"]["werksoorten"]["beschut"]
    bad = run_process({"years": [2023]})
    assert bad.returncode == 2 and "'tariff_year'" in bad.stderr and "Traceback" not in bad.stderr


def test_good_input_prints_the_result_shape():
    result = run(EXAMPLE)
    assert result.returncode == 0, result.stderr
    out = json.loads(result.stdout)
    year = out["years"]["2023"]
    assert set(year) == {"werksoorten", "integraal_per_fte", "overige", "extra", "totaal_bijdrage"}
    assert year["werksoorten"]["beschut"] == {"bijdrage": "1765341.00", "per_fte": "6855.69"}
    assert set(year["werksoorten"]) == {"beschut", "groepsdetachering", "individuele_detachering"}


def test_multi_year_with_index_overige_and_units_matches_a_decimal_oracle():
    payload = copy.deepcopy(EXAMPLE)
    payload["years"] = [2023, 2024]
    payload["index"] = {"2024": "0.06"}
    for w, (n, f) in {
        "beschut": (300, "241.3"),
        "groepsdetachering": (120, "111.7"),
        "individuele_detachering": (77, "64.9"),
    }.items():
        payload["headcount"][w]["2024"] = {"nominal": n, "fte": f}
    payload["overige"] = {"2024": {"werkgeverstaken": 101, "verloning": 303}}
    payload["units"] = {"2024": {"werkfit": 12, "loonwaardemeting": 33, "dagbesteding": 1234}}
    out = json.loads(run(payload).stdout)["years"]["2024"]

    t = payload["tariffs"]
    k = Decimal("1.06")
    soorten = {
        w: (Decimal(t["begeleiding"][w]) + 1271 + 321) * payload["headcount"][w]["2024"]["nominal"]
        + Decimal(t["opbrengst"][w]) * Decimal(payload["headcount"][w]["2024"]["fte"])
        for w in t["begeleiding"]
    }
    total = (sum(soorten.values()) + 1271 * 101 + 321 * 303 + 2223 * 12 + 700 * 33 + 47 * 1234) * k
    assert out["totaal_bijdrage"] == str(total.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP))
    assert out["overige"] == str(((1271 * 101 + 321 * 303) * k).quantize(Decimal("0.01")))


def test_a_werksoort_without_people_has_no_per_fte():
    payload = copy.deepcopy(EXAMPLE)
    payload["headcount"]["individuele_detachering"]["2023"] = {"nominal": 0, "fte": 0}
    out = json.loads(run(payload).stdout)["years"]["2023"]
    assert out["werksoorten"]["individuele_detachering"] == {"bijdrage": "0.00", "per_fte": None}


def mutate(path, value=None, delete=False):
    payload = copy.deepcopy(EXAMPLE)
    *parents, last = path
    node = payload
    for key in parents:
        node = node[key]
    if delete:
        del node[last]
    else:
        node[last] = value
    return payload


@pytest.mark.parametrize(
    "payload,key",
    [
        (mutate(["tariff_year"], delete=True), "tariff_year"),
        (mutate(["tariffs", "verloning"], delete=True), "tariffs.verloning"),
        (mutate(["tariffs", "begeleiding", "beschut"], delete=True), "tariffs.begeleiding.beschut"),
        (mutate(["headcount", "beschut", "2023", "nominal"], -1), "headcount.beschut.2023.nominal"),
        (mutate(["headcount", "beschut", "2023", "fte"], 0), "headcount.beschut.2023.fte"),
        (mutate(["headcount", "beschut", "2023", "fte"], 400), "headcount.beschut.2023.fte"),
        (mutate(["headcount", "sociale_firma"], {"2023": {"nominal": 1, "fte": 1}}), "headcount.sociale_firma"),
        (mutate(["tariffs", "opbrengst", "beschut"], "abc"), "tariffs.opbrengst.beschut"),
        (mutate(["tariffs", "werkfit"], True), "tariffs.werkfit"),
        (mutate(["units", "2023", "werkfit"], -3), "units.2023.werkfit"),
        (mutate(["years"], []), "years"),
        (mutate(["years"], [2023, 2025]), "headcount.beschut.2025"),
        (mutate(["index"], {"2024": "zes"}), "index.2024"),
        (mutate(["index"], []), "index"),
        (mutate(["index"], 0), "index"),
    ],
)
def test_bad_input_names_the_key_and_exits_2(payload, key):
    result = run(payload)
    assert result.returncode == 2
    assert f"'{key}'" in result.stderr
    assert "Traceback" not in result.stderr and result.stdout == ""


@pytest.mark.parametrize("text", ["{not json", "[1, 2]", ""])
def test_unreadable_input_exits_2_without_a_traceback(text):
    result = run(text, as_text=True)
    assert result.returncode == 2 and "Traceback" not in result.stderr and "finance_compute:" in result.stderr


def test_missing_file_exits_2():
    stderr = io.StringIO()
    with pytest.raises(SystemExit) as exc:
        call_command("finance_compute", "/nonexistent.json", stderr=stderr)
    assert exc.value.code == 2 and "kan /nonexistent.json niet lezen" in stderr.getvalue()


def test_null_optionals_are_absent():
    nulls = dict.fromkeys(("overige", "index", "units", "fixed_share", "reference_nominal", "months"))
    result = run(copy.deepcopy(EXAMPLE) | nulls)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == json.loads(run({**EXAMPLE, "overige": None, "index": None}).stdout)


@pytest.mark.parametrize("raw,message", [(b"\xff\xfe{}", "geen UTF-8"), (b"[" * 100000, "")])
def test_undecodable_or_absurdly_nested_input_exits_2(raw, message, tmp_path):
    path = tmp_path / "input.json"
    path.write_bytes(raw)
    stderr = io.StringIO()
    with pytest.raises(SystemExit) as exc:
        call_command("finance_compute", str(path), stderr=stderr)
    assert exc.value.code == 2 and message in stderr.getvalue()


def test_a_byte_order_mark_is_accepted(tmp_path):
    path = tmp_path / "input.json"
    path.write_bytes(b"\xef\xbb\xbf" + json.dumps(EXAMPLE).encode())
    stdout = io.StringIO()
    call_command("finance_compute", str(path), stdout=stdout)
    assert json.loads(stdout.getvalue())["years"]["2023"]["totaal_bijdrage"] == "1116811.30"


# ---------------------------------------------------------------------------------------- the hardened contract

EXAMPLE_OUTPUT = {  # docs/finance.md; the contract's checks must not change a valid input's result
    "years": {
        "2023": {
            "werksoorten": {
                "beschut": {"bijdrage": "1765341.00", "per_fte": "6855.69"},
                "groepsdetachering": {"bijdrage": "-288408.00", "per_fte": "-2440.00"},
                "individuele_detachering": {"bijdrage": "-360121.70", "per_fte": "-5366.94"},
            },
            "integraal_per_fte": "2522.16",
            "overige": "0.00",
            "extra": "0.00",
            "totaal_bijdrage": "1116811.30",
        }
    }
}


def test_the_documented_example_gives_the_same_output_as_before():
    assert json.loads(run(EXAMPLE).stdout) == EXAMPLE_OUTPUT


@pytest.mark.parametrize(
    "path,key",
    [
        (["indx"], "indx"),  # the typo that changed a result by 5.7% without a word
        (["comment"], "comment"),
        (["tariffs", "werkfitt"], "tariffs.werkfitt"),
        (["tariffs", "begeleiding", "beschutt"], "tariffs.begeleiding.beschutt"),
        (["headcount", "beschut", "2023", "ftee"], "headcount.beschut.2023.ftee"),
        (["overige", "2023", "verloningen"], "overige.2023.verloningen"),
        (["units", "2023", "werkfittrajecten"], "units.2023.werkfittrajecten"),
        (["reference_nominal"], "reference_nominal.beschut_werk"),
    ],
)
def test_an_unknown_key_anywhere_is_an_error_naming_its_dotted_path(path, key):
    value = {"beschut_werk": 300} if path == ["reference_nominal"] else 1
    result = run(mutate(path, value))
    assert result.returncode == 2 and result.stdout == ""
    assert result.stderr.startswith(f"finance_compute: ongeldige invoer bij '{key}': onbekende")
    assert len(result.stderr.strip().splitlines()) == 1


def test_every_key_the_contract_names_is_accepted():
    payload = copy.deepcopy(EXAMPLE) | {
        "fixed_share": "0.3",
        "reference_nominal": {"beschut": 400, "groepsdetachering": 126, "individuele_detachering": 80},
        "months": {"2023": 12},
    }
    result = run(payload)
    assert result.returncode == 0, result.stderr


def test_fixed_share_and_reference_nominal_reach_the_engine():
    """30% of the cost tariffs fixed at 400 nominal in beschut: per person they rise by 0.3 × 400/323 + 0.7."""
    payload = copy.deepcopy(EXAMPLE) | {"fixed_share": 0.3, "reference_nominal": {"beschut": 400}}
    out = json.loads(run(payload).stdout)["years"]["2023"]["werksoorten"]
    multiplier = Decimal("0.3") * 400 / 323 + Decimal("0.7")
    expected = (Decimal(7150) + 1271 + 321) * 323 * multiplier + Decimal(-4110) * Decimal("257.5")
    assert out["beschut"]["bijdrage"] == str(expected.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP))
    assert out["groepsdetachering"] == EXAMPLE_OUTPUT["years"]["2023"]["werksoorten"]["groepsdetachering"]


@pytest.mark.parametrize(
    "extra,key,words",
    [
        ({"fixed_share": "1.5"}, "fixed_share", "0 tot en met 1"),
        ({"fixed_share": -0.1}, "fixed_share", "0 tot en met 1"),
        ({"fixed_share": "abc"}, "fixed_share", "niet 'abc'"),
        ({"reference_nominal": {"beschut": -1}}, "reference_nominal.beschut", "kleiner"),
        ({"reference_nominal": [1]}, "reference_nominal", "niet [1]"),
        ({"months": {"2023": 13}}, "months.2023", "1 tot en met 12"),
        ({"months": {"2023": 0}}, "months.2023", "1 tot en met 12"),
        ({"months": {"2023": 9.5}}, "months.2023", "niet 9.5"),
        ({"months": {"2024": 3}}, "months.2024", "niet in years"),
        ({"months": {"maart": 3}}, "months.maart", "jaartal"),
    ],
)
def test_the_optional_keys_are_validated(extra, key, words):
    result = run(copy.deepcopy(EXAMPLE) | extra)
    assert result.returncode == 2 and f"'{key}'" in result.stderr and words in result.stderr


def test_three_months_of_a_year_pay_a_quarter_of_it():
    from finance.contract import parse

    inputs = parse(copy.deepcopy(EXAMPLE) | {"months": {"2023": 3}})
    assert inputs.months == {2023: 3}
    output = json.loads(run(copy.deepcopy(EXAMPLE) | {"months": {"2023": 3}}).stdout)
    # No arrangement before it is given, so the other 9 months pay nothing: 1,116,811.30 × 3/12 = 279,202.825.
    assert output["years"]["2023"]["totaal_bijdrage"] == "279202.83"


@pytest.mark.parametrize(
    "path,value,rule",
    [
        (["tariffs", "opbrengst", "beschut"], 4110, "moet 0 of negatief zijn"),
        (["tariffs", "begeleiding", "groepsdetachering"], -4121, "mag niet negatief zijn"),
        (["tariffs", "werkgeverstaken"], -1271, "mag niet negatief zijn"),
        (["tariffs", "verloning"], "-321", "mag niet negatief zijn"),
        (["tariffs", "werkfit"], -1, "mag niet negatief zijn"),
        (["tariffs", "loonwaardemeting"], -700, "mag niet negatief zijn"),
        (["tariffs", "dagbesteding"], -47, "mag niet negatief zijn"),
    ],
)
def test_sign_rules_name_the_key_and_say_the_rule(path, value, rule):
    result = run(mutate(path, value))
    assert result.returncode == 2
    assert f"'{'.'.join(path)}': {rule}" in result.stderr
    assert f"(niet {value if isinstance(value, int) else repr(value)})" in result.stderr


def test_zero_on_the_sign_boundary_is_allowed():
    payload = mutate(["tariffs", "opbrengst", "beschut"], 0)
    payload["tariffs"]["werkfit"] = 0
    assert run(payload).returncode == 0


def test_an_amount_that_rounds_to_zero_prints_0_00_not_minus_0_00():
    payload = copy.deepcopy(EXAMPLE)
    payload["tariffs"] |= {"werkgeverstaken": 0, "verloning": 0}
    payload["tariffs"]["begeleiding"]["individuele_detachering"] = 0
    payload["tariffs"]["opbrengst"]["individuele_detachering"] = "-0.004"
    payload["headcount"]["individuele_detachering"]["2023"] = {"nominal": 1, "fte": 1}
    result = run(payload)
    assert result.returncode == 0 and "-0.00" not in result.stdout
    soort = json.loads(result.stdout)["years"]["2023"]["werksoorten"]["individuele_detachering"]
    assert soort == {"bijdrage": "0.00", "per_fte": "0.00"}


@pytest.mark.parametrize(
    "text,key,written",
    [
        (json.dumps(EXAMPLE).replace('"werkfit": 2223', '"werkfit": 1e400'), "tariffs.werkfit", "1e400"),
        (json.dumps(EXAMPLE).replace('"werkfit": 2223', '"werkfit": "abc"'), "tariffs.werkfit", "'abc'"),
        (json.dumps(EXAMPLE).replace('"werkfit": 2223', '"werkfit": ["x"]'), "tariffs.werkfit", '["x"]'),
        (json.dumps(EXAMPLE).replace('"werkfit": 2223', '"werkfit": NaN'), "tariffs.werkfit", "NaN"),
        (json.dumps(EXAMPLE).replace('"years": [2023]', '"years": [2023.50]'), "years[0]", "2023.50"),
        (json.dumps(EXAMPLE).replace('"fte": 257.5', '"fte": 400.0'), "headcount.beschut.2023.fte", "400.0"),
    ],
)
def test_messages_show_values_as_written_never_a_python_repr(text, key, written):
    result = run(text, as_text=True)
    assert result.returncode == 2 and f"'{key}'" in result.stderr and written in result.stderr
    assert "Decimal(" not in result.stderr and "['x']" not in result.stderr


def test_a_key_with_a_line_break_still_gives_one_line():
    result = run(copy.deepcopy(EXAMPLE) | {"in\ndex": 1})
    assert result.returncode == 2 and len(result.stderr.strip().splitlines()) == 1 and "in\\ndex" in result.stderr
