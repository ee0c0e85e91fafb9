"""Real-browser flow of the documents: the kwartiermaker freezes the definitive version and previews the
collegevoorstel; the college downloads it from the documents page. axe finds nothing on the pages."""

import re
import shutil
import subprocess

import pytest
from playwright.sync_api import expect

from .browser_helpers import axe_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_freeze_preview_and_download_as_college(login, live_server, tmp_path):
    page = login("kwartiermaker")
    page.goto(f"{live_server.url}/d/twenterand/versies/")
    page.locator("select[name=status]").select_option("definitief")
    page.locator("form.edit button[type=submit]").click()
    page.wait_for_url(re.compile(r"/versies/1/$"))
    page.goto(f"{live_server.url}/d/twenterand/documenten/")
    count, report = axe_violations(page)
    assert count == 0, report
    page.get_by_role("link", name="HTML Collegevoorstel").click()
    expect(page.locator("h2", has_text="Beslispunten")).to_be_visible()
    count, report = axe_violations(page)
    assert count == 0, report
    for document in ("beslisdocument", "lokaal-plan", "reactie", "bronnen", "wijzigingen", "raadsinformatiebrief"):
        page.goto(f"{live_server.url}/d/twenterand/versies/1/{document}/")
        count, report = axe_violations(page)
        assert count == 0, f"{document}: {report}"

    page.context.clear_cookies()
    page = login("college")
    page.goto(f"{live_server.url}/d/twenterand/documenten/")
    expect(page.locator("table")).to_contain_text("Collegevoorstel")
    with page.expect_download() as info:
        page.get_by_role("link", name="PDF downloaden Collegevoorstel").click()
    path = tmp_path / "voorstel.pdf"
    info.value.save_as(path)
    assert path.read_bytes().startswith(b"%PDF")
    if shutil.which("pdftotext"):
        text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True).stdout
        assert "Beslispunten" in text and "Het college besluit" in text
