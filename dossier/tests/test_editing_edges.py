"""Edge cases of in-place editing found in review: none may give a 500, none may lose or hide work."""

import datetime

import pytest
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from django.utils import translation

from dossier.forms import FunctionForm
from dossier.models import Citation, Kader, Membership, Milestone, ResearchArea, Source

from .factories import FunctionFactory, KaderFactory, ResearchAreaFactory, SourceFactory

pytestmark = pytest.mark.django_db


def create_url(dossier, kind, query=""):
    return reverse("dossier:create", kwargs={"slug": dossier.slug, "kind": kind}) + query


@pytest.mark.parametrize("htmx", [False, True])
def test_add_forms_of_every_kind_open(client_as, dossier, htmx):
    function = FunctionFactory(dossier=dossier, number=1)
    client = client_as("kwartiermaker")
    headers = {"HX-Request": "true"} if htmx else {}
    for kind, query in [
        ("onderzoeksgebied", ""),
        ("functie", ""),
        ("toets", f"?function={function.pk}"),
        ("risico", ""),
        ("kader", ""),
        ("mijlpaal", ""),
        ("bron", ""),
        ("organisatie", ""),
        ("deelproduct", ""),
        ("opdrachtgever", ""),
        ("deelnemer", ""),
    ]:
        assert client.get(create_url(dossier, kind, query), headers=headers).status_code == 200, kind


def test_adding_a_research_area_goes_to_its_new_page(client_as, dossier):
    response = client_as("kwartiermaker").post(
        create_url(dossier, "onderzoeksgebied"), {"number": 7, "title": "Vervoer"}, headers={"HX-Request": "true"}
    )
    assert response["HX-Redirect"] == reverse("dossier:area", kwargs={"slug": dossier.slug, "number": 7})


@pytest.mark.parametrize("htmx", [False, True])
def test_a_duplicate_number_or_key_is_a_form_error_beside_the_field(client_as, dossier, htmx):
    ResearchAreaFactory(dossier=dossier, number=1)
    KaderFactory(dossier=dossier, key="wsw", number=7)
    client = client_as("kwartiermaker")
    headers = {"HX-Request": "true"} if htmx else {}
    response = client.post(create_url(dossier, "onderzoeksgebied"), {"number": 1, "title": "Dubbel"}, headers=headers)
    assert response.status_code == (200 if htmx else 400)
    assert "Dubbel" in response.text and "bestaat in dit dossier al een onderzoeksgebied" in response.text
    response = client.post(
        create_url(dossier, "kader"),
        {"number": 8, "kind": "landelijk", "title": "CAO SW", "key": "wsw"},
        headers=headers,
    )
    assert 'id="id_key_error"' in response.text and "bestaat in dit dossier al" in response.text
    assert (
        ResearchArea.objects.filter(dossier=dossier).count() == 1 and Kader.objects.filter(dossier=dossier).count() == 1
    )


def test_cross_field_date_errors_stand_beside_the_field(client_as, dossier):
    url = reverse(
        "dossier:edit-section",
        kwargs={"slug": dossier.slug, "kind": "bestuursopdracht", "pk": dossier.pk, "section": "dvo"},
    )
    response = client_as("kwartiermaker").post(
        url,
        {
            "dvo_provider": "Ontplooj",
            "dvo_end": "2026-10-01",
            "dvo_notice_deadline": "2027-01-01",
            "expected_version": 1,
        },
    )
    assert response.status_code == 400
    assert 'id="id_dvo_notice_deadline_error"' in response.text and "opzeg" in response.text.lower()


def test_undo_that_would_create_a_duplicate_is_refused_with_a_message(client_as, dossier):
    first = KaderFactory(dossier=dossier, key="oud", number=1)
    client = client_as("kwartiermaker")
    edit = reverse("dossier:edit", kwargs={"slug": dossier.slug, "kind": "kader", "pk": first.pk})
    client.post(edit, {"number": 1, "kind": "landelijk", "title": first.title, "key": "nieuw", "expected_version": 1})
    change = first.history.latest()
    KaderFactory(dossier=dossier, key="oud", number=2)
    response = client.post(
        reverse("dossier:undo", kwargs={"slug": dossier.slug, "model": "kader", "history_id": change.history_id}),
        follow=True,
    )
    assert response.status_code == 200 and "kan niet ongedaan" in response.text


def test_undo_of_creating_a_source_that_is_cited_since_is_refused_with_a_message(client_as, dossier):
    client = client_as("kwartiermaker")
    client.post(create_url(dossier, "bron"), {"title": "Raadsbrief", "kind": "raadsbrief", "key": "rb"})
    source = Source.objects.get(dossier=dossier, key="rb")
    created = source.history.get(history_type="+")
    area = ResearchAreaFactory(dossier=dossier)
    Citation.objects.create(
        dossier=dossier,
        source=source,
        locator="p. 2",
        content_type=ContentType.objects.get_for_model(area),
        object_id=area.pk,
    )
    response = client.post(
        reverse("dossier:undo", kwargs={"slug": dossier.slug, "model": "source", "history_id": created.history_id}),
        follow=True,
    )
    assert response.status_code == 200 and Source.objects.filter(pk=source.pk).exists()


def test_deleting_an_element_deletes_its_citations_and_records_it(client_as, dossier):
    area = ResearchAreaFactory(dossier=dossier)
    source = SourceFactory(dossier=dossier)
    citation = Citation.objects.create(
        dossier=dossier,
        source=source,
        locator="p. 2",
        field="findings",
        content_type=ContentType.objects.get_for_model(area),
        object_id=area.pk,
    )
    client_as("kwartiermaker").post(
        reverse("dossier:delete", kwargs={"slug": dossier.slug, "kind": "onderzoeksgebied", "pk": area.pk})
    )
    assert not Citation.objects.filter(pk=citation.pk).exists()
    assert Citation.history.filter(id=citation.pk, history_type="-").exists()


def test_deleting_a_cited_source_with_htmx_keeps_it_and_says_why(client_as, dossier):
    area = ResearchAreaFactory(dossier=dossier)
    source = SourceFactory(dossier=dossier)
    Citation.objects.create(
        dossier=dossier,
        source=source,
        locator="p. 2",
        content_type=ContentType.objects.get_for_model(area),
        object_id=area.pk,
    )
    response = client_as("kwartiermaker").post(
        reverse("dossier:delete", kwargs={"slug": dossier.slug, "kind": "bron", "pk": source.pk}),
        headers={"HX-Request": "true"},
    )
    assert response["HX-Retarget"] == "#flash" and "Verwijder die eerst" in response.text
    assert Source.objects.filter(pk=source.pk).exists()


@pytest.mark.parametrize("model", [Membership, Citation, Source.history.model])
def test_a_crafted_citation_target_is_404(client_as, dossier, model):
    ct = ContentType.objects.get_for_model(model)
    response = client_as("kwartiermaker").get(
        create_url(dossier, "bronvermelding", f"?content_type={ct.pk}&object_id=1")
    )
    assert response.status_code == 404


def test_citing_a_figure_shows_it_beside_the_figure(client_as, dossier):
    source = SourceFactory(dossier=dossier, title="Bestuursopdracht")
    client = client_as("kwartiermaker")
    ct = ContentType.objects.get_for_model(dossier)
    response = client.post(
        create_url(dossier, "bronvermelding"),
        {
            "source": source.pk,
            "locator": "Planning",
            "field": "dvo_end",
            "content_type": ct.pk,
            "object_id": dossier.pk,
        },
    )
    assert response.status_code == 302
    page = client.get(reverse("dossier:bestuursopdracht", kwargs={"slug": dossier.slug}))
    assert "Bestuursopdracht, Planning" in page.text


def test_a_quarter_milestone_is_planned_on_the_quarters_last_day(client_as, dossier):
    client_as("kwartiermaker").post(
        create_url(dossier, "mijlpaal"),
        {"title": "Besluit", "date": "2025-08-01", "precision": "kwartaal", "status": "gepland"},
    )
    assert Milestone.objects.get(dossier=dossier).date == datetime.date(2025, 9, 30)


def test_kaders_are_grouped_in_the_order_of_the_bestuursopdracht(client_as, dossier):
    KaderFactory(dossier=dossier, kind="analyse", number=10, title="Evaluatie Ontplooj")
    KaderFactory(dossier=dossier, kind="bestuurlijk", number=500, title="Nieuw collegeprogramma")
    KaderFactory(dossier=dossier, kind="bestuurlijk", number=1, title="Coalitieakkoord")
    text = client_as("college").get(reverse("dossier:kaders", kwargs={"slug": dossier.slug})).text
    assert text.count("Bestuurlijke kaders") == 1
    assert text.index("Coalitieakkoord") < text.index("Nieuw collegeprogramma") < text.index("Evaluatie Ontplooj")


def test_an_edit_without_its_version_is_refused(client_as, dossier):
    area = ResearchAreaFactory(dossier=dossier, findings="Oud")
    url = reverse(
        "dossier:edit-section",
        kwargs={"slug": dossier.slug, "kind": "onderzoeksgebied", "pk": area.pk, "section": "findings"},
    )
    assert client_as("kwartiermaker").post(url, {"findings": "Zonder versie"}).status_code == 400
    area.refresh_from_db()
    assert area.findings == "Oud"


@pytest.mark.parametrize("chosen", [["9223372036854775808"], ["1" + "0" * 30]])
def test_a_choice_beyond_any_database_number_is_an_invalid_choice(dossier, chosen):
    """A crafted POST naming an organisation by a number the database cannot hold: the usual Dutch refusal beside
    the field, not a server error (SQLite raises OverflowError for it)."""
    function = FunctionFactory(dossier=dossier)
    data = {"number": function.number, "title": function.title, "delivered_by": chosen}
    with translation.override("nl"):
        form = FunctionForm(data, instance=function, dossier=dossier, fields=["number", "title", "delivered_by"])
        assert not form.is_valid()
        assert "geen beschikbare keuze" in form.errors["delivered_by"][0]
