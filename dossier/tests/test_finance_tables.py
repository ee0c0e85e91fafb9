"""A finance table's sources stand under it as numbered notes, so the table itself fits beside the navigation."""

import re

from django.template.loader import render_to_string

from finance.tables import Column, Table


def render(table):
    return render_to_string("dossier/partials/table.html", {"table": table})


def test_one_source_for_every_row_is_one_line_under_the_table_and_no_column():
    table = Table("t", "Bijdrage", [Column("Jaar", "year"), Column("Bedrag", "money")])
    table.add([2026, 1250], "Berenschot 2024, hfst. 7.4")
    table.add([2027, 1300], "Berenschot 2024, hfst. 7.4")
    html = render(table)
    assert 'class="source-ref"' not in html and html.count("Berenschot 2024, hfst. 7.4") == 1
    assert '<p class="table-sources">Bron: Berenschot 2024, hfst. 7.4</p>' in html


def test_several_sources_are_numbered_notes_each_once_and_rows_refer_to_them():
    table = Table("proj", "Aantallen", [Column("Jaar", "year"), Column("Fte", "number")])
    table.add([2026, 10], "Bestuursopdracht 2025")
    table.add([2027, 9], "Berenschot <2024>")
    table.add([2028, 8], "Bestuursopdracht 2025")
    table.add([2029, 7], "")
    html = render(table)
    refs = re.findall(r'<td class="source-ref">(.*?)</td>', html)
    assert [re.sub(r"<[^>]+>", "", r) for r in refs] == ["Bron 1", "Bron 2", "Bron 1", "—"]
    assert '<a href="#t-proj-bron-2">' in html
    notes = re.findall(r'<li id="t-proj-bron-(\d)">([^<]*)</li>', html)
    assert notes == [("1", "Bestuursopdracht 2025"), ("2", "Berenschot &lt;2024&gt;")]


def test_a_heading_of_figures_may_wrap_after_a_slash():
    table = Table("t", "T", [Column("Jaar", "year"), Column("Alleen werkgeverstaken/verloning", "number")])
    table.add([2026, 1], "")
    assert "werkgeverstaken/<wbr>verloning" in render(table)
