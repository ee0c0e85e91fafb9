"""The raadsinformatiebrief: the letter that informs the raad of the college's decision, made from the same version as
the collegevoorstel (the decision, the money of the proposed scenario against extending the DVO, what follows)."""

import html
import re
from decimal import ROUND_HALF_UP, Decimal

import pytest
from django.urls import reverse
from django.utils.translation import gettext

from documents import render, services
from documents.models import Beslispunt, Proposal, WooGround
from documents.viewmodel import BIJLAGEN, DOCUMENTS
from scenarios.models import Scenario

pytestmark = pytest.mark.django_db


def freeze(membership, status="concept"):
    return services.version_publish(membership=membership, status=status)


def text_of(page: str) -> str:
    return html.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", page))).replace("\u00a0", " ")


def whole_euros(value: Decimal) -> str:
    """By hand: half up to whole euros, thousands with a dot."""
    return "€ " + f"{value.quantize(Decimal(1), ROUND_HALF_UP):,}".replace(",", ".")


def test_the_letter_is_a_document_of_the_version_and_a_bijlage_of_the_collegevoorstel(kwartiermaker):
    assert "raadsinformatiebrief" in DOCUMENTS and "raadsinformatiebrief" in BIJLAGEN
    page = text_of(render.html(freeze(kwartiermaker), "collegevoorstel"))
    assert "Raadsinformatiebrief" in page[page.index("Bijlagen") :]


def test_the_letter_states_the_decision_without_the_beslispunt_that_sends_it(kwartiermaker, twenterand):
    proposal = Proposal.objects.get(dossier=twenterand)
    page = text_of(render.html(freeze(kwartiermaker), "raadsinformatiebrief"))
    for heading in ("Geachte leden van de raad", "Besluit van het college", "Financiële consequenties", "Vervolg"):
        assert heading in page, heading
    assert f"“{proposal.chosen_scenario.name}”" in page
    assert "stichting NUO, handelend als Ontplooj" in page and "{" not in page
    sending = Beslispunt.objects.get(dossier=twenterand, text__icontains="raadsinformatiebrief")
    assert sending.text not in page, "the letter does not tell the college to send itself"
    assert "de secretaris" in page and "de burgemeester" in page


def test_the_letter_gives_the_proposed_scenarios_total_and_its_difference_with_extending_the_dvo(
    kwartiermaker, twenterand
):
    version = freeze(kwartiermaker)
    results = {r["id"]: Decimal(r["cumulative"]) for r in version.snapshot["results"]["scenarios"]}
    proposal = Proposal.objects.get(dossier=twenterand)
    extend = Scenario.objects.get(dossier=twenterand, kind="dvo_verlengen")
    chosen, base = results[proposal.chosen_scenario_id], results[extend.pk]
    page = text_of(render.html(version, "raadsinformatiebrief"))
    word = "minder" if chosen < base else "meer"
    assert f"{whole_euros(chosen)}: {whole_euros(abs(chosen - base))} {word} dan “{extend.name}”" in page
    years = sorted({int(y) for r in version.snapshot["results"]["scenarios"] for y in r["yearly"]})
    assert f"Over {years[0]}–{years[-1]}" in page
    assert not re.search(r"€ [\d.]+,\d\d", page), "whole euros in the letter"


def test_without_a_proposed_scenario_the_letter_says_so_instead_of_a_dangling_sentence(kwartiermaker, twenterand):
    Proposal.objects.filter(dossier=twenterand).update(chosen_scenario=None)
    page = text_of(render.html(freeze(kwartiermaker), "raadsinformatiebrief"))
    assert "Er is nog geen scenario voorgesteld" in page
    assert gettext("the scenario still to be chosen") in page and "{scenario}" not in page


def test_the_letter_follows_the_proposals_openbaarheid_and_college_date(kwartiermaker, twenterand):
    ground = WooGround.objects.get(key="5.1 lid 2 sub i")
    Proposal.objects.filter(dossier=twenterand).update(openbaar=False, woo_ground=ground, college_date="2026-12-15")
    page = text_of(render.html(freeze(kwartiermaker), "raadsinformatiebrief"))
    assert "niet openbaar (art. 5.1 lid 2 sub i Woo)" in page
    assert "In zijn vergadering van 15 december 2026 besluit het college" in page


def test_the_letter_is_downloaded_from_the_version_like_the_bijlagen(client, kwartiermaker, twenterand):
    version = freeze(kwartiermaker)
    client.force_login(kwartiermaker.user)
    page = client.get(reverse("dossier:documents", kwargs={"slug": twenterand.slug})).content.decode()
    url = reverse(
        "dossier:document-pdf",
        kwargs={"slug": twenterand.slug, "number": version.number, "document": "raadsinformatiebrief"},
    )
    assert "Raadsinformatiebrief" in page and url in page
    response = client.get(url)
    assert response.status_code == 200 and response.content.startswith(b"%PDF")
    assert "raadsinformatiebrief.pdf" in response["Content-Disposition"]
