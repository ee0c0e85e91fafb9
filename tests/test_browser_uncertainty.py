"""The uncertain inputs edited as a Dutch civil servant types them (nl-NL): a percentage with a comma and a % sign is
read as meant, a distribution that cannot be drawn is refused beside its field with what was typed kept, and the
bands follow the saved inputs."""

import re
from decimal import Decimal

import pytest
from playwright.sync_api import expect

from scenarios.models import UncertainDriver

from .browser_helpers import assert_accessible, count_htmx_swaps, htmx_swap

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PAGE = "/d/twenterand/scenarios/onzekerheid/"


def edit_index(page, live_server):
    count_htmx_swaps(page)
    page.goto(f"{live_server.url}{PAGE}")
    row = UncertainDriver.objects.get(dossier__slug="twenterand", driver="index_rate")
    with htmx_swap(page):
        page.get_by_role("link", name=re.compile("^Bewerken Loonindex")).click()
    return row, page.get_by_role("textbox", name="Laag", exact=True)


def save(page):
    with htmx_swap(page):
        page.get_by_role("button", name="Opslaan", exact=True).click()


def test_a_percentage_typed_with_comma_and_sign_is_saved_as_meant(login, live_server):
    page = login("kwartiermaker")
    page.set_viewport_size({"width": 1366, "height": 768})
    row, low = edit_index(page, live_server)
    expect(low).to_have_value("2")  # shown as the person typed it: a percentage without trailing zeros
    low.fill("")
    low.type("1,5%")
    save(page)
    expect(page.locator(f"#onzekerheid-{row.pk}")).to_contain_text("1,5% – 3% – 4,5%")
    assert UncertainDriver.objects.get(pk=row.pk).low == Decimal("1.5")
    assert_accessible(page, "after saving 1,5%")
    expect(page.get_by_role("table").first).to_contain_text("Kans goedkoopst")


def test_a_low_above_the_most_likely_is_refused_beside_the_field(login, live_server):
    page = login("kwartiermaker")
    row, low = edit_index(page, live_server)
    low.fill("")
    low.type("5,5")
    save(page)
    field = page.get_by_role("textbox", name="Laag", exact=True)
    expect(field).to_have_value("5,5")  # what was typed is kept
    high = page.get_by_role("textbox", name="Hoog", exact=True)
    error = page.locator("#" + high.get_attribute("aria-describedby").split()[-1])
    expect(error).to_contain_text("laag ≤ meest waarschijnlijk ≤ hoog")
    assert UncertainDriver.objects.get(pk=row.pk).low == Decimal("2")  # nothing saved
    assert_accessible(page, "after a refused distribution")
