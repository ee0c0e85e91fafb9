"""The baseline from an xlsx in the layout of the projection's export: the export reads back to the same baseline;
a bad file, a wrong column or a wrong cell is refused whole, with a Dutch message naming where."""

import html
import io
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from dossier.baseline import nieuw_beschut
from dossier.baseline_upload import UploadError, baseline_fields, read_rows
from dossier.loading import dossier_add_standard_structure
from dossier.models import PopulationBaseline, Role
from finance.models import TariffSet

from .factories import DossierFactory, MembershipFactory

HEADCOUNT_FIELDS = (
    "start_year",
    "start_count",
    "end_year",
    "end_count",
    "method",
    "first_year",
    "last_year",
    "nieuw_beschut",
    "share_beschut",
    "share_groepsdetachering",
    "share_individuele_detachering",
    "share_overige",
    "fte_beschut",
    "fte_groepsdetachering",
    "fte_individuele_detachering",
)


@pytest.fixture
def export(twenterand, client):
    """The projection of Twenterand as the college downloads it."""
    client.force_login(MembershipFactory(dossier=twenterand, role=Role.COLLEGE).user)
    response = client.get(reverse("dossier:finance-projection", kwargs={"slug": "twenterand"}) + "?formaat=xlsx")
    assert response.status_code == 200
    return response.content


@pytest.fixture
def empty(twenterand):
    """A second gemeente's dossier from the template, without a baseline, and its kwartiermaker."""
    dossier = DossierFactory(slug="wierden", gemeente="Wierden")
    dossier_add_standard_structure(dossier=dossier)
    return MembershipFactory(dossier=dossier, role=Role.KWARTIERMAKER)


def _upload(client, slug, content, **extra):
    url = reverse("dossier:finance-projection-upload", kwargs={"slug": slug})
    file = SimpleUploadedFile("projectie.xlsx", content, content_type="application/octet-stream")
    return client.post(url, {"file": file, **extra})


def _sheet_name(content: bytes) -> str:
    workbook = load_workbook(io.BytesIO(content), read_only=True)
    return next(s.title for s in workbook.worksheets if s["A1"].value == "Jaar" and s["B1"].value == "Wsw totaal")


def _edit(content: bytes, cell: str, value) -> bytes:
    workbook = load_workbook(io.BytesIO(content))
    workbook[_sheet_name(content)][cell] = value
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def test_the_export_reads_back_to_the_same_baseline(twenterand, export):
    baseline = PopulationBaseline.objects.get(dossier=twenterand)
    fields = baseline_fields(read_rows(export), baseline)  # the growth of nieuw beschut stays as the baseline has it
    assert {name: fields[name] for name in HEADCOUNT_FIELDS} == {
        name: getattr(baseline, name) for name in HEADCOUNT_FIELDS
    }


@pytest.fixture
def steady_export(twenterand, client):
    """Twenterand's projection with nieuw beschut steady and all at the provider: what a new baseline starts with."""
    PopulationBaseline.objects.filter(dossier=twenterand).update(
        nieuw_beschut_growth=0, nieuw_beschut_at_provider=1, share_overige_werkgeverstaken=0
    )
    client.force_login(MembershipFactory(dossier=twenterand, role=Role.COLLEGE).user)
    response = client.get(reverse("dossier:finance-projection", kwargs={"slug": "twenterand"}) + "?formaat=xlsx")
    assert response.status_code == 200
    client.logout()
    return response.content


def test_a_new_gemeente_takes_its_baseline_from_an_export(twenterand, steady_export, empty, client):
    """Round trip through the page: Twenterand's export uploaded into an empty dossier gives the same figures (a new
    baseline has no growth of nieuw beschut: the sheet cannot tell it from the fall of the Wsw)."""
    export = steady_export
    client.force_login(empty.user)
    tariff_set = TariffSet.objects.get(key="ontplooj-dvo-2023")
    refused = _upload(client, "wierden", export)  # a new baseline needs its tariff set
    assert refused.status_code == 400
    assert not PopulationBaseline.objects.filter(dossier=empty.dossier).exists()
    response = _upload(client, "wierden", export, tariff_set=tariff_set.pk)
    assert response.status_code == 302
    page = html.unescape(client.get(response["Location"]).content.decode())
    assert "De aantallen zijn ingelezen uit projectie.xlsx." in page
    assert "Deze gemeente heeft nog geen uitgangssituatie" not in page
    source = PopulationBaseline.objects.get(dossier=twenterand)
    new = PopulationBaseline.objects.get(dossier=empty.dossier)
    assert all(getattr(new, name) == getattr(source, name) for name in HEADCOUNT_FIELDS)
    assert new.tariff_set == tariff_set and new.assumption_on is not None
    assert "Aantallen ingelezen uit projectie.xlsx" in new.assumption_reason
    assert new.history.count() == 1  # recorded like any other write


def test_changed_counts_replace_the_headcounts_and_keep_the_rest(twenterand, export, client):
    kwartiermaker = MembershipFactory(dossier=twenterand, role=Role.KWARTIERMAKER)
    client.force_login(kwartiermaker.user)
    before = PopulationBaseline.objects.get(dossier=twenterand)
    # Twenty fewer Wsw employees from 2024 on: every count of the rows follows from the baseline, so change them all.
    rows = read_rows(export)
    workbook = load_workbook(io.BytesIO(export))
    sheet = workbook[_sheet_name(export)]
    factor = Decimal(218) / Decimal(238)
    for row in rows:
        wsw = row.wsw * factor
        sheet[f"B{row.number}"] = float(wsw)
        nominal = {w: wsw * getattr(before, f"share_{w}") for w in row.nominal}
        nominal["beschut"] += nieuw_beschut(before, row.year)
        for column, w in zip("CDE", row.nominal, strict=True):
            sheet[f"{column}{row.number}"] = float(nominal[w])
        for column, w in zip("FGH", row.nominal, strict=True):
            sheet[f"{column}{row.number}"] = float(nominal[w] * getattr(before, f"fte_{w}"))
        sheet[f"I{row.number}"] = float(wsw * before.share_overige)
    buffer = io.BytesIO()
    workbook.save(buffer)
    assert _upload(client, "twenterand", buffer.getvalue()).status_code == 302
    after = PopulationBaseline.objects.get(dossier=twenterand)
    assert after.start_count == Decimal("218.0") and after.end_count == Decimal("107.2")
    assert after.share_beschut == before.share_beschut and after.nieuw_beschut == before.nieuw_beschut
    assert after.tariff_set == before.tariff_set and after.future_index == before.future_index
    assert after.version == before.version + 1


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"not a spreadsheet", "Dit is geen leesbaar xlsx-bestand."),
        (b"PK\x03\x04 broken zip", "Dit is geen leesbaar xlsx-bestand."),
    ],
)
def test_a_file_that_is_not_xlsx_is_refused(twenterand, client, content, message):
    client.force_login(MembershipFactory(dossier=twenterand, role=Role.KWARTIERMAKER).user)
    before = PopulationBaseline.objects.get(dossier=twenterand)
    response = _upload(client, "twenterand", content)
    assert response.status_code == 400
    page = html.unescape(response.content.decode())
    assert message in page and "Het bestand is niet ingelezen; er is niets opgeslagen." in page
    assert 'id="id_upload_file_error"' in page
    assert PopulationBaseline.objects.get(dossier=twenterand).version == before.version


def test_a_workbook_without_the_headcount_sheet_is_refused(twenterand, export, client):
    workbook = load_workbook(io.BytesIO(export))
    del workbook[_sheet_name(export)]
    buffer = io.BytesIO()
    workbook.save(buffer)
    client.force_login(MembershipFactory(dossier=twenterand, role=Role.KWARTIERMAKER).user)
    page = html.unescape(_upload(client, "twenterand", buffer.getvalue()).content.decode())
    assert "Het bestand heeft geen blad met aantallen per jaar (eerste kolommen “Jaar” en “Wsw totaal”)" in page


@pytest.mark.parametrize(
    ("cell", "value", "message"),
    [
        ("D1", "Detachering", "kolom D heeft de kop “Detachering”; verwacht is “Groepsdetachering (nominaal)”."),
        ("C4", "veel", "Rij 4, kolom C (Beschut werk (nominaal)): “veel” is geen getal."),
        ("E3", None, "Rij 3, kolom E (Individuele detachering (nominaal)) is leeg; er is een getal nodig."),
        ("I2", -5, "Rij 2, kolom I (Buiten de werksoorten (verloning)): -5 is negatief"),
        ("A5", 2031, "Rij 5, kolom A (Jaar): 2031 volgt niet op 2026; één rij per jaar."),
        ("B6", 150, "Rij 6, kolom B (Wsw totaal): 150 ligt niet op een rechte lijn"),
        ("D7", 40, "Rij 7, kolom D (Groepsdetachering (nominaal)): 40,0, terwijl de andere rijen"),
    ],
)
def test_a_wrong_cell_is_refused_naming_its_row_and_column(twenterand, export, client, cell, value, message):
    client.force_login(MembershipFactory(dossier=twenterand, role=Role.KWARTIERMAKER).user)
    before = PopulationBaseline.objects.get(dossier=twenterand)
    response = _upload(client, "twenterand", _edit(export, cell, value))
    assert response.status_code == 400
    assert message in html.unescape(response.content.decode())
    assert PopulationBaseline.objects.get(dossier=twenterand).version == before.version


def test_a_geometric_decline_is_recognised(twenterand, export):
    rows = read_rows(export)
    workbook = load_workbook(io.BytesIO(export))
    sheet = workbook[_sheet_name(export)]
    for row in rows:
        wsw = Decimal(238) * (Decimal(117) / Decimal(238)) ** (Decimal(row.year - 2024) / 9)
        sheet[f"B{row.number}"] = float(wsw)
        for column, w, share, ratio in [
            ("C", "beschut", "0.168", "0.797"),
            ("D", "groepsdetachering", "0.05", "0.938"),
            ("E", "individuele_detachering", "0.05", "0.839"),
        ]:
            nominal = wsw * Decimal(share) + (19 if w == "beschut" else 0)
            sheet[f"{column}{row.number}"] = float(nominal)
            sheet[f"{'FGH'['CDE'.index(column)]}{row.number}"] = float(nominal * Decimal(ratio))
        sheet[f"I{row.number}"] = float(wsw * Decimal("0.4"))
    buffer = io.BytesIO()
    workbook.save(buffer)
    fields = baseline_fields(read_rows(buffer.getvalue()))
    assert fields["method"] == "geometric" and fields["nieuw_beschut"] == Decimal("19.0")


def test_read_rows_needs_two_years(twenterand, export):
    workbook = load_workbook(io.BytesIO(export))
    sheet = workbook[_sheet_name(export)]
    sheet.delete_rows(3, 20)
    buffer = io.BytesIO()
    workbook.save(buffer)
    with pytest.raises(UploadError, match="minstens twee jaren"):
        read_rows(buffer.getvalue())


def test_only_the_kwartiermaker_uploads(twenterand, export, client):
    for role in (Role.WERKGROEP, Role.COLLEGE):
        client.force_login(MembershipFactory(dossier=twenterand, role=role).user)
        assert _upload(client, "twenterand", export).status_code == 403
        page = client.get(reverse("dossier:finance-projection", kwargs={"slug": "twenterand"})).content.decode()
        assert 'type="file"' not in page
    assert client.get(reverse("dossier:finance-projection-upload", kwargs={"slug": "twenterand"})).status_code == 405


def test_the_upload_costs_a_bounded_number_of_queries(twenterand, export, client, django_assert_max_num_queries):
    client.force_login(MembershipFactory(dossier=twenterand, role=Role.KWARTIERMAKER).user)
    with django_assert_max_num_queries(30):
        assert _upload(client, "twenterand", export).status_code == 302


def test_a_file_over_2_mb_is_refused_before_it_is_read(twenterand, client):
    client.force_login(MembershipFactory(dossier=twenterand, role=Role.KWARTIERMAKER).user)
    response = _upload(client, "twenterand", b"0" * (2 * 1024 * 1024 + 1))
    assert response.status_code == 400
    assert "Het bestand is groter dan 2 MB" in html.unescape(response.content.decode())
