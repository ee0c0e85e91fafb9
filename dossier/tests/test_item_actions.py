"""An element's actions: the primary one in sight, the rest behind one "More" menu; a delete asked in place and
undone back on the page (with its filters) where it was deleted."""

import re

import pytest
from django.urls import reverse

from dossier.models import Risk

from .factories import RiskFactory

pytestmark = pytest.mark.django_db


def risks_url(dossier):
    return reverse("dossier:risks", kwargs={"slug": dossier.slug})


def delete_url(dossier, risk):
    return reverse("dossier:delete", kwargs={"slug": dossier.slug, "kind": "risico", "pk": risk.pk})


def card(html, risk):
    start = html.index(f'<article id="risico-{risk.pk}"')
    return html[start : html.index("</article>", start)]


def test_an_editor_sees_edit_and_one_more_menu_with_the_rest(client_as, dossier, risk):
    html = card(client_as("kwartiermaker").get(risks_url(dossier)).text, risk)
    assert html.count('<details class="menu">') == 1
    visible, menu = html.split('<details class="menu">')
    assert ">Bewerken<" in visible and "Verwijderen" not in visible and "Geschiedenis" not in visible
    for action in ("Verwijderen", "Geschiedenis", "Bron vermelden", "Reageren"):
        assert action in menu, action
    assert "hx-confirm" not in html  # asked in the page, not by the browser's dialog
    assert re.search(r'href="/d/twenterand/risico/\d+/verwijderen/\?next=%2Fd%2Ftwenterand%2Frisicos%2F"', menu)


def test_a_comment_count_stays_in_sight(client_as, dossier, risk, members):
    from werkgroep.anchors import Anchor, anchor_type_for
    from werkgroep.services import thread_open

    thread_open(
        membership=members["werkgroep"].memberships.get(dossier=dossier),
        anchor=Anchor(anchor_type_for(risk), risk, ""),
        text="Klopt de kans?",
    )
    html = card(client_as("kwartiermaker").get(risks_url(dossier)).text, risk)
    visible, menu = html.split('<details class="menu">')
    assert "1 reactie" in visible and "Reageren" not in menu


def test_readers_get_no_menu_and_no_delete(client_as, dossier, risk):
    html = card(client_as("college").get(risks_url(dossier)).text, risk)
    assert '<details class="menu">' not in html and "Verwijderen" not in html and "Bewerken" not in html
    assert "Geschiedenis" in html and "Geen reacties" in html


def test_delete_is_asked_in_place_and_returns_to_the_filtered_page(client_as, dossier, risk):
    client = client_as("kwartiermaker")
    page = f"{risks_url(dossier)}?status=open&volgorde=score-laag"
    htmx = {"HX-Request": "true", "HX-Current-URL": f"http://testserver{page}"}
    confirm = client.get(delete_url(dossier, risk), headers=htmx)
    assert confirm.status_code == 200 and "<html" not in confirm.text
    assert "Verwijderen?" in confirm.text and "U kunt dit daarna ongedaan maken." in confirm.text
    assert f'name="next" value="{page.replace("&", "&amp;")}"' in confirm.text
    assert Risk.objects.filter(pk=risk.pk).exists()  # asking deletes nothing

    deleted = client.post(delete_url(dossier, risk), {"next": page}, headers=htmx)
    assert not Risk.objects.filter(pk=risk.pk).exists()
    assert "is verwijderd" in deleted.text and "Ongedaan maken" in deleted.text
    assert "risico-changed" in deleted["HX-Trigger"]  # the overview table refreshes itself
    undo_next = re.search(r'name="next" value="([^"]+)"', deleted.text).group(1).replace("&amp;", "&")
    assert undo_next == f"{page}#risico-{risk.pk}"
    undo = re.search(r'<form method="post" action="([^"]+)"', deleted.text).group(1)
    response = client.post(undo, {"next": undo_next})
    # Back on the filtered page, at the element, with the note of the undo (and the way on) beside it.
    assert response.status_code == 302
    assert response["Location"] == f"{page}&stap=ongedaan:risico-{risk.pk}#risico-{risk.pk}"
    assert Risk.objects.filter(pk=risk.pk).exists()


def test_without_javascript_the_confirm_page_cancels_and_returns_to_the_page_it_came_from(client_as, dossier, risk):
    client = client_as("kwartiermaker")
    page = f"{risks_url(dossier)}?niveau=laag"
    response = client.get(delete_url(dossier, risk), {"next": page})
    assert response.status_code == 200 and "<h1>Verwijderen: " in response.text
    assert f'href="{page}"' in response.text  # Cancel
    response = client.post(delete_url(dossier, risk), {"next": page})
    assert response.status_code == 302 and response["Location"] == page
    assert not Risk.objects.filter(pk=risk.pk).exists()


@pytest.mark.parametrize("elsewhere", ["https://example.org/d/twenterand/risicos/", "/d/ander/risicos/", "//x.org/"])
def test_a_next_outside_the_dossier_is_ignored(client_as, dossier, risk, elsewhere):
    response = client_as("kwartiermaker").post(delete_url(dossier, risk), {"next": elsewhere})
    assert response.status_code == 302 and response["Location"] == risks_url(dossier)


def test_readers_cannot_ask_or_delete(client_as, dossier, risk):
    for role in ("werkgroep", "college"):
        client = client_as(role)
        assert client.get(delete_url(dossier, risk), headers={"HX-Request": "true"}).status_code == 403
        assert client.post(delete_url(dossier, risk), headers={"HX-Request": "true"}).status_code == 403
    assert Risk.objects.filter(pk=risk.pk).exists()


def test_rows_of_other_kinds_carry_the_same_menu(client_as, dossier):
    from .factories import KaderFactory, MilestoneFactory

    KaderFactory(dossier=dossier)
    MilestoneFactory(dossier=dossier)
    RiskFactory(dossier=dossier)
    client = client_as("kwartiermaker")
    for name in ("kaders", "planning", "risks"):
        html = client.get(reverse(f"dossier:{name}", kwargs={"slug": dossier.slug})).text
        assert html.count('<details class="menu">') >= 1, name
        assert html.count('<details class="menu">') == html.count(">Bewerken<"), name
