"""The projection's result in sight: its totals over the horizon in a summary that stays at the top while the
assumptions are edited, and what a change does to them as was → nu (verschil), for the live preview and after a save,
for screen readers too."""

import re
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from dossier.models import PopulationBaseline, Role
from dossier.projection import totals
from dossier.tests.factories import MembershipFactory
from dossier.tests.test_projection import form_data
from finance.engine import to_cents
from finance.numbers import format_difference, format_money

pytestmark = pytest.mark.django_db

URL = "/d/twenterand/financien/projectie/"
HTMX = {"HX-Request": "true"}


@pytest.fixture
def kwartiermaker(client, twenterand):
    client.force_login(MembershipFactory(dossier=twenterand, role=Role.KWARTIERMAKER).user)
    return client


def assumptions(baseline, **changes) -> dict:
    """The assumptions form as the page fills it in (Dutch notation), with `changes` typed over it."""
    return form_data(baseline, **changes)


def visible(html: str) -> str:
    """The text as a sighted user reads it: without what only screen readers hear, tags as spaces, spaces collapsed."""
    shown = re.sub(r"<[^>]+>", " ", re.sub(r'<span class="visually-hidden">[^<]*</span>', "", html))
    return re.sub(r"\s+", " ", shown).replace("( ", "(").replace(" )", ")")


def moved(old, new) -> str:
    old, new = to_cents(old), to_cents(new)
    return f"{format_money(old)} → {format_money(new)} ({format_difference(new - old)})"


def changed(baseline, **fields):
    for name, value in fields.items():
        setattr(baseline, name, value)
    return totals(baseline)


def test_the_page_keeps_the_totals_over_the_horizon_in_sight(kwartiermaker, twenterand):
    baseline = PopulationBaseline.objects.get(dossier=twenterand)
    now = totals(baseline)
    html = kwartiermaker.get(URL).content.decode()
    summary = visible(html[html.index('<section id="projection-summary"') : html.index('id="assumptions"')])
    assert f"Cumulatief {now.first}–{now.last} {format_money(now.cumulative)}" in summary
    assert f"Contante waarde {format_money(now.npv)}" in summary
    assert "Laatste wijziging" not in summary


def test_the_live_preview_says_saved_to_preview_and_saves_nothing(kwartiermaker, twenterand):
    baseline = PopulationBaseline.objects.get(dossier=twenterand)
    before = totals(baseline)
    response = kwartiermaker.post(URL, assumptions(baseline, share_beschut="30"), headers=HTMX)
    assert response.status_code == 200
    html = response.content.decode()
    after = changed(PopulationBaseline.objects.get(dossier=twenterand), share_beschut=Decimal("0.3"))
    summary = visible(html[html.index('<section id="projection-summary"') :])
    assert (
        'id="projection-summary" class="result-bar" aria-labelledby="projection-summary-h" hx-swap-oob="true"' in html
    )
    assert "Voorbeeld, niet opgeslagen" in summary
    assert f"Cumulatief {before.first}–{before.last}: {moved(before.cumulative, after.cumulative)}" in summary
    assert f"Contante waarde: {moved(before.npv, after.npv)}" in summary
    live = visible(html[html.index('hx-swap-oob="innerHTML:#live"') :])
    assert "Voorbeeld herberekend." in live
    assert f"van {format_money(to_cents(before.cumulative))} naar {format_money(to_cents(after.cumulative))}" in live
    assert PopulationBaseline.objects.get(dossier=twenterand).version == baseline.version  # nothing saved


def test_a_preview_of_the_saved_assumptions_has_no_effect(kwartiermaker, twenterand):
    baseline = PopulationBaseline.objects.get(dossier=twenterand)
    html = kwartiermaker.post(URL, assumptions(baseline), headers=HTMX).content.decode()
    assert "geen effect op het resultaat" in visible(html)
    assert "Voorbeeld herberekend: geen effect op het resultaat." in html


def test_a_preview_of_bad_input_keeps_the_saved_totals_in_the_summary(kwartiermaker, twenterand):
    baseline = PopulationBaseline.objects.get(dossier=twenterand)
    saved = totals(baseline)
    response = kwartiermaker.post(URL, assumptions(baseline, end_count="12,3,4"), headers=HTMX)
    assert response.status_code == 200
    html = response.content.decode()
    assert 'class="form-errors" role="alert"' in html
    summary = visible(html[html.index('<section id="projection-summary"') :])
    assert format_money(saved.cumulative) in summary and "Voorbeeld" not in summary
    assert "#live" not in html


def test_after_saving_the_page_says_once_what_the_save_did(kwartiermaker, twenterand):
    baseline = PopulationBaseline.objects.get(dossier=twenterand)
    before = totals(baseline)
    response = kwartiermaker.post(URL, assumptions(baseline, share_beschut="20", opslaan="1"))
    assert response.status_code == 302
    after = totals(PopulationBaseline.objects.get(dossier=twenterand))
    html = kwartiermaker.get(URL).content.decode()
    summary = visible(html[html.index('<section id="projection-summary"') : html.index('id="assumptions"')])
    assert (
        f"Laatste wijziging: Cumulatief {before.first}–{before.last}: {moved(before.cumulative, after.cumulative)}"
        in summary
    )
    announced = html[html.index("data-announce>") :]
    assert announced.startswith("data-announce>Herberekend.")
    assert f"van {format_money(to_cents(before.cumulative))} naar" in announced
    assert "Laatste wijziging" not in kwartiermaker.get(URL).content.decode()  # said once, not on every visit


@pytest.mark.parametrize("role", [Role.WERKGROEP, Role.COLLEGE])
def test_readers_see_the_summary_without_a_form(client, twenterand, role):
    client.force_login(MembershipFactory(dossier=twenterand, role=role).user)
    html = client.get(URL).content.decode()
    assert 'id="projection-summary"' in html and 'id="assumptions"' not in html


def test_the_preview_reads_a_bounded_number_of_queries(kwartiermaker, twenterand):
    baseline = PopulationBaseline.objects.get(dossier=twenterand)
    kwartiermaker.post(URL, assumptions(baseline, share_beschut="30"), headers=HTMX)
    with CaptureQueriesContext(connection) as queries:
        kwartiermaker.post(URL, assumptions(baseline, share_beschut="31"), headers=HTMX)
    assert len(queries) <= 26, [q["sql"] for q in queries.captured_queries]
