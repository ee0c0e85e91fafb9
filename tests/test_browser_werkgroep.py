"""Real-browser flow of the werkgroep: a member comments on a risk and mentions the kwartiermaker (choosing the
name from the autocomplete list), the kwartiermaker sees the notification and settles the thread with a note.
axe finds nothing on the thread, the overview and the advice matrix."""

import re

import pytest
from playwright.sync_api import expect

from dossier.models import Risk
from werkgroep.models import Thread

from .browser_helpers import axe_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_werkgroep_mentions_the_kwartiermaker_who_settles_the_thread(login, live_server):
    risk = Risk.objects.filter(dossier__slug="twenterand").order_by("pk").first()
    page = login("werkgroep-juridisch")
    page.goto(f"{live_server.url}/d/twenterand/risicos/")
    page.evaluate("window.notReloaded = true")

    link = page.locator(f'a.comment-link[hx-target="#reacties-risico-{risk.pk}"]')
    link.click()
    panel = page.locator(f"#reacties-risico-{risk.pk}")
    expect(panel.get_by_role("heading", level=2)).to_be_focused()
    field = panel.locator("textarea")
    field.fill("Het personeelsrisico mist de detacheringen. Graag aanvullen, @kwart")
    field.press("End")
    field.type("i")  # the list of members opens while typing
    option = page.get_by_role("option", name=re.compile("Sanne Kwartier"))
    expect(option).to_be_visible()
    field.press("Enter")
    expect(field).to_have_value(re.compile(r"@kwartiermaker $"))
    field.type("**graag voor de volgende versie**.")
    panel.locator("form.new-thread button[type=submit]").click()

    thread = panel.locator("article.thread")
    expect(thread).to_have_count(1)
    expect(thread.locator(".mention")).to_have_text("@kwartiermaker")
    expect(thread.locator("strong").last).to_have_text("graag voor de volgende versie")
    assert page.evaluate("window.notReloaded === true"), "placed in place, no page load"
    count, report = axe_violations(page)
    assert count == 0, report

    # The kwartiermaker: the header counts the notification; it leads to the thread.
    page.context.clear_cookies()
    page = login("kwartiermaker")
    inbox = page.locator("a.inbox-link")
    expect(inbox.locator(".count")).to_have_text("1")
    inbox.click()
    count, report = axe_violations(page)
    assert count == 0, report
    page.locator("ul.notifications a").first.click()
    thread_id = Thread.objects.get(dossier__slug="twenterand").pk
    page.wait_for_url(re.compile(rf"/reacties/draad/{thread_id}/"))
    expect(page.locator("a.inbox-link .count")).to_have_count(0)

    page.locator("details.status-change summary").click()
    page.locator(f"#id_status{thread_id}_status").select_option("verwerkt")
    page.locator(f"#id_status{thread_id}_note").fill("Detacheringen toegevoegd aan het risico.")
    page.locator("details.status-change button[type=submit]").click()
    expect(page.locator(f"#draad-{thread_id} .badge").first).to_have_text("Verwerkt")
    expect(page.locator(f"#draad-{thread_id} .status-note")).to_contain_text("Detacheringen toegevoegd")
    count, report = axe_violations(page)
    assert count == 0, report
    assert Thread.objects.get(pk=thread_id).status == "verwerkt"

    page.goto(f"{live_server.url}/d/twenterand/reacties/")
    expect(page.locator("table")).to_contain_text("Verwerkt")
    count, report = axe_violations(page)
    assert count == 0, report

    page.goto(f"{live_server.url}/d/twenterand/advies/")
    page.locator("form[action$='advies/aanvragen/'] textarea").fill("Graag uw advies over versie 1.")
    page.locator("form[action$='advies/aanvragen/'] button[type=submit]").click()
    expect(page.locator("table.matrix")).to_be_visible()
    count, report = axe_violations(page)
    assert count == 0, report


def test_a_comment_that_is_refused_keeps_what_was_typed(login, live_server):
    risk = Risk.objects.filter(dossier__slug="twenterand").order_by("pk").first()
    page = login("werkgroep-juridisch")
    page.goto(f"{live_server.url}/d/twenterand/risicos/")
    page.locator(f'a.comment-link[hx-target="#reacties-risico-{risk.pk}"]').click()
    panel = page.locator(f"#reacties-risico-{risk.pk}")
    panel.locator("textarea").fill("Vraag voor @niemand hierover")
    panel.locator("form.new-thread button[type=submit]").click()
    expect(panel.locator(".error-text")).to_contain_text("@niemand")
    expect(panel.locator("textarea")).to_have_value("Vraag voor @niemand hierover")
    expect(panel.locator(".form-errors")).to_be_focused()
    count, report = axe_violations(page)
    assert count == 0, report
    assert not Thread.objects.exists()


def test_the_kwartiermaker_freezes_a_version_and_sees_its_hash(login, live_server):
    page = login("kwartiermaker")
    page.goto(f"{live_server.url}/d/twenterand/versies/")
    count, report = axe_violations(page)
    assert count == 0, report
    page.locator("textarea").fill("Concept voor de werkgroep")
    page.locator("form.edit button[type=submit]").click()
    page.wait_for_url(re.compile(r"/versies/1/$"))
    expect(page.locator("h1")).to_contain_text("Versie 1")
    expect(page.locator("dl.fields")).to_contain_text("ongewijzigd")
    count, report = axe_violations(page)
    assert count == 0, report
