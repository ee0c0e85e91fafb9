"""The Monte Carlo bands in the documents and on the comparison page's partial: the collegevoorstel says who is most
likely the cheapest and within what range (no chart: it stays short), the beslisdocument adds the chart and the tables,
and a version frozen before the bands existed renders as before."""

import copy
import shutil
import subprocess

import pytest
from django.template.loader import render_to_string

from documents import render, services, viewmodel
from finance.tests.test_uncertainty_text import block

pytestmark = pytest.mark.django_db


@pytest.fixture
def frozen(kwartiermaker):
    version = services.version_publish(membership=kwartiermaker, status="concept")
    return version, copy.deepcopy(version.snapshot)


def with_block(frozen, uncertainty="absent"):
    """The frozen version with its snapshot's results given `uncertainty` (in memory; "absent": no key at all)."""
    version, snapshot = frozen
    version.snapshot = copy.deepcopy(snapshot)
    version.snapshot["results"].pop("uncertainty", None)
    if uncertainty != "absent":
        if uncertainty is not None:  # the frozen scenarios' own ids and names, as versioning freezes them
            scenarios = version.snapshot["results"]["scenarios"]
            for own, frozen_scenario in zip(uncertainty["scenarios"], scenarios, strict=False):
                own.update(id=frozen_scenario["id"], name=frozen_scenario["name"])
            best = max(uncertainty["scenarios"], key=lambda s: s["p_cheapest"])
            uncertainty["cheapest"] = {"id": best["id"], "name": best["name"], "p_cheapest": best["p_cheapest"]}
        version.snapshot["results"]["uncertainty"] = uncertainty
    return version


@pytest.mark.parametrize("uncertainty", ["absent", None])
def test_a_version_without_bands_renders_as_before(frozen, uncertainty):
    version = with_block(frozen, uncertainty)
    assert viewmodel.build(version, "collegevoorstel").uncertainty is None
    for document in ("collegevoorstel", "beslisdocument"):
        page = render.html(version, document)
        assert "Monte Carlo" not in page
        assert "Financiële consequenties" in page or "Financiën per scenario" in page


def test_the_collegevoorstel_says_who_is_most_likely_the_cheapest_and_its_range(frozen):
    version = with_block(frozen, block(chances=(0.2, 0.785, 0.015)))
    name = version.snapshot["results"]["scenarios"][1]["name"]
    page = render.html(version, "collegevoorstel")
    finance = page.split('id="s-financien"')[1].split("</section>")[0]
    assert "79%" in finance and "10.000" in finance and name in finance
    # P10 and P90 of its total, whole euros, each kept on one line with its € (a no-break space)
    assert "€\u00a03.600.000" in finance and "€\u00a04.400.000" in finance
    assert "Monte Carlo" in finance and "2026" in finance  # the source line: the seed
    assert "data:image/svg+xml" not in page  # the fan chart is the beslisdocument's


def test_the_beslisdocument_has_the_fan_chart_the_bands_and_the_drivers(frozen):
    version = with_block(frozen, block(chances=(0.5, 0.3, 0.2), left_out=["Scenario X: andere looptijd"]))
    page = render.html(version, "beslisdocument")
    section = page.split('id="uncertainty-h"')[1].split("</section>")[0]
    assert '<img src="data:image/svg+xml;base64,' in section and 'alt="' in section
    for scenario in version.snapshot["results"]["scenarios"][:3]:
        assert scenario["name"] in section
    assert "€\u00a03.440.000" in section and "50%" in section
    assert "105 – 117 – 129" in section and "95% – 110%" in section and "2,5%" in section
    assert "aanname van Financiën (4 december 2026)" in section
    assert "Scenario X: andere looptijd" in section


def test_the_partial_renders_the_block_from_its_dict_and_nothing_without_one():
    page = render_to_string("scenarios/partials/uncertainty.html", {"uncertainty": block(chances=(0.785, 0.215))})
    assert "DVO verlengen" in page and "Larcom voor beschut werk" in page
    assert "79%" in page and "22%" in page  # the chance per scenario, half up
    assert "€ 3.440.000" in page and "€ 4.240.000" in page
    assert '<img src="data:image/svg+xml;base64,' in page
    assert page.count('<th scope="row">2026</th>') == 2  # the bands per year of each scenario
    assert "105 – 117 – 129" in page and "aanname van Financiën" in page
    assert render_to_string("scenarios/partials/uncertainty.html", {"uncertainty": None}).strip() == ""


@pytest.mark.skipif(not shutil.which("pdftotext"), reason="poppler-utils is not installed")
def test_the_beslisdocument_pdf_carries_the_chart_and_the_bands(frozen, tmp_path):
    version = with_block(frozen, block(chances=(0.5, 0.3, 0.2)))
    path = tmp_path / "beslisdocument.pdf"
    path.write_bytes(render.pdf_bytes(render.html(version, "beslisdocument", for_pdf=True)))
    text = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True).stdout
    assert "Monte Carlo" in text and "€ 3.440.000" in text and "105 – 117 – 129" in text
    assert "P10–P90" in text  # the chart's title and legend: its text stays text in the PDF
