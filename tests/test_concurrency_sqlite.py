"""Two kwartiermakers save the same element at the same moment on SQLite (the file test database, a live server
with a thread and a connection per request): one save wins, the other gets the usual conflict page (409) with its
input kept — never "database is locked" or a 500. PostgreSQL's version of the race: tests/test_concurrency.py."""

import html
from decimal import Decimal

import pytest
from django.db import connection

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
