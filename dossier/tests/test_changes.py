"""The changes between two versions, on hand-made snapshots: texts as a word diff, numbers old → new with the
difference, added and removed elements, scenario results per year."""

from decimal import Decimal

from dossier.changes import compare


def snapshot(*, aanleiding="De DVO loopt af.", risks=(), amount="7799.00", cumulative="3124498.63", yearly=None):
    return {
        "dossier": {"id": 1, "aanleiding": aanleiding, "version": 3},
        "content": {
            "dossier.risk": [{"id": pk, "description": text, "version": 1} for pk, text in risks],
            "tarief": [{"id": 7, "task": "begeleiding_beschut", "amount": amount, "provider_id": 2}],
        },
        "results": {
            "scenarios": [
                {
                    "id": 4,
                    "name": "Larcom",
                    "cumulative": cumulative,
                    "npv": "1.00",
                    "one_off": "0.00",
                    "average_per_fte": None,
                    "score": "3.940",
                    "rank": 2,
                    "yearly": yearly or {"2027": "382275.19"},
                }
            ]
        },
    }


def test_nothing_changed():
    assert compare(snapshot(), snapshot()).empty


def test_a_changed_text_is_a_word_diff_with_everything_escaped():
    changes = compare(snapshot(), snapshot(aanleiding="De DVO <b>loopt</b> op 1 oktober af."))
    (text,) = changes.texts
    assert text.where == "Bestuursopdracht" and text.what == "aanleiding"
    html = str(text.diff_html)
    assert '<del class="diff-old">loopt</del>' in html
    assert '<ins class="diff-new">&lt;b&gt;loopt&lt;/b&gt;' in html
    assert "<b>" not in html
    assert not changes.numbers


def test_changed_numbers_have_old_new_and_difference():
    changes = compare(
        snapshot(),
        snapshot(amount="7899.00", cumulative="3165591.14", yearly={"2027": "387652.62"}),
        result_labels={"cumulative": "Cumulatieve bijdrage", "year": "Bijdrage %s"},
        field_labels={"tarief": {"amount": "bedrag"}},
    )
    by_what = {(c.where, c.what): c for c in changes.numbers}
    tariff = by_what[("tarief: begeleiding_beschut", "bedrag")]
    assert (tariff.old, tariff.new, tariff.difference) == (Decimal("7799.00"), Decimal("7899.00"), Decimal("100.00"))
    assert by_what[("Larcom", "Cumulatieve bijdrage")].difference == Decimal("41092.51")
    assert by_what[("Larcom", "Bijdrage 2027")].difference == Decimal("5377.43")
    assert not changes.texts


def test_added_and_removed_elements_are_listed():
    old = snapshot(risks=[(1, "Personeel"), (2, "Huisvesting")])
    new = snapshot(risks=[(2, "Huisvesting"), (3, "Vervoer")])
    changes = compare(old, new, kind_labels={"dossier.risk": "Risico"})
    assert changes.added == ["Risico: Vervoer"]
    assert changes.removed == ["Risico: Personeel"]


def test_a_number_that_appears_or_disappears_has_no_difference():
    changes = compare(snapshot(cumulative="1.00"), snapshot(cumulative=None))
    (change,) = [c for c in changes.numbers if c.what == "cumulative"]
    assert change.old == Decimal("1.00") and change.new is None and change.difference is None


def test_the_edit_counter_and_ids_are_not_changes():
    old, new = snapshot(), snapshot()
    new["dossier"]["version"] = 9
    assert compare(old, new).empty
