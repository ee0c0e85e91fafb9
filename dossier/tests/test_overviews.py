"""Overviews before details: the risks sorted and filtered by query parameters, the planning as a timeline, and an
overview page on which every role sees where the beslisdocument stands, with instructions only for who can act."""

import re
from datetime import date, timedelta

import pytest
from django.urls import reverse

from dossier.models import Risk
from dossier.overviews import planning_timeline, risk_headline

from .factories import MilestoneFactory, RiskFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("description", "headline"),
    [
        (
            "Krimp van de Wsw en stijgende kosten per fte. Het aantal daalt.",
            "Krimp van de Wsw en stijgende kosten per fte",
        ),
        ("Lage solvabiliteit van Ontplooj: eigen vermogen € 180.220 (12%).", "Lage solvabiliteit van Ontplooj"),
        ("Termijnrisico DVO: als Twenterand niet vóór 1 oktober 2025 …", "Termijnrisico DVO"),
        ("Kort risico zonder punt", "Kort risico zonder punt"),
        ("Rente van 2.5 procent", "Rente van 2.5 procent"),  # a point inside a number ends no sentence
        (
            "Verlies van stabiliteit voor de doelgroep bij een overgang naar een andere aanbieder, terwijl "
            + "x " * 80,
            "Verlies van stabiliteit voor de doelgroep bij een overgang naar een andere aanbieder",
        ),
    ],
)
def test_a_risk_headline_is_its_first_sentence_or_clause(description, headline):
    assert risk_headline(description) == headline


@pytest.fixture
def risks(dossier):
    return {
        "hoog": RiskFactory(dossier=dossier, description="Hoog risico.", likelihood=5, impact=4, owner="Financiën"),
        "midden": RiskFactory(dossier=dossier, description="Midden risico.", likelihood=3, impact=3, owner="HR"),
        "laag": RiskFactory(
            dossier=dossier, description="Laag risico.", likelihood=1, impact=2, owner="HR", status=Risk.Status.BEHEERST
        ),
    }


def overview_rows(html):
    table = html[html.index('<table class="overview">') : html.index("</table>")]
    return re.findall(r'<th scope="row"><a href="#risico-\d+">([^<]+)</a>', table)


def get(client, dossier, query=""):
    return client.get(reverse("dossier:risks", kwargs={"slug": dossier.slug}) + query)


def test_the_risks_overview_is_sorted_by_score_highest_first(client_as, dossier, risks):
    response = get(client_as("college"), dossier)
    assert overview_rows(response.text) == ["Hoog risico", "Midden risico", "Laag risico"]
    assert 'aria-sort="descending"' in response.text
    assert "3 risico's" in response.text
    # The details follow in the same order.
    cards = re.findall(r'<article id="risico-(\d+)"', response.text)
    assert cards == [str(risks[k].pk) for k in ("hoog", "midden", "laag")]


def test_the_score_heading_sorts_the_other_way_and_keeps_the_filters(client_as, dossier, risks):
    client = client_as("college")
    html = get(client, dossier, "?eigenaar=HR").text
    link = re.search(r'aria-sort="descending">\s*<a href="\?([^"]+)"', html).group(1).replace("&amp;", "&")
    assert link == "eigenaar=HR&volgorde=score-laag"
    html = get(client, dossier, "?" + link).text
    assert overview_rows(html) == ["Laag risico", "Midden risico"] and 'aria-sort="ascending"' in html
    assert overview_rows(get(client, dossier, "?volgorde=invoer").text) == [
        "Hoog risico",
        "Midden risico",
        "Laag risico",
    ]


@pytest.mark.parametrize(
    ("query", "shown"),
    [
        ("?status=beheerst", ["Laag risico"]),
        ("?status=open", ["Hoog risico", "Midden risico"]),
        ("?eigenaar=Financi%C3%ABn", ["Hoog risico"]),
        ("?niveau=hoog", ["Hoog risico"]),
        ("?niveau=midden", ["Midden risico"]),
        ("?niveau=laag&eigenaar=HR", ["Laag risico"]),
        ("?niveau=hoog&status=beheerst", []),
    ],
)
def test_the_risks_overview_filters_on_the_server(client_as, dossier, risks, query, shown):
    html = get(client_as("werkgroep"), dossier, query).text
    assert overview_rows(html) == shown
    if shown:
        assert f"{len(shown)} van 3 risico" in html
    else:
        assert "Geen risico past bij deze filters." in html


def test_an_unknown_filter_value_is_named_beside_its_field_and_ignored(client_as, dossier, risks):
    response = get(client_as("kwartiermaker"), dossier, "?status=%3Cscript%3E&niveau=hoog")
    assert response.status_code == 200
    assert "Selecteer een geldige keuze" in response.text and "<script>" not in response.text
    assert overview_rows(response.text) == ["Hoog risico"]


def test_the_risks_page_costs_a_bounded_number_of_queries(client_as, dossier, django_assert_max_num_queries):
    client = client_as("kwartiermaker")
    for n in range(40):
        RiskFactory(dossier=dossier, description=f"Risico {n}.", owner=f"Eigenaar {n % 7}")
    with django_assert_max_num_queries(12):
        assert get(client, dossier, "?status=open&volgorde=score-laag").status_code == 200


def test_the_planning_timeline_marks_today_between_past_and_upcoming(client_as, dossier):
    today = date.today()
    past = MilestoneFactory(dossier=dossier, title="Gepasseerd", date=today - timedelta(days=30), status="gepland")
    MilestoneFactory(dossier=dossier, title="Komend", date=today + timedelta(days=30))
    timeline = planning_timeline(milestones=[past], today=today)
    assert timeline.past == [past] and timeline.upcoming == []
    html = client_as("college").get(reverse("dossier:planning", kwargs={"slug": dossier.slug})).text
    table = html[html.index('<table class="overview timeline-table">') : html.index("</table>")]
    assert table.index("Gepasseerd") < table.index("Vandaag, ") < table.index("Komend")
    assert table.count("datum verstreken") == 1  # the open milestone past its date, not the coming one


def test_the_college_sees_where_things_stand_and_who_prepares_them_but_no_instruction(client_as, dossier, members):
    MilestoneFactory(dossier=dossier, date=date.today() - timedelta(days=3), status="gepland")
    kwartiermaker = members["kwartiermaker"]
    html = client_as("college").get(reverse("dossier:overview", kwargs={"slug": dossier.slug})).text
    assert "Er is nog geen versie van het beslisdocument vastgesteld." in html
    assert f"De kwartiermaker, {kwartiermaker.get_full_name()}, bereidt het voor." in html
    assert "Werk de status bij" not in html and "stel dan een versie vast" not in html
    assert "De kwartiermaker houdt de planning bij." in html

    html = client_as("kwartiermaker").get(reverse("dossier:overview", kwargs={"slug": dossier.slug})).text
    assert "Werk de status bij in de planning." in html and "stel dan een versie vast" in html


def test_the_werkgroep_is_told_where_to_advise(client_as, dossier, members):
    html = client_as("werkgroep").get(reverse("dossier:overview", kwargs={"slug": dossier.slug})).text
    assert "als uw advies wordt gevraagd" in html and "Werk de status bij" not in html


def test_advice_counts_are_singular_or_plural(client_as, dossier, m):
    from werkgroep.services import advice_give, advice_round_request

    advice_round = advice_round_request(membership=m["kwartiermaker"])
    advice_give(membership=m["werkgroep"], advice_round=advice_round, verdict="positief", text="Akkoord.")
    client = client_as("college")
    html = client.get(reverse("dossier:overview", kwargs={"slug": dossier.slug})).text
    assert re.search(r"1 van de \d+ disciplines heeft geadviseerd\.", html)
    html = client.get(reverse("dossier:advice", kwargs={"slug": dossier.slug})).text
    assert re.search(r"1 van de \d+ disciplines heeft geadviseerd\.", html)
