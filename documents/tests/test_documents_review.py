"""Regressions found in review of versions and documents: Dutch notation everywhere, tables that line up, the
right scenario names, only live risks, advice that says which version it was about, valid numbers, and a command
that leaves nothing behind when it cannot write."""

import re
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from documents import render, services
from documents.models import Beslispunt, DossierVersion, Proposal, ProposalHeading
from dossier.changes import compare, registry_field_kinds, registry_labels
from dossier.models import Milestone, Risk
from scenarios.models import Assessment, Scenario
from werkgroep import services as werkgroep_services

pytestmark = pytest.mark.django_db


def freeze(membership, status="concept"):
    return services.version_publish(membership=membership, status=status)


def test_the_command_freezes_nothing_when_it_cannot_write(kwartiermaker, tmp_path):
    with pytest.raises(SystemExit) as exit_info:
        call_command("proposal_pdf", "--dossier", "twenterand", "--out", str(tmp_path / "nope" / "x.pdf"))
    assert exit_info.value.code == 2
    assert not DossierVersion.objects.exists()


def test_scores_money_and_years_are_dutch_and_the_year_table_lines_up(kwartiermaker, twenterand):
    short = Scenario.objects.filter(dossier=twenterand).exclude(kind="dvo_verlengen").first()
    Scenario.objects.filter(pk=short.pk).update(horizon_end=2030)
    page = render.html(freeze(kwartiermaker), "collegevoorstel")
    assert re.search(r'<td class="num">\d,\d{2}</td>', page), "scores with a decimal comma (two decimals)"
    table = page[page.index("Bijdrage per jaar en scenario") :]
    table = table[: table.index("</table>")]
    header_cells = table[: table.index("</thead>")].count("<th scope")
    for row in re.findall(r"<tr><th scope=\"row\">.*?</tr>", table, re.S):
        assert row.count("<td") == header_cells - 1, "every row has a cell for every year and per fte"


def test_the_year_table_has_the_years_down_and_the_scenarios_across_so_it_fits_an_a4_page(kwartiermaker, twenterand):
    page = render.html(freeze(kwartiermaker), "collegevoorstel")
    table = page[page.index("Bijdrage per jaar en scenario") :]
    table = table[: table.index("</table>")]
    head = table[: table.index("</thead>")]
    names = [s.name for s in Scenario.objects.filter(dossier=twenterand, archived=False)]
    assert head.count('<th scope="col"') == len(names) + 1 and all(name in head for name in names)
    rows = re.findall(r'<tr><th scope="row">([^<]+)</th>', table)
    assert rows[0] == "2026" and rows[-1] == "Per fte (gemiddeld)"


def test_the_beslisdocument_shows_the_weight_of_each_area(kwartiermaker):
    page = render.html(freeze(kwartiermaker), "beslisdocument")
    assert re.search(r"\(gewicht \d+(,\d+)?%\)", page)


def test_only_live_risks_are_the_largest_risks(kwartiermaker, twenterand):
    top = max(Risk.objects.filter(dossier=twenterand), key=lambda r: r.likelihood * r.impact)
    Risk.objects.filter(pk=top.pk).update(status="vervallen", description="Vervallen risico met de hoogste score")
    page = render.html(freeze(kwartiermaker), "collegevoorstel")
    assert "Vervallen risico met de hoogste score" not in page


def test_dates_are_written_as_planned_and_in_dutch(kwartiermaker, twenterand):
    milestone = (
        Milestone.objects.filter(dossier=twenterand, status__in=["gepland", "vertraagd"]).order_by("date").first()
    )
    # Only milestones after the document's date are "next": this one is planned for the next quarter.
    milestone.date = timezone.now().date() + timedelta(days=100)
    Milestone.objects.filter(pk=milestone.pk).update(precision="kwartaal", date=milestone.date)
    version = freeze(kwartiermaker)
    page = render.html(version, "collegevoorstel")
    assert f"Q{(milestone.date.month - 1) // 3 + 1} {milestone.date.year}" in page
    assert not re.search(r"<td>\d{4}-\d{2}-\d{2}</td>", render.html(version, "bronnen"))


def test_an_archived_scenario_cannot_be_proposed_and_keeps_its_name(kwartiermaker, twenterand, client):
    archived = Scenario.objects.filter(dossier=twenterand).exclude(kind="dvo_verlengen").first()
    Scenario.objects.filter(pk=archived.pk).update(archived=True)
    proposal = Proposal.objects.get(dossier=twenterand)
    client.force_login(kwartiermaker.user)
    url = reverse("dossier:edit-section", args=["twenterand", "voorstel", proposal.pk, "kop"])
    data = {
        "onderwerp": proposal.onderwerp,
        "portefeuillehouder": proposal.portefeuillehouder,
        "chosen_scenario": archived.pk,
        "expected_version": proposal.version,
    }
    assert client.post(url, data).status_code == 400
    Proposal.objects.filter(pk=proposal.pk).update(chosen_scenario=archived)  # archived after it was proposed
    version = freeze(kwartiermaker)
    assert f"Voorgesteld scenario: {archived.name} (gearchiveerd" in render.html(version, "collegevoorstel")
    assert Assessment.objects.filter(scenario=archived).exists()
    beslis = render.html(version, "beslisdocument")
    assert f"<td>{archived.name}</td>" in beslis


def test_advice_says_which_version_it_was_about(kwartiermaker):
    freeze(kwartiermaker, "ter_advisering")
    werkgroep_services.advice_round_request(membership=kwartiermaker)
    assert "heeft niet geadviseerd over deze versie" not in render.html(
        DossierVersion.objects.get(number=1), "collegevoorstel"
    )
    later = freeze(kwartiermaker, "definitief")
    assert "Dit advies is gegeven over versie 1" in render.html(later, "collegevoorstel")


@pytest.mark.parametrize(
    "kind,data",
    [("beslispunt", {"number": 0, "text": "Nul"}), ("reactiepunt", {"number": 0, "kind": "conclusie", "text": "Nul"})],
)
def test_numbers_start_at_one(kwartiermaker, client, kind, data):
    client.force_login(kwartiermaker.user)
    response = client.post(reverse("dossier:create", args=["twenterand", kind]), data)
    assert response.status_code == 400


def test_a_heading_position_starts_at_one(kwartiermaker, twenterand, client):
    heading = ProposalHeading.objects.filter(dossier=twenterand).first()
    client.force_login(kwartiermaker.user)
    url = reverse("dossier:edit", args=["twenterand", "voorstelkop", heading.pk])
    data = {"heading": heading.heading, "position": 0, "shown": "on", "expected_version": heading.version}
    assert client.post(url, data).status_code == 400


def test_the_beslispunt_field_allows_what_the_model_allows(kwartiermaker, twenterand, client):
    punt = Beslispunt.objects.filter(dossier=twenterand).first()
    client.force_login(kwartiermaker.user)
    page = client.get(reverse("dossier:edit", args=["twenterand", "beslispunt", punt.pk])).content.decode()
    assert 'maxlength="2000"' in page


def test_changes_show_names_yes_no_years_and_money(kwartiermaker, twenterand):
    first = freeze(kwartiermaker)
    heading = ProposalHeading.objects.filter(dossier=twenterand).first()
    ProposalHeading.objects.filter(pk=heading.pk).update(shown=False)
    scenario = Scenario.objects.filter(dossier=twenterand).exclude(kind="dvo_verlengen").first()
    Scenario.objects.filter(pk=scenario.pk).update(horizon_end=2030)
    Proposal.objects.filter(dossier=twenterand).update(chosen_scenario=scenario)
    second = freeze(kwartiermaker)
    kind_labels, field_labels, result_labels = registry_labels()
    changes = compare(
        first.snapshot,
        second.snapshot,
        kind_labels=kind_labels,
        field_labels=field_labels,
        result_labels=result_labels,
        field_kinds=registry_field_kinds(),
    )
    texts = {(c.what, c.old, c.new) for c in changes.texts}
    assert ("getoond", "ja", "nee") in texts
    assert any(c.new == scenario.name for c in changes.texts), "the proposed scenario by name, not id"
    year = next(c for c in changes.numbers if c.what.startswith("horizon") or "jaar" in c.what and c.kind == "year")
    assert year.kind == "year"
    assert any(c.kind == "money" for c in changes.numbers)
