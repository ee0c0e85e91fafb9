"""Views per role (200 / 403 / 404 / login redirect), in-place edits, bad input, conflicts and undo."""

import pytest
from django.urls import reverse

from dossier.models import Dossier, ResearchArea, Risk

from .factories import KaderFactory, MilestoneFactory, ResearchAreaFactory, RiskFactory, SourceFactory

pytestmark = pytest.mark.django_db

PAGES = [
    "overview",
    "bestuursopdracht",
    "areas",
    "functions",
    "kaders",
    "planning",
    "risks",
    "participation",
    "sources",
    "history",
]


@pytest.fixture
def content(dossier):
    return {
        "area": ResearchAreaFactory(dossier=dossier, number=1, title="Werkgeverschapstaken", findings="Oud"),
        "risk": RiskFactory(dossier=dossier),
        "kader": KaderFactory(dossier=dossier),
        "milestone": MilestoneFactory(dossier=dossier),
        "source": SourceFactory(dossier=dossier),
    }


def page_urls(dossier, content):
    urls = [reverse(f"dossier:{name}", kwargs={"slug": dossier.slug}) for name in PAGES]
    urls.append(reverse("dossier:area", kwargs={"slug": dossier.slug, "number": 1}))
    return urls


def edit_url(dossier, kind, obj, section=None):
    kwargs = {"slug": dossier.slug, "kind": kind, "pk": obj.pk}
    if section:
        return reverse("dossier:edit-section", kwargs={**kwargs, "section": section})
    return reverse("dossier:edit", kwargs=kwargs)


@pytest.mark.parametrize("role", ["kwartiermaker", "werkgroep", "college"])
def test_every_member_reads_every_page(client_as, dossier, content, role):
    client = client_as(role)
    for url in page_urls(dossier, content):
        assert client.get(url).status_code == 200, url


def test_anonymous_is_sent_to_the_login_page(client, dossier, content):
    for url in page_urls(dossier, content):
        response = client.get(url)
        assert response.status_code == 302 and response["Location"].startswith(reverse("login")), url


def test_another_gemeentes_member_gets_404(client_as, dossier, content):
    client = client_as("outsider")
    for url in page_urls(dossier, content):
        assert client.get(url).status_code == 404, url
    assert client.post(edit_url(dossier, "risico", content["risk"]), {"description": "x"}).status_code == 404


def test_dossier_list_shows_only_own_dossiers(client_as, dossier):
    response = client_as("outsider").get(reverse("dossier:list"))
    assert dossier.gemeente not in response.text


@pytest.mark.parametrize("role", ["werkgroep", "college"])
def test_read_only_members_get_403_on_every_write(client_as, dossier, content, role):
    client = client_as(role)
    risk, area = content["risk"], content["area"]
    writes = [
        (edit_url(dossier, "risico", risk), {"description": "gekaapt", "likelihood": 1, "impact": 1, "status": "open"}),
        (edit_url(dossier, "onderzoeksgebied", area, "findings"), {"findings": "gekaapt"}),
        (edit_url(dossier, "bestuursopdracht", dossier, "aanleiding"), {"aanleiding": "gekaapt"}),
        (
            reverse("dossier:create", kwargs={"slug": dossier.slug, "kind": "risico"}),
            {"description": "nieuw", "likelihood": 1, "impact": 1, "status": "open"},
        ),
        (reverse("dossier:delete", kwargs={"slug": dossier.slug, "kind": "risico", "pk": risk.pk}), {}),
        (
            reverse(
                "dossier:undo",
                kwargs={"slug": dossier.slug, "model": "risk", "history_id": risk.history.latest().history_id},
            ),
            {},
        ),
    ]
    for url, data in writes:
        assert client.get(url).status_code in (403, 405), url
        assert client.post(url, data).status_code == 403, url
        assert client.post(url, data, headers={"HX-Request": "true"}).status_code == 403, url
    risk.refresh_from_db()
    area.refresh_from_db()
    assert risk.description != "gekaapt" and area.findings == "Oud"
    assert Risk.objects.filter(dossier=dossier).count() == 1


def test_read_only_members_see_no_edit_controls(client_as, dossier, content):
    response = client_as("college").get(reverse("dossier:area", kwargs={"slug": dossier.slug, "number": 1}))
    assert "bewerken" not in response.text
    response = client_as("kwartiermaker").get(reverse("dossier:area", kwargs={"slug": dossier.slug, "number": 1}))
    assert "bewerken/findings/" in response.text


def test_kwartiermaker_edits_a_section_in_place_with_htmx(client_as, dossier, content):
    area = content["area"]
    url = edit_url(dossier, "onderzoeksgebied", area, "findings")
    client = client_as("kwartiermaker")
    form = client.get(url, headers={"HX-Request": "true"})
    assert form.status_code == 200 and "<form" in form.text and "<html" not in form.text
    response = client.post(
        url, {"findings": "Nieuwe bevindingen", "expected_version": 1}, headers={"HX-Request": "true"}
    )
    assert response.status_code == 200
    assert "Nieuwe bevindingen" in response.text and "<html" not in response.text
    assert "terugdraaien" in response.text  # the undo button of this save
    area.refresh_from_db()
    assert area.findings == "Nieuwe bevindingen" and area.version == 2


def test_edit_without_javascript_redirects_back_to_the_page(client_as, dossier, content):
    area = content["area"]
    response = client_as("kwartiermaker").post(
        edit_url(dossier, "onderzoeksgebied", area, "findings"), {"findings": "Zonder JS", "expected_version": 1}
    )
    assert response.status_code == 302  # back at the section, with the note that offers its undo
    page = reverse("dossier:area", kwargs={"slug": dossier.slug, "number": 1})
    section = f"onderzoeksgebied-{area.pk}-findings"
    assert response["Location"] == f"{page}?stap=opgeslagen:{section}#{section}"


def test_creating_an_item_with_htmx_appends_it_to_the_list(client_as, dossier):
    url = reverse("dossier:create", kwargs={"slug": dossier.slug, "kind": "risico"})
    response = client_as("kwartiermaker").post(
        url,
        {"description": "Ravijnjaar", "likelihood": 3, "impact": 5, "status": "open"},
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 200
    assert 'hx-swap-oob="beforeend:#risico-list"' in response.text and "Ravijnjaar" in response.text
    assert Risk.objects.get(dossier=dossier).score == 15


@pytest.mark.parametrize("htmx", [False, True])
@pytest.mark.parametrize(
    "data,field,message",
    [
        (
            {"description": "x" * 501, "likelihood": 3, "impact": 3, "status": "open"},
            "description",
            "niet meer dan 500 tekens",
        ),
        ({"description": "Kans te hoog", "likelihood": 7, "impact": 3, "status": "open"}, "likelihood", "hoogstens 5"),
        (
            {"description": "Geen getal", "likelihood": "hoog", "impact": 3, "status": "open"},
            "likelihood",
            "geheel getal",
        ),
    ],
)
def test_bad_risk_input_rerenders_with_the_input_and_a_dutch_error(
    client_as, dossier, content, data, field, message, htmx
):
    risk = content["risk"]
    headers = {"HX-Request": "true"} if htmx else {}
    response = client_as("kwartiermaker").post(
        edit_url(dossier, "risico", risk), {**data, "expected_version": 1}, headers=headers
    )
    # Plain POST: 400 with the page; htmx: the form fragment with 200, so htmx swaps it into place.
    assert response.status_code == (200 if htmx else 400)
    assert ("<html" in response.text) != htmx
    assert message in response.text
    assert f'id="id_{field}_error"' in response.text and 'aria-invalid="true"' in response.text
    assert str(data["description"])[:40] in response.text  # the user's input is kept
    risk.refresh_from_db()
    assert risk.description == "Onvoldoende eenheid in regionale samenwerking" and risk.version == 1


def test_impossible_date_order_is_refused_with_the_input_kept(client_as, dossier):
    url = edit_url(dossier, "bestuursopdracht", dossier, "algemeen")
    data = {
        "title": "Toekomst sw",
        "gemeente": "Twenterand",
        "zaaknummer": "1309531",
        "status": "voorbereiding",
        "period_label": "2025",
        "period_start": "2025-12-31",
        "period_end": "2025-01-01",
        "expected_version": 1,
    }
    response = client_as("kwartiermaker").post(url, data)
    assert response.status_code == 400
    assert "De periode kan niet eindigen voordat die begint." in response.text
    assert 'value="2025-12-31"' in response.text
    dossier.refresh_from_db()
    assert dossier.period_start is None and dossier.version == 1


def test_a_text_field_over_the_limit_is_refused(client_as, dossier, content):
    response = client_as("kwartiermaker").post(
        edit_url(dossier, "onderzoeksgebied", content["area"], "findings"),
        {"findings": "x" * 20_001, "expected_version": 1},
    )
    assert response.status_code == 400 and "niet meer dan 20000 tekens" in response.text.replace(".", "")


def test_conflicting_save_keeps_my_input_and_shows_the_other_change(client_as, dossier, content):
    area = content["area"]
    url = edit_url(dossier, "onderzoeksgebied", area, "findings")
    client = client_as("kwartiermaker")
    assert client.post(url, {"findings": "Versie van collega", "expected_version": 1}).status_code == 302
    response = client.post(url, {"findings": "Mijn versie", "expected_version": 1})
    assert response.status_code == 409
    assert "Mijn versie" in response.text and "Versie van collega" in response.text
    assert "Iemand anders" in response.text
    area.refresh_from_db()
    assert area.findings == "Versie van collega"
    # Saving again from the conflict form (which now carries the new version) deliberately overwrites.
    assert client.post(url, {"findings": "Mijn versie", "expected_version": 2}).status_code == 302
    area.refresh_from_db()
    assert area.findings == "Mijn versie"


def test_history_page_lists_the_change_with_old_and_new_value_and_undo_works(client_as, dossier, content):
    area = content["area"]
    client = client_as("kwartiermaker")
    client.post(edit_url(dossier, "onderzoeksgebied", area, "findings"), {"findings": "Nieuw", "expected_version": 1})
    history = client.get(
        reverse("dossier:history", kwargs={"slug": dossier.slug}) + f"?element=onderzoeksgebied:{area.pk}"
    )
    assert history.status_code == 200
    text = history.text
    assert "Oud" in text and "Nieuw" in text and "gewijzigd" in text
    record = area.history.latest()
    undo = client.post(
        reverse("dossier:undo", kwargs={"slug": dossier.slug, "model": "researcharea", "history_id": record.history_id})
    )
    assert undo.status_code == 302
    area.refresh_from_db()
    assert area.findings == "Oud"


def test_unknown_kind_section_or_history_filter_is_refused_not_500(client_as, dossier, content):
    client = client_as("kwartiermaker")
    base = f"/d/{dossier.slug}"
    assert client.get(f"{base}/onbekend/1/bewerken/").status_code == 404
    assert client.get(edit_url(dossier, "onderzoeksgebied", content["area"], "onbekend")).status_code == 404
    unknown = client.get(reverse("dossier:history", kwargs={"slug": dossier.slug}) + "?element=x:y")
    assert unknown.status_code == 400 and "Dit onderdeel is onbekend" in unknown.text
    assert client.get(edit_url(dossier, "bestuursopdracht", Dossier(pk=dossier.pk + 999))).status_code == 404


def test_delete_and_undo_from_the_page(client_as, dossier, content):
    risk = content["risk"]
    client = client_as("kwartiermaker")
    url = reverse("dossier:delete", kwargs={"slug": dossier.slug, "kind": "risico", "pk": risk.pk})
    assert client.get(url).status_code == 200  # confirmation page without JavaScript
    response = client.post(url, headers={"HX-Request": "true"})
    assert response.status_code == 200 and "ongedaan" in response.text.lower()
    assert not Risk.objects.filter(pk=risk.pk).exists()
    record = Risk.history.filter(id=risk.pk, history_type="-").get()
    client.post(
        reverse("dossier:undo", kwargs={"slug": dossier.slug, "model": "risk", "history_id": record.history_id})
    )
    assert Risk.objects.filter(pk=risk.pk).exists()


def test_query_count_of_a_page_does_not_grow_with_content(client_as, dossier, django_assert_max_num_queries):
    client = client_as("kwartiermaker")
    for n in range(30):
        RiskFactory(dossier=dossier, description=f"Risico {n}")
    with django_assert_max_num_queries(12):
        assert client.get(reverse("dossier:risks", kwargs={"slug": dossier.slug})).status_code == 200


def test_research_area_page_shows_the_areas(client_as, dossier, content):
    response = client_as("college").get(reverse("dossier:areas", kwargs={"slug": dossier.slug}))
    assert ResearchArea.objects.get(dossier=dossier).title in response.text


def test_source_register_shows_where_each_source_is_cited(client_as, dossier, content, django_assert_max_num_queries):
    from django.contrib.contenttypes.models import ContentType

    from dossier.models import Citation

    area, source = content["area"], content["source"]
    Citation.objects.create(
        dossier=dossier,
        source=source,
        locator="hfst. 7.4",
        field="findings",
        content_type=ContentType.objects.get_for_model(area),
        object_id=area.pk,
    )
    client = client_as("werkgroep")
    with django_assert_max_num_queries(8):
        response = client.get(reverse("dossier:sources", kwargs={"slug": dossier.slug}))
    assert "1 keer aangehaald" in response.text
    assert reverse("dossier:area", kwargs={"slug": dossier.slug, "number": 1}) in response.text
    assert "hfst. 7.4" in response.text


@pytest.fixture
def finance_reference(db):
    import io

    from django.core.management import call_command

    call_command("load_finance_reference", stdout=io.StringIO())


@pytest.mark.parametrize("role", ["kwartiermaker", "werkgroep", "college"])
def test_berenschot_page_and_its_xlsx_for_every_member(client_as, dossier, finance_reference, role):
    client = client_as(role)
    url = reverse("dossier:finance-berenschot", kwargs={"slug": dossier.slug})
    response = client.get(url)
    assert response.status_code == 200
    assert "€ 7.150" in response.text and "€ 6.854" in response.text  # Dutch notation, whole euros
    download = client.get(url + "?formaat=xlsx")
    assert download.status_code == 200 and download["Content-Type"].startswith("application/vnd.openxml")


def test_berenschot_page_shows_every_printed_figure_with_its_status(
    client_as, dossier, finance_reference, django_assert_max_num_queries
):
    import re

    from finance.selectors import berenschot_figures

    figures = berenschot_figures()
    client = client_as("college")
    with django_assert_max_num_queries(90):  # 81 today: the reference data is read per table, not per figure
        response = client.get(reverse("dossier:finance-berenschot", kwargs={"slug": dossier.slug}))
    text = response.text
    assert f"{len(figures)} cijfers: " in text and "0 onverklaard" not in text
    sections = re.findall(r'<section class="finance-table" aria-labelledby="t-cijfers-.*?</section>', text, re.S)
    rows = [row for section in sections for row in re.findall(r"<tr><th scope=\"row\">(.*?)</tr>", section, re.S)]
    assert len(rows) == len(figures)
    statuses = {"reproduced": "gereproduceerd", "explained": "verklaard", "input": "invoer"}
    for figure, row in zip(figures, rows, strict=True):
        assert str(figure.year) in row and f"<td>{statuses[figure.status]}</td>" in row
    assert "452,4 fte" in text  # the integral budget rebuilt with the budget's own fte per werksoort


def test_berenschot_page_is_404_for_another_gemeente_and_login_for_anonymous(client, client_as, dossier):
    url = reverse("dossier:finance-berenschot", kwargs={"slug": dossier.slug})
    assert client_as("outsider").get(url).status_code == 404
    client.logout()
    assert client.get(url).status_code == 302


def test_element_ids_are_not_grouped_as_numbers(client_as, dossier):
    """With the thousands separator on, a pk of 12345 must still give id="risico-12345" (not "risico-12.345"),
    or htmx finds no target for the element's own buttons."""
    from .factories import RiskFactory

    RiskFactory(dossier=dossier, pk=12345)
    html = client_as("kwartiermaker").get("/d/twenterand/risicos/").content.decode()
    assert 'id="risico-12345"' in html and 'hx-target="#risico-12345"' in html
    assert "12.345" not in html
