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


def test_unknown_extra_keys_are_ignored_and_null_optionals_are_absent():
    payload = copy.deepcopy(EXAMPLE) | {"comment": "scenario A", "overige": None, "index": None}
    result = run(payload)
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
