"""Two kwartiermakers save the same object at the same moment: exactly one save wins, the other gets the
conflict page (409) with its own input and the value saved now. Real parallel HTTP requests against
pytest-django's live server (one thread per request, one database connection each), released together by a
barrier, ten rounds per kind of edit to give a read-then-write race its chance.

PostgreSQL only: SQLite serialises every write on one file lock, so it cannot show the race this guards against.
Run with `.ci/with-postgres .venv/bin/python -m pytest tests/test_concurrency.py`; on SQLite only the sequential
conflict at the end runs."""

import html
import http.client
import re
import threading
import urllib.parse
from dataclasses import dataclass
from decimal import Decimal
from html.parser import HTMLParser
from http.cookies import SimpleCookie

import pytest
from django.db import connection
from django.test import Client

from dossier.models import ResearchArea, Risk, Role
from dossier.tests.factories import DossierFactory, MembershipFactory, ResearchAreaFactory, RiskFactory
from scenarios.models import AreaWeight

pytestmark = pytest.mark.django_db(transaction=True)
needs_postgres = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="SKIPPED: concurrent saves need PostgreSQL (run under .ci/with-postgres); SQLite serialises writes",
)

ROUNDS = 10


class _Hidden(HTMLParser):
    """The hidden inputs of a page (csrf token, expected_version, versie_<area>), as the browser would send them."""

    def __init__(self):
        super().__init__()
        self.fields = {}

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "input" and attrs.get("type") == "hidden" and attrs.get("name"):
            self.fields[attrs["name"]] = attrs.get("value") or ""


def hidden_fields(page: str) -> dict:
    parser = _Hidden()
    parser.feed(page)
    return parser.fields


@dataclass
class Answer:
    status: int
    text: str


class Browser:
    """One user's browser: its own cookies (session, csrf), a fresh HTTP connection per request."""

    def __init__(self, live_server, user):
        self.netloc = urllib.parse.urlsplit(live_server.url).netloc
        client = Client()
        client.force_login(user)
        self.cookies = {"sessionid": client.cookies["sessionid"].value}

    def request(self, method, path, data=None, headers=None) -> Answer:
        conn = http.client.HTTPConnection(self.netloc, timeout=60)
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items()), **(headers or {})}
        body = None
        if data is not None:
            body = urllib.parse.urlencode(data)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        try:
            conn.request(method, path, body=body, headers=headers)
            response = conn.getresponse()
            for header in response.headers.get_all("Set-Cookie") or []:
                for name, morsel in SimpleCookie(header).items():
                    self.cookies[name] = morsel.value
            return Answer(response.status, response.read().decode())
        finally:
            conn.close()

    def open_form(self, path, headers=None) -> dict:
        """Load the edit form; the hidden fields it holds (csrf token and the version read)."""
        answer = self.request("GET", path, headers=headers)
        assert answer.status == 200, answer.status
        return hidden_fields(answer.text)


def at_the_same_moment(*posts):
    """Run the given callables in threads released together by a barrier; their answers in order."""
    barrier = threading.Barrier(len(posts))
    answers = [None] * len(posts)
    errors = []

    def run(i, post):
        try:
            barrier.wait(timeout=30)
            answers[i] = post()
        except Exception as exc:  # noqa: BLE001 - reported to the test thread below
            errors.append(exc)

    threads = [threading.Thread(target=run, args=(i, post)) for i, post in enumerate(posts)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not errors, errors
    return answers


@pytest.fixture
def setting(live_server):
    """A dossier with two kwartiermakers, each with a browser logged in on the live server."""
    dossier = DossierFactory(slug="gelijktijdig")
    users = [MembershipFactory(dossier=dossier, role=Role.KWARTIERMAKER).user for _ in range(2)]
    return dossier, [Browser(live_server, user) for user in users]


def one_won(answers, success_status):
    """The index of the winning answer; the other must be the conflict."""
    statuses = sorted(a.status for a in answers)
    assert statuses == sorted([success_status, 409]), statuses
    return next(i for i, a in enumerate(answers) if a.status == success_status)


@needs_postgres
def test_two_saves_of_a_research_area_section(setting):
    dossier, browsers = setting
    area = ResearchAreaFactory(dossier=dossier, number=1)
    path = f"/d/{dossier.slug}/onderzoeksgebied/{area.pk}/bewerken/findings/"
    for round_ in range(ROUNDS):
        texts = [f"Bevindingen van gebruiker {name} in ronde {round_}" for name in "AB"]
        forms = [b.open_form(path) for b in browsers]
        assert forms[0]["expected_version"] == forms[1]["expected_version"]
        answers = at_the_same_moment(
            *(
                lambda b=b, f=f, t=t: b.request("POST", path, {**f, "findings": t})
                for b, f, t in zip(browsers, forms, texts)
            )
        )
        winner = one_won(answers, 302)  # without JavaScript a save redirects back to the page
        loser = 1 - winner
        area.refresh_from_db()
        assert area.findings == texts[winner]
        assert area.version == int(forms[0]["expected_version"]) + 1, "exactly one save was written"
        conflict = html.unescape(answers[loser].text)
        assert "Iemand anders heeft dit intussen gewijzigd" in conflict
        assert texts[loser] in conflict, "the loser's own input is kept"
        assert texts[winner] in conflict, "the value saved now is shown beside it"
        assert int(hidden_fields(answers[loser].text)["expected_version"]) == area.version
    assert ResearchArea.history.filter(id=area.pk, history_type="~").count() == ROUNDS


@needs_postgres
def test_two_saves_of_a_risk_in_place_with_htmx(setting):
    dossier, browsers = setting
    risk = RiskFactory(dossier=dossier)
    path = f"/d/{dossier.slug}/risico/{risk.pk}/bewerken/"
    htmx = {"HX-Request": "true", "HX-Current-URL": f"http://{browsers[0].netloc}/d/{dossier.slug}/risicos/"}
    for round_ in range(ROUNDS):
        texts = [f"Risico volgens gebruiker {name} in ronde {round_}" for name in "AB"]
        forms = [b.open_form(path, headers=htmx) for b in browsers]
        data = {"likelihood": 3, "impact": 4, "owner": "", "mitigation": "", "status": "open"}
        answers = at_the_same_moment(
            *(
                lambda b=b, f=f, t=t: b.request("POST", path, {**f, **data, "description": t}, headers=htmx)
                for b, f, t in zip(browsers, forms, texts)
            )
        )
        winner = one_won(answers, 200)  # htmx: the saved item to swap in
        loser = 1 - winner
        risk.refresh_from_db()
        assert risk.description == texts[winner]
        conflict = html.unescape(answers[loser].text)
        assert "<html" not in conflict, "the conflict is a fragment, swapped in place of the form"
        assert texts[loser] in conflict and texts[winner] in conflict
    assert Risk.history.filter(id=risk.pk, history_type="~").count() == ROUNDS


def _weights_form(form, areas, values):
    data = dict(form)
    for area, value in zip(areas, values):
        data[f"gewicht_{area.pk}"] = str(value)
    return data


@needs_postgres
def test_two_first_saves_of_the_weights(setting):
    """Nobody saved weights yet: both create them at once; one creation wins, nothing is saved twice."""
    dossier, browsers = setting
    areas = [ResearchAreaFactory(dossier=dossier, number=n) for n in (1, 2)]
    path = f"/d/{dossier.slug}/scenarios/weging/"
    choices = [(60, 40), (35, 65)]
    for _round in range(ROUNDS):
        AreaWeight.objects.filter(dossier=dossier).delete()
        forms = [b.open_form(path) for b in browsers]
        assert forms[0][f"versie_{areas[0].pk}"] == "", "the form was read before any weight existed"
        answers = at_the_same_moment(
            *(
                lambda b=b, f=f, c=c: b.request("POST", path, _weights_form(f, areas, c))
                for b, f, c in zip(browsers, forms, choices)
            )
        )
        winner = one_won(answers, 302)
        loser = 1 - winner
        saved = dict(AreaWeight.objects.filter(dossier=dossier).values_list("area_id", "weight"))
        assert saved == {a.pk: Decimal(v) for a, v in zip(areas, choices[winner])}
        conflict = answers[loser].text
        assert "Iemand anders heeft de gewichten intussen gewijzigd" in html.unescape(conflict)
        kept = hidden_fields(conflict) | dict(re.findall(r'name="(gewicht_\d+)"[^>]*value="([^"]*)"', conflict))
        assert [kept[f"gewicht_{a.pk}"] for a in areas] == [str(v) for v in choices[loser]], "the input is kept"
        assert all(kept[f"versie_{a.pk}"] == "1" for a in areas), "a second save would overwrite"
        shown = re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", conflict)))
        for value in choices[winner]:
            assert f"{value}%" in shown, "the weights saved now are shown beside the input"


@needs_postgres
def test_two_saves_of_existing_weights(setting):
    dossier, browsers = setting
    areas = [ResearchAreaFactory(dossier=dossier, number=n) for n in (1, 2)]
    for area in areas:
        AreaWeight.objects.create(dossier=dossier, area=area, weight=50)
    path = f"/d/{dossier.slug}/scenarios/weging/"
    for round_ in range(ROUNDS):
        choices = [(51 + round_, 49 - round_), (21 + round_, 79 - round_)]
        forms = [b.open_form(path) for b in browsers]
        answers = at_the_same_moment(
            *(
                lambda b=b, f=f, c=c: b.request("POST", path, _weights_form(f, areas, c))
                for b, f, c in zip(browsers, forms, choices)
            )
        )
        winner = one_won(answers, 302)
        saved = dict(AreaWeight.objects.filter(dossier=dossier).values_list("area_id", "weight"))
        assert saved == {a.pk: Decimal(v) for a, v in zip(areas, choices[winner])}
        assert "Iemand anders heeft de gewichten intussen gewijzigd" in html.unescape(answers[1 - winner].text)
    assert AreaWeight.history.filter(area=areas[0], history_type="~").count() == ROUNDS


def test_weights_read_before_anyone_saved_them_then_saved_by_another_are_a_conflict(setting):
    """The same, one after the other (any database): a form read before any weight existed, saved after someone
    else saved the weights, is a conflict with the input kept — not a form error on a hidden field that no second
    save could clear."""
    dossier, browsers = setting
    areas = [ResearchAreaFactory(dossier=dossier, number=n) for n in (1, 2)]
    path = f"/d/{dossier.slug}/scenarios/weging/"
    forms = [b.open_form(path) for b in browsers]
    assert browsers[1].request("POST", path, _weights_form(forms[1], areas, (35, 65))).status == 302
    late = browsers[0].request("POST", path, _weights_form(forms[0], areas, (60, 40)))
    assert late.status == 409
    assert "Iemand anders heeft de gewichten intussen gewijzigd" in html.unescape(late.text)
    again = browsers[0].request("POST", path, _weights_form(hidden_fields(late.text), areas, (60, 40)))
    assert again.status == 302, "the second save overwrites"
    saved = dict(AreaWeight.objects.filter(dossier=dossier).values_list("area_id", "weight"))
    assert saved == {areas[0].pk: Decimal(60), areas[1].pk: Decimal(40)}
