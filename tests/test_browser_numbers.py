"""Numbers typed the way a Dutch civil servant types them, in a Chromium set to nl-NL: amounts with a decimal comma
and a thousands dot are read as meant, garbage is refused beside the field with what was typed kept, and a large
change is asked about before it is saved."""

import re
from decimal import Decimal

import pytest
from playwright.sync_api import expect

from scenarios.models import ProviderTariff, Scenario

from .browser_helpers import assert_accessible, count_htmx_swaps, htmx_swap

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DUTCH_AMOUNT = re.compile(r"^-?\d{1,3}(\.\d{3})*,\d{2}$")


def open_tariff_form(page, live_server):
    count_htmx_swaps(page)
    scenario = Scenario.objects.get(dossier__slug="twenterand", kind="andere_aanbieder")
    page.goto(f"{live_server.url}/d/twenterand/scenarios/{scenario.pk}/")
    tariff = ProviderTariff.objects.get(provider__name="Larcom", task="begeleiding_beschut")
    edit = page.get_by_role("link", name="Bewerken Larcom: Begeleiding beschut werk")
    with htmx_swap(page):
        edit.click()
    return tariff, page.get_by_role("textbox", name="Bedrag", exact=True)


def save(page):
    with htmx_swap(page):
        page.get_by_role("button", name="Opslaan", exact=True).click()


def test_an_amount_typed_with_a_decimal_comma_is_saved_as_meant(login, live_server):
    page = login("kwartiermaker")
    tariff, amount = open_tariff_form(page, live_server)
    assert amount.get_attribute("type") == "text" and amount.get_attribute("inputmode") == "decimal"
    assert DUTCH_AMOUNT.match(amount.input_value()), amount.input_value()  # shown the Dutch way: 7.799,00
    amount.fill("")
    amount.type("4495,5")  # was saved as 44955 when this was an <input type=number>
    save(page)
    row = page.locator(f"#tarief-{tariff.pk}")
    expect(row).to_contain_text("€ 4.495,50")
    assert ProviderTariff.objects.get(pk=tariff.pk).amount == Decimal("4495.50")
    assert_accessible(page, "after saving 4495,5")

    with htmx_swap(page):  # by mouse: the saved row's feedback lies beside its buttons, not over them
        row.get_by_role("link", name=re.compile("^Bewerken")).click()
    amount = page.get_by_role("textbox", name="Bedrag", exact=True)
    expect(amount).to_have_value("4.495,50")
    amount.fill("")
    amount.type("€ 4.600")
    save(page)
    expect(row).to_contain_text("€ 4.600")
    assert ProviderTariff.objects.get(pk=tariff.pk).amount == Decimal("4600")


@pytest.mark.parametrize(
    "typed, reason",
    [
        ("12,3,4", "meer dan één komma"),
        ("abc", "Vul een bedrag in"),
        ("1.2.3,4", "groepen van drie cijfers"),
        ("4495.50", "Gebruik een komma voor decimalen: 4495,50"),
    ],
)
def test_garbage_is_refused_beside_the_field_and_kept(login, live_server, typed, reason):
    page = login("kwartiermaker")
    tariff, amount = open_tariff_form(page, live_server)
    saved = ProviderTariff.objects.get(pk=tariff.pk).amount
    amount.fill("")
    amount.type(typed)
    save(page)
    field = page.get_by_role("textbox", name="Bedrag", exact=True)
    expect(field).to_have_value(typed)  # what the user typed, not something else
    error = page.locator("#" + field.get_attribute("aria-describedby").split()[-1])
    expect(error).to_contain_text(reason)  # the reason, linked to the field
    expect(field).to_have_attribute("aria-invalid", "true")
    assert ProviderTariff.objects.get(pk=tariff.pk).amount == saved  # nothing saved
    assert_accessible(page, f"refused {typed}")


def test_a_tenfold_change_is_asked_about_before_it_is_saved(login, live_server):
    page = login("kwartiermaker")
    tariff, amount = open_tariff_form(page, live_server)
    old = ProviderTariff.objects.get(pk=tariff.pk).amount
    tenfold = old * 10
    typed = f"{tenfold:,.2f}".translate(str.maketrans(",.", ".,"))  # 77.990,00
    amount.fill("")
    amount.type(typed)
    save(page)
    question = page.locator(".confirm")
    expect(question).to_contain_text("klopt dat?")
    expect(question).to_contain_text("wordt € ")
    assert ProviderTariff.objects.get(pk=tariff.pk).amount == old  # not yet
    assert_accessible(page, "the question")

    # "Nee, aanpassen" goes back into the amount; the value typed is still there.
    question.get_by_role("link", name="Nee, aanpassen").click()
    expect(page.get_by_role("textbox", name="Bedrag", exact=True)).to_be_focused()
    expect(page.get_by_role("textbox", name="Bedrag", exact=True)).to_have_value(typed)

    with htmx_swap(page):
        question.get_by_role("button", name=re.compile("^Ja, .* opslaan$")).click()
    assert ProviderTariff.objects.get(pk=tariff.pk).amount == tenfold
    expect(page.locator(f"#tarief-{tariff.pk}")).to_be_visible()


def test_a_percentage_is_typed_with_a_comma_and_a_percent_sign(login, live_server):
    page = login("kwartiermaker")
    count_htmx_swaps(page)
    scenario = Scenario.objects.get(dossier__slug="twenterand", kind="andere_aanbieder")
    page.goto(f"{live_server.url}/d/twenterand/scenarios/{scenario.pk}/")
    section = page.locator(f"#scenario-{scenario.pk}-populatie")
    with htmx_swap(page):
        section.get_by_role("link", name=re.compile("^Bewerken")).click()
    share = page.get_by_role("textbox", name=re.compile("^Aandeel in beschut werk"))
    share.fill("")
    share.type("12,5%")
    with htmx_swap(page):
        page.get_by_role("button", name="Opslaan", exact=True).click()
    expect(page.locator(f"#scenario-{scenario.pk}-populatie")).to_contain_text("12,5%")
    assert Scenario.objects.get(pk=scenario.pk).share_beschut == Decimal("0.125")
    assert_accessible(page, "after saving 12,5%")
