"""Real-browser flow of the college's decision: the bestuurssecretariaat records *gewijzigd* on the definitive version
(a missing text is answered beside its field, with the input kept), the dossier is closed for everyone with a banner
and without edit controls, and the kwartiermaker still sets a milestone's status. axe finds nothing on the pages."""

import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from documents import services
from dossier.models import Membership

from .browser_helpers import assert_accessible

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_secretariaat_records_a_gewijzigd_decision_and_the_dossier_closes(login, live_server):
    kwartiermaker = Membership.objects.get(dossier__slug="twenterand", user__username="kwartiermaker")
    services.version_publish(membership=kwartiermaker, status="definitief")
    page = login("bestuurssecretariaat")
    page.goto(f"{live_server.url}/d/twenterand/versies/1/")
    form = page.locator("form", has=page.get_by_role("button", name="Besluit vastleggen"))
    form.get_by_label("Datum van de collegevergadering").fill(timezone.localdate().isoformat())
    form.get_by_role("radio", name="Gewijzigd").check()
    form.get_by_label("Gewijzigde beslispunten (alleen bij “gewijzigd”)").fill("")
    form.get_by_label("Tekst in de besluitenlijst").fill("Gewijzigd besloten: één jaar verlengen.")
    form.get_by_role("button", name="Besluit vastleggen").click()
    expect(page.locator("#besluit-amended_beslispunten_error")).to_contain_text("Schrijf de beslispunten")
    assert page.get_by_label("Tekst in de besluitenlijst").input_value() == "Gewijzigd besloten: één jaar verlengen."
    assert_accessible(page, "the decision form with an error")

    page.get_by_label("Gewijzigde beslispunten (alleen bij “gewijzigd”)").fill("1. De DVO wordt met één jaar verlengd.")
    page.get_by_role("button", name="Besluit vastleggen").click()
    page.wait_for_url(re.compile(r"/versies/1/$"))
    expect(page.locator("#besluit")).to_contain_text("De DVO wordt met één jaar verlengd.")
    expect(page.locator(".closed-banner")).to_contain_text("Besloten op")
    assert_accessible(page, "the version page with the decision")

    page.context.clear_cookies()
    page = login("kwartiermaker")
    page.goto(f"{live_server.url}/d/twenterand/risicos/")
    expect(page.locator(".closed-banner")).to_contain_text("gesloten voor bewerking")
    expect(page.get_by_role("link", name=re.compile("^Bewerken"))).to_have_count(0)
    page.goto(f"{live_server.url}/d/twenterand/planning/")
    status = page.locator("select[name=status]").first
    status.select_option("gereed")
    page.get_by_role("button", name=re.compile("^Status opslaan")).first.click()
    expect(page.locator(".messages")).to_contain_text("is opgeslagen")
    assert_accessible(page, "the planning of a closed dossier")
