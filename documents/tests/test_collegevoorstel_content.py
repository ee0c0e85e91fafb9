"""What the college reads in the collegevoorstel and its bijlagen: the header of a real collegevoorstel, beslispunten
that can be decided, only next milestones, sources by title, date and author, and a missing reactie said once."""

import html
import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext, override

from documents import render, services
from documents.models import Proposal, ReactionPoint, WooGround
from documents.viewmodel import source_name
from dossier.models import Milestone, Source
from dossier.tests.factories import MembershipFactory
from scenarios.models import Scenario

pytestmark = pytest.mark.django_db


def freeze(membership, status="concept"):
    return services.version_publish(membership=membership, status=status)


def text_of(page: str) -> str:
    return html.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", page)))


def test_the_header_has_the_data_of_a_real_collegevoorstel_from_the_frozen_version(kwartiermaker, twenterand):
    Proposal.objects.filter(dossier=twenterand).update(
        steller="Beleidsadviseur Werk", afdeling="Sociaal Domein", college_date="2025-09-16", informatieplicht_raad=True
    )
    version = freeze(kwartiermaker)
    Proposal.objects.filter(dossier=twenterand).update(steller="changed after the freeze")
    page = text_of(render.html(version, "collegevoorstel"))
    head = page[: page.index(gettext("Basis of the header"))] if gettext("Basis of the header") in page else page
    for expected in (
        "Twenterand",
        "1309531",
        "Beleidsadviseur Werk",
        "Sociaal Domein",
        "Portefeuillehouder Sociaal Domein",
        "16 september 2025",
        version.short_hash,
        gettext("public"),
        gettext("Besluit college"),
        gettext("conform"),
        gettext("aangehouden"),
        gettext("verworpen"),
    ):
        assert expected in head, expected
    assert "changed after the freeze" not in page, "the header comes from the version, not from live data"
    assert "wethouder Werk en Inkomen" not in page


def test_a_proposal_that_is_not_public_names_its_woo_ground_with_the_text_of_the_law(kwartiermaker, twenterand):
    ground = WooGround.objects.get(key="5.1 lid 2 sub i")
    Proposal.objects.filter(dossier=twenterand).update(openbaar=False, woo_ground=ground)
    page = text_of(render.html(freeze(kwartiermaker), "collegevoorstel"))
    assert "5.1 lid 2 sub i" in page and ground.text in page


def test_the_woo_ground_is_required_when_not_public_and_refused_when_public(twenterand):
    proposal = Proposal.objects.get(dossier=twenterand)
    proposal.openbaar = False
    with pytest.raises(Exception, match="woo_ground"):
        proposal.full_clean()
    proposal.openbaar, proposal.woo_ground_id = True, "5.1 lid 2 sub i"
    with pytest.raises(Exception, match="woo_ground"):
        proposal.full_clean()


def test_the_paraafblok_summarises_the_advice_per_discipline(kwartiermaker, twenterand):
    version = freeze(kwartiermaker)
    page = text_of(render.html(version, "collegevoorstel"))
    head = page[: page.index(gettext("Besluit college"))]
    assert gettext("Advice (paraafblok)") in head
    advice = version.snapshot["werkgroep"].get("advice", [])
    if not advice:
        assert gettext("no advice requested") in head


def test_an_advice_is_quoted_in_full_never_cut(kwartiermaker, twenterand):
    from werkgroep.services import advice_give, advice_round_request

    adviser = MembershipFactory(dossier=twenterand, role="werkgroep", discipline="financien")
    advice_round = advice_round_request(membership=kwartiermaker)
    text = " ".join(["De doorrekening is nagerekend en sluit aan op de begroting; de aannames zijn navolgbaar."] * 8)
    advice_give(membership=adviser, advice_round=advice_round, verdict="kanttekeningen", text=text)
    page = text_of(render.html(freeze(kwartiermaker), "collegevoorstel"))
    assert text in page and "…" not in page


def test_beslispunten_name_the_proposed_scenario_and_end_the_dvo_with_its_date_and_counterparty(
    kwartiermaker, twenterand
):
    proposal = Proposal.objects.get(dossier=twenterand)
    assert proposal.chosen_scenario is not None, "the fixture proposes a scenario"
    assert proposal.chosen_scenario.kind != "dvo_verlengen"
    page = text_of(render.html(freeze(kwartiermaker), "collegevoorstel"))
    beslispunten = page[page.index("Beslispunten") :]
    assert f"“{proposal.chosen_scenario.name}”" in beslispunten
    assert gettext("to terminate") in beslispunten and "dan wel" not in beslispunten
    assert "1 oktober 2025" in beslispunten and "1 oktober 2026" in beslispunten
    assert "stichting NUO, handelend als Ontplooj" in beslispunten
    assert "Almelo hierover" not in beslispunten


def test_a_proposed_dvo_extension_says_verlengen(kwartiermaker, twenterand):
    extend = Scenario.objects.get(dossier=twenterand, kind="dvo_verlengen")
    Proposal.objects.filter(dossier=twenterand).update(chosen_scenario=extend)
    page = text_of(render.html(freeze(kwartiermaker), "collegevoorstel"))
    assert gettext("to extend") in page and gettext("to terminate") + " en" not in page


def test_without_a_proposed_scenario_the_beslispunten_say_still_to_be_chosen(kwartiermaker, twenterand):
    Proposal.objects.filter(dossier=twenterand).update(chosen_scenario=None)
    page = text_of(render.html(freeze(kwartiermaker), "collegevoorstel"))
    assert gettext("the scenario still to be chosen") in page
    assert gettext("to terminate or to extend (still to be chosen: no scenario has been proposed yet)") in page
    assert "{scenario}" not in page and "{dvo_besluit}" not in page


def test_the_freeze_form_warns_when_no_scenario_is_proposed(client, kwartiermaker, twenterand):
    client.force_login(kwartiermaker.user)
    url = reverse("dossier:versions", kwargs={"slug": twenterand.slug})
    assert 'id="freeze-no-scenario"' not in client.get(url).content.decode()
    Proposal.objects.filter(dossier=twenterand).update(chosen_scenario=None)
    page = client.get(url).content.decode()
    assert 'id="freeze-no-scenario"' in page
    assert reverse("dossier:proposal", kwargs={"slug": twenterand.slug}) in page


def test_next_milestones_are_only_those_after_the_documents_date(kwartiermaker, twenterand):
    today = timezone.now().date()
    Milestone.objects.create(dossier=twenterand, title="Long past, never marked done", date=today - timedelta(days=40))
    Milestone.objects.create(dossier=twenterand, title="Next month's step", date=today + timedelta(days=30))
    page = render.html(freeze(kwartiermaker), "collegevoorstel")
    assert "Next month's step" in text_of(page)
    assert "Long past, never marked done" not in page


def test_the_bronnenregister_names_sources_by_title_date_and_author_never_a_file(kwartiermaker, twenterand):
    page = text_of(render.html(freeze(kwartiermaker), "bronnen"))
    assert "Bestuursopdracht toekomst WSW – Toekomst sociale werkvoorziening gemeente Twenterand, 29-01-2025" in page
    assert "seeds/" not in page and ".txt" not in page
    with override("nl"):
        assert source_name({"title": "Evaluatie", "date": None, "author": "Berenschot"}).endswith("Berenschot")
    for source in Source.objects.filter(dossier=twenterand):
        assert source.title in page


def test_the_reactie_without_any_response_says_so_once_at_the_top(kwartiermaker, twenterand):
    ReactionPoint.objects.filter(dossier=twenterand).update(response="")
    page = render.html(freeze(kwartiermaker), "reactie")
    once = gettext("The gemeente has not written its response yet: below are Berenschot's points without a response.")
    assert page.count(text_of(once)[:40]) == 1
    assert gettext("No response has been written yet.") not in page
    ReactionPoint.objects.filter(dossier=twenterand, number=1).update(response="Wij onderschrijven dit punt.")
    page = render.html(freeze(kwartiermaker), "reactie")
    assert "Wij onderschrijven dit punt." in page and text_of(once)[:40] not in page


def header_url(dossier, proposal):
    kwargs = {"slug": dossier.slug, "kind": "voorstel", "pk": proposal.pk, "section": "kopgegevens"}
    return reverse("dossier:edit-section", kwargs=kwargs)


def header_data(proposal, **changes):
    data = {
        "steller": proposal.steller,
        "afdeling": proposal.afdeling,
        "college_date": "",
        "openbaar": "on",
        "woo_ground": "",
        "informatieplicht_raad": "on",
        "header_note": proposal.header_note,
        "expected_version": proposal.version,
    }
    return {k: v for k, v in {**data, **changes}.items() if v is not None}


def test_the_kwartiermaker_edits_the_header_in_place_with_history(client, kwartiermaker, twenterand):
    proposal = Proposal.objects.get(dossier=twenterand)
    client.force_login(kwartiermaker.user)
    before = proposal.history.count()
    data = header_data(proposal, openbaar=None, woo_ground="5.1 lid 2 sub b", college_date="2025-09-16")
    response = client.post(header_url(twenterand, proposal), data, headers={"HX-Request": "true"})
    assert response.status_code == 200
    proposal.refresh_from_db()
    assert not proposal.openbaar and proposal.woo_ground_id == "5.1 lid 2 sub b"
    assert str(proposal.college_date) == "2025-09-16" and proposal.history.count() == before + 1


def test_not_public_without_a_woo_ground_is_refused_beside_the_field_and_nothing_is_saved(
    client, kwartiermaker, twenterand
):
    proposal = Proposal.objects.get(dossier=twenterand)
    client.force_login(kwartiermaker.user)
    data = header_data(proposal, openbaar=None, steller="Typed and kept")
    response = client.post(header_url(twenterand, proposal), data, headers={"HX-Request": "true"})
    assert response.status_code in (200, 400)  # the form again, for htmx to swap in
    page = response.content.decode()
    assert html.escape(gettext("Choose the Woo ground on which the proposal is not public.")) in page
    assert "Typed and kept" in page
    proposal.refresh_from_db()
    assert proposal.openbaar and proposal.steller != "Typed and kept"


@pytest.mark.parametrize("role", ["werkgroep", "college"])
def test_only_the_kwartiermaker_edits_the_header(client, twenterand, role):
    membership = MembershipFactory(dossier=twenterand, role=role)
    proposal = Proposal.objects.get(dossier=twenterand)
    client.force_login(membership.user)
    response = client.post(header_url(twenterand, proposal), header_data(proposal, steller="x"))
    assert response.status_code == 403
    proposal.refresh_from_db()
    assert proposal.steller != "x"
