"""Undo and redo where the person is: the note beside a saved element, stepping back twice and forward again in
place with htmx, and without JavaScript back to the same page and element."""

import re

import pytest
from django.urls import reverse

from dossier.models import ResearchArea, Risk

from .factories import ResearchAreaFactory, RiskFactory

pytestmark = pytest.mark.django_db
HTMX = {"HX-Request": "true"}


def save_risk(client, dossier, risk, likelihood, htmx=True):
    risk.refresh_from_db()
    url = reverse("dossier:edit", kwargs={"slug": dossier.slug, "kind": "risico", "pk": risk.pk})
    data = {
        "description": risk.description,
        "likelihood": likelihood,
        "impact": risk.impact,
        "status": risk.status,
        "expected_version": risk.version,
    }
    return client.post(url, data, headers=HTMX if htmx else {})


def buttons(response) -> dict[str, str]:
    """The note's buttons: their label -> the URL they post to."""
    html = response.content.decode()
    note = html[html.index('class="step-note"') :]
    forms = re.findall(r'<form method="post" action="([^"]+)".*?<button[^>]*>([^<]+)<', note, re.S)
    return {label.strip(): action for action, label in forms}


def likelihood(risk) -> int:
    risk.refresh_from_db()
    return risk.likelihood


def test_a_save_answers_with_the_element_and_a_note_that_offers_its_undo(client_as, dossier):
    risk = RiskFactory(dossier=dossier, likelihood=1)
    response = save_risk(client_as("kwartiermaker"), dossier, risk, 2)
    html = response.content.decode()
    assert response.status_code == 200 and f'id="risico-{risk.pk}"' in html
    assert 'class="step-note"' in html and 'role="status"' in html and "Opgeslagen." in html
    assert list(buttons(response)) == ["Ongedaan maken"]


def test_undo_twice_in_place_then_redo(client_as, dossier):
    risk = RiskFactory(dossier=dossier, likelihood=1)
    client = client_as("kwartiermaker")
    save_risk(client, dossier, risk, 2)
    saved = save_risk(client, dossier, risk, 3)

    first = client.post(buttons(saved)["Ongedaan maken"], headers=HTMX)
    assert likelihood(risk) == 2
    html = first.content.decode()
    assert f'id="risico-{risk.pk}"' in html and "<html" not in html  # the element itself, to swap back in place
    assert "Ongedaan gemaakt." in html and 'hx-swap-oob="innerHTML:#live"' in html  # announced
    assert list(buttons(first)) == ["Ongedaan maken", "Opnieuw"]

    second = client.post(buttons(first)["Ongedaan maken"], headers=HTMX)
    assert likelihood(risk) == 1
    assert list(buttons(second)) == ["Opnieuw"]  # back at the start: stepping further would remove the risk

    again = client.post(buttons(second)["Opnieuw"], headers=HTMX)
    assert likelihood(risk) == 2 and "Opnieuw uitgevoerd." in again.content.decode()
    assert list(buttons(again)) == ["Ongedaan maken", "Opnieuw"]
    client.post(buttons(again)["Opnieuw"], headers=HTMX)
    assert likelihood(risk) == 3


def test_an_undo_that_someone_overtook_is_refused_in_the_message_area(client_as, dossier, members):
    risk = RiskFactory(dossier=dossier, likelihood=1)
    saved = save_risk(client_as("kwartiermaker"), dossier, risk, 2)
    undo = buttons(saved)["Ongedaan maken"]
    from dossier import services

    risk.refresh_from_db()
    services.content_update(instance=risk, data={"impact": 5}, user=members["werkgroep"], expected_version=2)
    response = client_as("kwartiermaker").post(undo, headers=HTMX)
    assert response["HX-Retarget"] == "#flash"
    assert members["werkgroep"].get_full_name() in response.content.decode()
    assert likelihood(risk) == 2


def test_without_javascript_a_save_and_an_undo_return_to_the_element_with_its_note(client_as, dossier):
    risk = RiskFactory(dossier=dossier, likelihood=1)
    client = client_as("kwartiermaker")
    page = reverse("dossier:risks", kwargs={"slug": dossier.slug})
    saved = save_risk(client, dossier, risk, 2, htmx=False)
    assert saved.status_code == 302
    assert saved["Location"] == f"{page}?stap=opgeslagen:risico-{risk.pk}#risico-{risk.pk}"
    with_note = client.get(saved["Location"])
    assert "Opgeslagen." in with_note.content.decode()
    undo = buttons(with_note)["Ongedaan maken"]
    assert f'name="next" value="{page}#risico-{risk.pk}"' in with_note.content.decode()

    back = client.post(undo, {"next": f"{page}#risico-{risk.pk}"})
    assert back["Location"] == f"{page}?stap=ongedaan:risico-{risk.pk}#risico-{risk.pk}"
    assert likelihood(risk) == 1
    assert list(buttons(client.get(back["Location"]))) == ["Opnieuw"]


def test_a_note_belongs_to_its_own_element_only(client_as, dossier):
    risks = [RiskFactory(dossier=dossier, likelihood=1) for _ in range(3)]
    page = reverse("dossier:risks", kwargs={"slug": dossier.slug})
    client = client_as("kwartiermaker")
    save_risk(client, dossier, risks[1], 2, htmx=False)
    html = client.get(f"{page}?stap=opgeslagen:risico-{risks[1].pk}").content.decode()
    assert html.count('class="step-note"') == 1
    assert html.index(f'id="risico-{risks[1].pk}"') < html.index("step-note") < html.index(f'id="risico-{risks[2].pk}"')
    # another element's id, or nonsense, shows nothing
    for stap in (f"opgeslagen:risico-{risks[1].pk}x", "weg:risico-1", "opgeslagen", ":"):
        assert 'class="step-note"' not in client.get(f"{page}?stap={stap}").content.decode()


def test_a_section_is_undone_in_place_as_a_section(client_as, dossier):
    area = ResearchAreaFactory(dossier=dossier, number=1, findings="A")
    client = client_as("kwartiermaker")
    url = reverse(
        "dossier:edit-section",
        kwargs={"slug": dossier.slug, "kind": "onderzoeksgebied", "pk": area.pk, "section": "findings"},
    )
    saved = client.post(url, {"findings": "B", "expected_version": 1}, headers=HTMX)
    assert 'name="sectie" value="findings"' in saved.content.decode()
    undone = client.post(buttons(saved)["Ongedaan maken"], {"sectie": "findings"}, headers=HTMX)
    html = undone.content.decode()
    assert f'id="onderzoeksgebied-{area.pk}-findings"' in html and "<section" in html
    assert ResearchArea.objects.get(pk=area.pk).findings == "A"


def test_deleting_in_place_can_be_undone_and_redone_in_place(client_as, dossier):
    risk = RiskFactory(dossier=dossier, description="Weg ermee")
    client = client_as("kwartiermaker")
    deleted = client.post(
        reverse("dossier:delete", kwargs={"slug": dossier.slug, "kind": "risico", "pk": risk.pk}), headers=HTMX
    )
    assert "is verwijderd" in deleted.content.decode() and list(buttons(deleted)) == ["Ongedaan maken"]
    restored = client.post(buttons(deleted)["Ongedaan maken"], headers=HTMX)
    assert Risk.objects.filter(pk=risk.pk).exists()
    assert "Weg ermee" in restored.content.decode() and list(buttons(restored)) == ["Opnieuw"]
    gone = client.post(buttons(restored)["Opnieuw"], headers=HTMX)
    assert not Risk.objects.filter(pk=risk.pk).exists()
    assert "is verwijderd" in gone.content.decode() and list(buttons(gone)) == ["Ongedaan maken"]
