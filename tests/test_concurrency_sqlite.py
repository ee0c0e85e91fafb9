"""Two kwartiermakers save the same element at the same moment on SQLite (the file test database, a live server
with a thread and a connection per request): one save wins, the other gets the usual conflict page (409) with its
input kept — never "database is locked" or a 500. PostgreSQL's version of the race: tests/test_concurrency.py."""

import html
import sqlite3
from decimal import Decimal

import pytest
from django.db import connection

from dossier.sqlite import write_ahead_log
from dossier.tests.factories import ResearchAreaFactory, RiskFactory
from scenarios.models import AreaWeight
from tests import test_concurrency as race

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's write lock; PostgreSQL: test_concurrency.py"),
]
ROUNDS = 10


setting = race.setting


def test_two_saves_of_a_research_area_section_on_sqlite(setting):
    dossier, browsers = setting
    area = ResearchAreaFactory(dossier=dossier, number=1)
    path = f"/d/{dossier.slug}/onderzoeksgebied/{area.pk}/bewerken/findings/"
    for round_ in range(ROUNDS):
        texts = [f"Bevindingen van gebruiker {name} in ronde {round_}" for name in "AB"]
        forms = [b.open_form(path) for b in browsers]
        answers = race.at_the_same_moment(
            *(
                lambda b=b, f=f, t=t: b.request("POST", path, {**f, "findings": t})
                for b, f, t in zip(browsers, forms, texts)
            )
        )
        winner = race.one_won(answers, 302)
        area.refresh_from_db()
        assert area.findings == texts[winner]
        conflict = html.unescape(answers[1 - winner].text)
        assert "Iemand anders heeft dit intussen gewijzigd" in conflict and texts[1 - winner] in conflict


def test_two_saves_of_a_risk_in_place_on_sqlite(setting):
    dossier, browsers = setting
    risk = RiskFactory(dossier=dossier)
    path = f"/d/{dossier.slug}/risico/{risk.pk}/bewerken/"
    htmx = {"HX-Request": "true", "HX-Current-URL": f"http://{browsers[0].netloc}/d/{dossier.slug}/risicos/"}
    for round_ in range(ROUNDS):
        texts = [f"Risico volgens gebruiker {name} in ronde {round_}" for name in "AB"]
        forms = [b.open_form(path, headers=htmx) for b in browsers]
        data = {"likelihood": 3, "impact": 4, "owner": "", "mitigation": "", "status": "open"}
        answers = race.at_the_same_moment(
            *(
                lambda b=b, f=f, t=t: b.request("POST", path, {**f, **data, "description": t}, headers=htmx)
                for b, f, t in zip(browsers, forms, texts)
            )
        )
        winner = race.one_won(answers, 200)
        conflict = html.unescape(answers[1 - winner].text)
        assert texts[1 - winner] in conflict and texts[winner] in conflict
        assert race.hidden_fields(answers[1 - winner].text)


def test_two_first_saves_of_the_weights_on_sqlite(setting):
    """Both create the weights at once: one creation wins, the other is the conflict with its input kept."""
    dossier, browsers = setting
    areas = [ResearchAreaFactory(dossier=dossier, number=n) for n in (1, 2)]
    path = f"/d/{dossier.slug}/scenarios/weging/"
    choices = [(60, 40), (35, 65)]
    for _round in range(ROUNDS):
        AreaWeight.objects.filter(dossier=dossier).delete()
        forms = [b.open_form(path) for b in browsers]
        answers = race.at_the_same_moment(
            *(
                lambda b=b, f=f, c=c: b.request("POST", path, race._weights_form(f, areas, c))
                for b, f, c in zip(browsers, forms, choices)
            )
        )
        winner = race.one_won(answers, 302)
        saved = dict(AreaWeight.objects.filter(dossier=dossier).values_list("area_id", "weight"))
        assert saved == {a.pk: Decimal(v) for a, v in zip(areas, choices[winner])}
        assert "Iemand anders heeft de gewichten intussen gewijzigd" in html.unescape(answers[1 - winner].text)


def test_a_connection_switches_the_file_to_wal_only_when_it_is_not_in_wal_yet(tmp_path):
    """Switching the journal mode does not wait for the write lock: only a new file's first connection does it."""

    class Connection:
        vendor = "sqlite"

        def __init__(self, raw):
            self.raw, self.statements = raw, []

        def cursor(self):
            outer = self

            class Cursor:
                def __enter__(self):
                    self.c = outer.raw.cursor()
                    return self

                def __exit__(self, *exc):
                    self.c.close()

                def execute(self, sql):
                    outer.statements.append(sql)
                    self.c.execute(sql)

                def fetchone(self):
                    return self.c.fetchone()

            return Cursor()

    path = tmp_path / "nieuw.sqlite3"
    first = Connection(sqlite3.connect(path))
    write_ahead_log(None, first)
    assert first.statements == ["PRAGMA journal_mode", "PRAGMA journal_mode=WAL"]
    second = Connection(sqlite3.connect(path))
    write_ahead_log(None, second)
    assert second.statements == ["PRAGMA journal_mode"]
    assert second.raw.execute("PRAGMA journal_mode").fetchone() == ("wal",)
