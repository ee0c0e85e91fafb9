"""Two server processes on one PostgreSQL, as two web hosts behind a proxy (docs/operations.md): an edit of what
the finance reads through one is in the other's very next computation, though the other had the data before it in
its own per-process cache (the projection baseline, kept with the finance reference data under its generation).

Runs in `make test` (its throwaway PostgreSQL); on SQLite it is skipped, loudly."""

import http.cookiejar
import os
import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.db import connection

from dossier.models import PopulationBaseline
from dossier.tests.factories import MembershipFactory
from scenarios.models import Scenario

from .test_worker import _database_url

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="SKIPPED: two server processes need one PostgreSQL (run under .ci/with-postgres, as make test does)",
    ),
]
ROOT = Path(__file__).resolve().parent.parent
PASSWORD = "geheim-wachtwoord-1"  # the factories' password
WAIT = 120  # seconds at most for a server to answer (a busy 2-core machine)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class _Form(HTMLParser):
    """The fields of the form that holds `field`, as a browser would send them (text inputs, checked boxes, the
    selected options, text areas)."""

    def __init__(self, field: str):
        super().__init__()
        self.field, self.forms, self.select, self.textarea = field, [], None, None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form":
            self.forms.append([])
        elif not self.forms:
            return
        elif tag == "input" and a.get("name") and a.get("type") not in ("submit", "button", "file"):
            if a.get("type") not in ("checkbox", "radio") or "checked" in a:
                self.forms[-1].append((a["name"], a.get("value") or ""))
        elif tag == "select":
            self.select = a.get("name")
        elif tag == "option" and self.select and "selected" in a:
            self.forms[-1].append((self.select, a.get("value") or ""))
        elif tag == "textarea":
            self.textarea = [a.get("name"), ""]

    def handle_data(self, data):
        if self.textarea is not None:
            self.textarea[1] += data

    def handle_endtag(self, tag):
        if tag == "select":
            self.select = None
        elif tag == "textarea" and self.textarea is not None:
            self.forms[-1].append(tuple(self.textarea))
            self.textarea = None

    def fields(self) -> list[tuple[str, str]]:
        return next(form for form in self.forms if any(name == self.field for name, _v in form))


class _Browser:
    """One person's browser on one server: its cookies, a log-in, GETs and form POSTs."""

    def __init__(self, base: str):
        self.base = base
        self.cookies = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.cookies))

    def get(self, path: str, **headers) -> str:
        request = urllib.request.Request(self.base + path, headers=headers)
        with self.opener.open(request, timeout=60) as answer:
            return answer.read().decode()

    def post(self, path: str, fields: list[tuple[str, str]]) -> str:
        data = urllib.parse.urlencode(fields).encode()
        try:
            with self.opener.open(urllib.request.Request(self.base + path, data=data), timeout=60) as answer:
                return answer.read().decode()
        except urllib.error.HTTPError as exc:
            errors = re.findall(r'class="[^"]*error[^"]*"[^>]*>([^<]*)', exc.read().decode())
            raise AssertionError(f"{path}: {exc.code} {errors}") from exc

    def log_in(self, username: str):
        page = self.get("/accounts/login/")
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
        fields = [("csrfmiddlewaretoken", token), ("username", username), ("password", PASSWORD)]
        assert "logout" in self.post("/accounts/login/", fields).lower() or self._logged_in()

    def _logged_in(self) -> bool:
        return any(cookie.name == "sessionid" for cookie in self.cookies)


@pytest.fixture
def servers(transactional_db, tmp_path):
    """Starts `manage.py runserver --noreload` processes on the test database; each is stopped at the end."""
    started = []
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings.ci", "DATABASE_URL": _database_url()}

    def start() -> str:
        port = _free_port()
        log = open(tmp_path / f"server-{port}.log", "w")  # noqa: SIM115 - closed with the process
        process = subprocess.Popen(
            [sys.executable, str(ROOT / "manage.py"), "runserver", "--noreload", f"127.0.0.1:{port}"],
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        started.append((process, log))
        deadline = time.monotonic() + WAIT
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/accounts/login/", timeout=5):
                    return f"http://127.0.0.1:{port}"
            except OSError:
                assert process.poll() is None, (tmp_path / f"server-{port}.log").read_text()
                assert time.monotonic() < deadline, (tmp_path / f"server-{port}.log").read_text()
                time.sleep(0.2)

    yield start
    for process, log in started:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        log.close()


def _cumulative(html: str) -> str:
    """The scenario result's cumulative contribution, as the editor shows it."""
    found = re.search(r'<dd id="scenario-total">([^<]+)<', html)
    assert found, html[:2000]
    return found.group(1).strip()


def test_an_edit_through_one_server_is_in_the_other_servers_very_next_computation(servers, load_twenterand):
    twenterand = load_twenterand()
    user = MembershipFactory(dossier=twenterand, role="kwartiermaker").user
    scenario = Scenario.objects.get(dossier=twenterand, kind="andere_aanbieder")
    result = f"/d/twenterand/scenarios/{scenario.pk}/resultaat/"
    one, other = _Browser(servers()), _Browser(servers())
    one.log_in(user.username)
    other.log_in(user.username)

    before = _cumulative(other.get(result, **{"HX-Request": "true"}))  # the other server now keeps the baseline
    assert _cumulative(other.get(result, **{"HX-Request": "true"})) == before
    assert _cumulative(one.get(result, **{"HX-Request": "true"})) == before

    page = one.get("/d/twenterand/financien/projectie/")
    form = _Form("end_count")
    form.feed(page)
    end_count = PopulationBaseline.objects.get(dossier=twenterand).end_count
    fields = [(k, v) for k, v in form.fields() if k != "end_count"]
    fields += [("end_count", str(int(end_count) + 60)), ("opslaan", "1")]
    one.post("/d/twenterand/financien/projectie/", fields)
    assert PopulationBaseline.objects.get(dossier=twenterand).end_count == end_count + 60  # saved through one

    after = _cumulative(other.get(result, **{"HX-Request": "true"}))  # the other's very next computation
    assert after != before
    assert _cumulative(one.get(result, **{"HX-Request": "true"})) == after
