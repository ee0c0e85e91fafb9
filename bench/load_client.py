"""The load benchmark's simulated users (bench/load.py): an HTTP client with cookies, the forms it reads, and the
users' loop of save, refresh and pages."""

import http.client
import json
import random
import threading
import time
import urllib.parse
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal
from html.parser import HTMLParser
from http.cookies import SimpleCookie

from load_common import (
    BOTH,
    CLEAN,
    COMPARISON,
    DOSSIER,
    FLOOR,
    LOGIN,
    PASSWORD,
    RECOMPUTE,
    REFRESH,
    RESYNC,
    SLUG,
    Target,
)

from finance.numbers import input_text, parse_number  # noqa: E402 - pure Python, the one Dutch number rule

# --- the simulated users ---------------------------------------------------------------------------------------------


@dataclass
class Answer:
    status: int
    body: str
    seconds: float
    headers: dict = field(default_factory=dict)  # lower-case names


class Http:
    """A minimal browser: cookies, a fresh connection per request (gunicorn's sync workers close it anyway)."""

    def __init__(self, port: int):
        self.port = port
        self.cookies: dict[str, str] = {}

    def request(self, method: str, path: str, data: dict | None = None, headers: dict | None = None) -> Answer:
        headers = dict(headers or {})
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if data is not None:
            body = urllib.parse.urlencode(data)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            if "csrftoken" in self.cookies:
                headers["X-CSRFToken"] = self.cookies["csrftoken"]
        start = time.perf_counter()
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        try:
            conn.request(method, path, body=body, headers=headers)
            response = conn.getresponse()
            content = response.read()
        finally:
            conn.close()
        seconds = time.perf_counter() - start
        for header in response.headers.get_all("Set-Cookie") or []:
            for name, morsel in SimpleCookie(header).items():
                if morsel["max-age"] == "0" or not morsel.value:
                    self.cookies.pop(name, None)
                else:
                    self.cookies[name] = morsel.value
        headers = {k.lower(): v for k, v in response.getheaders()}
        return Answer(response.status, content.decode("utf-8", "replace"), seconds, headers)

    def get(self, path, headers=None) -> Answer:
        return self.request("GET", path, headers=headers)


class FormFields(HTMLParser):
    """The values a browser would submit for the first form of a page: inputs, checked boxes, selects, textareas."""

    def __init__(self):
        super().__init__()
        self.values: dict[str, str] = {}
        self._select = self._textarea = None
        self._done = False

    def handle_starttag(self, tag, attrs):
        if self._done:
            return
        a = dict(attrs)
        name = a.get("name")
        if tag == "input" and name and a.get("type") not in ("submit", "button"):
            if a.get("type") in ("checkbox", "radio"):
                if "checked" in a:
                    self.values[name] = a.get("value") or "on"
            else:
                self.values[name] = a.get("value") or ""
        elif tag == "select" and name:
            self._select = name
        elif tag == "option" and self._select:
            if "selected" in a or self._select not in self.values:
                self.values[self._select] = a.get("value") or ""
        elif tag == "textarea" and name:
            self._textarea = name
            self.values[name] = ""

    def handle_data(self, data):
        if self._textarea:
            self.values[self._textarea] += data

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None
        elif tag == "form":
            self._done = True


def has(text: str):
    """A check of an answer: its body contains `text`."""
    return lambda answer: text in answer.body


def form_values(page: str) -> dict[str, str]:
    parser = FormFields()
    parser.feed(page)
    return parser.values


@dataclass
class Record:
    endpoint: str
    start: float  # time.monotonic()
    end: float
    seconds: float
    ok: bool
    status: int  # 0: no answer (connection refused, reset, timeout)
    clean: bool  # a failure answered with the Dutch "probeer het opnieuw" page, no traceback
    reason: str = ""


@dataclass
class Run:
    records: list[Record] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)
    stop: threading.Event = field(default_factory=threading.Event)
    acknowledged: Counter = field(default_factory=Counter)  # target -> saves the user was told succeeded
    uncertain: Counter = field(default_factory=Counter)  # target -> saves that failed (may have committed)
    bodies: dict = field(default_factory=dict)  # one example body per kind of failure

    def add(self, record: Record, body: str = ""):
        with self.lock:
            self.records.append(record)
            if not record.ok:
                self.bodies.setdefault((record.status, record.clean), body[:600])


def clean_failure(status: int, body: str) -> bool:
    return (
        status in (500, 502, 503)
        and bool(CLEAN.search(body))
        and "Traceback" not in body
        and "Internal Server Error" not in body  # gunicorn's own page
    )


class User(threading.Thread):
    def __init__(self, number: int, port: int, target: Target, run: Run, think: tuple[float, float], seed: int):
        super().__init__(name=f"bench-{number:02d}", daemon=True)
        self.http = Http(port)
        self.target = target
        self.run_ = run
        self.think = think
        self.random = random.Random(seed)
        self.saves = 0
        self.edit_path = f"/d/{SLUG}/{target.kind}/{target.pk}/bewerken/"
        self.htmx = {"HX-Request": "true"}
        self.form: dict[str, str] | None = None  # the edit form's values, read once and after a failed save
        self.base: Decimal | None = None

    def timed(self, endpoint, call, check) -> Answer | None:
        start = time.monotonic()
        try:
            answer = call()
        except (OSError, http.client.HTTPException) as exc:
            end = time.monotonic()
            self.run_.add(Record(endpoint, start, end, end - start, False, 0, False, type(exc).__name__))
            return None
        ok = answer.status == 200 and check(answer)
        clean = not ok and clean_failure(answer.status, answer.body)
        reason = "" if ok else f"{answer.status}" + ("" if answer.status != 200 else " (unexpected body)")
        self.run_.add(
            Record(endpoint, start, start + answer.seconds, answer.seconds, ok, answer.status, clean, reason),
            answer.body,
        )
        return answer if ok else None

    def login(self) -> bool:
        """The login form, as a browser fills it in; a successful login answers 302 with a session cookie."""
        start = time.monotonic()
        try:
            page = self.http.get("/accounts/login/")
            token = form_values(page.body).get("csrfmiddlewaretoken", "")
            data = {"csrfmiddlewaretoken": token, "username": self.name, "password": PASSWORD}
            answer = self.http.request("POST", "/accounts/login/", data)
        except (OSError, http.client.HTTPException) as exc:
            self.run_.add(Record(LOGIN, start, time.monotonic(), 0, False, 0, False, type(exc).__name__))
            return False
        ok = answer.status == 302 and "sessionid" in self.http.cookies
        self.run_.add(Record(LOGIN, start, time.monotonic(), answer.seconds, ok, answer.status, False), answer.body)
        return ok

    def read_form(self) -> None:
        answer = self.timed(RESYNC, lambda: self.http.get(self.edit_path, headers=self.htmx), has("<form"))
        if answer is not None:
            self.form = form_values(answer.body)
            if self.base is None:
                self.base = parse_number(self.form[self.target.field], money=True)  # as the form shows it: 7.799,00

    def save(self) -> None:
        if self.form is None:
            self.read_form()
            if self.form is None:
                return
        self.saves += 1
        data = {**self.form, self.target.field: input_text(self.base + Decimal(self.saves % 7), places=2)}
        answer = self.timed(
            RECOMPUTE,
            lambda: self.http.request("POST", self.edit_path, data, headers=self.htmx),
            lambda a: "scenario-changed" in a.headers.get("hx-trigger-after-settle", ""),
        )
        if answer is not None:  # the editor's summary asks its result again, with the figures from before the save
            was = json.loads(answer.headers["hx-trigger-after-settle"])["scenario-changed"]["was"]
            path = f"{self.target.editor}resultaat/?{urllib.parse.urlencode({'was': was})}"
            refreshed = self.timed(REFRESH, lambda: self.http.get(path, headers=self.htmx), has("Laatste wijziging"))
            if refreshed is not None:
                start = time.monotonic()
                seconds = answer.seconds + refreshed.seconds
                self.run_.add(Record(BOTH, start - seconds, start, seconds, True, 200, False))
        key = (self.target.pk, self.target.model)
        with self.run_.lock:
            if answer is not None:
                self.run_.acknowledged[key] += 1
            else:
                self.run_.uncertain[key] += 1
        if answer is None:
            self.form = None  # read the version again before the next save
        else:
            self.form["expected_version"] = str(int(self.form["expected_version"]) + 1)

    def pause(self) -> bool:
        return not self.run_.stop.wait(self.random.uniform(*self.think))

    def run(self):
        if not self.login():
            return
        self.read_form()
        steps = [
            self.save,
            lambda: self.timed(DOSSIER, lambda: self.http.get(f"/d/{SLUG}/bestuursopdracht/"), has("<main")),
            lambda: self.timed(COMPARISON, lambda: self.http.get(f"/d/{SLUG}/scenarios/vergelijking/"), has("<main")),
            lambda: self.timed(FLOOR, lambda: self.http.get("/"), has("<main")),
        ]
        while self.pause():
            for step in steps:
                step()
                if not self.pause():
                    return
