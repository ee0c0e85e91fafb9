"""The Content-Security-Policy in a real browser: no page or htmx swap of the app triggers a violation (an inline
style or script, an eval, a foreign request would be refused silently and break something)."""

import pytest
from playwright.sync_api import expect

from scenarios.models import Scenario

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

RECORD = """document.addEventListener('securitypolicyviolation', e => {
  (window.__csp = window.__csp || []).push(e.violatedDirective + ' ' + e.blockedURI);
});"""


def violations(page, console):
    return (page.evaluate("window.__csp || []"), [m for m in console if "Content Security Policy" in m])


def test_pages_and_swaps_run_under_the_csp_without_violations(login, live_server):
    page = login("kwartiermaker")
    console = []
    page.on("console", lambda message: console.append(message.text))
    page.add_init_script(RECORD)
    scenario = Scenario.objects.get(dossier__slug="twenterand", kind="andere_aanbieder")
    base = f"{live_server.url}/d/twenterand"
    paths = ("/", "/bestuursopdracht/", "/risicos/", "/financien/projectie/", "/scenarios/vergelijking/")
    paths += (f"/scenarios/{scenario.pk}/", "/reacties/", "/advies/", "/versies/", "/documenten/")
    for path in paths:
        response = page.goto(base + path)
        assert response.status == 200, path
        assert "default-src 'self'" in response.headers["content-security-policy"]
        assert violations(page, console) == ([], []), path
    # An htmx swap: open a risk's comments in place, and an edit form.
    page.goto(base + "/risicos/")
    page.locator("details.menu > summary").first.click()  # for the kwartiermaker "Comment" is in the More menu
    page.locator("details.menu[open] a.comment-link").click()
    expect(page.locator("section.threads").first).to_be_visible()
    page.get_by_role("link", name="Bewerken").first.click()
    expect(page.locator("form.edit").first).to_be_visible()
    assert violations(page, console) == ([], [])
