"""The dossier's navigation (one list, rendered by a loop), every page's own title, and the address the console
prints for `make run`."""

import re
import subprocess
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.test import override_settings
from django.urls import reverse

from dossier.navigation import NAVIGATION, navigation

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]
TITLE = re.compile(r"<title>(.*?)</title>", re.S)
CURRENT = re.compile(r'<a href="([^"]+)" aria-current="page">')


def nav_urls(dossier):
    return [reverse(e.url_name, kwargs={"slug": dossier.slug}) for g in NAVIGATION for e in g.entries]


def test_weighting_and_providers_are_in_the_navigation(client_as, dossier):
    html = client_as("college").get(reverse("dossier:overview", kwargs={"slug": dossier.slug})).content.decode()
    nav = html[html.index('<nav class="dossier-nav"') : html.index("</nav>")]
    assert f'href="/d/{dossier.slug}/scenarios/weging/">Weging<' in nav
    assert f'href="/d/{dossier.slug}/scenarios/aanbieders/">Aanbieders<' in nav
    assert nav.count("<li>") == len(nav_urls(dossier)) == 25  # with the advice and paraaf route


def test_every_navigation_page_marks_itself_and_only_itself_as_current(client, kwartiermaker):
    client.force_login(kwartiermaker.user)
    for url in nav_urls(kwartiermaker.dossier):
        html = client.get(url).content.decode()
        assert CURRENT.findall(html) == [url], url


@pytest.mark.parametrize(
    ("path", "current"),
    [
        ("scenarios/7/", "scenarios/"),  # a scenario's own page belongs to the scenarios
        ("scenarios/vergelijking/", "scenarios/vergelijking/"),
        ("scenarios/aanbieders/", "scenarios/aanbieders/"),
        ("onderzoeksgebieden/3/", "onderzoeksgebieden/"),
        ("reacties/draad/4/", "reacties/"),
        ("versies/2/collegevoorstel/", "versies/"),
        ("risico/5/bewerken/", None),  # an edit page is no page of the navigation
    ],
)
def test_the_longest_matching_entry_is_current(dossier, path, current):
    base = f"/d/{dossier.slug}/"
    links = [link for _group, group_links in navigation(dossier, base + path) for link in group_links]
    assert [link.url for link in links if link.current] == ([base + current] if current else [])


def test_every_page_has_a_title_of_its_own_in_the_pattern_page_gemeente_beslisdossier(client, kwartiermaker):
    from dossier.models import Risk
    from scenarios.models import Scenario

    twenterand = kwartiermaker.dossier
    client.force_login(kwartiermaker.user)
    slug = twenterand.slug
    scenario = Scenario.objects.filter(dossier=twenterand).first()
    risk = Risk.objects.filter(dossier=twenterand).first()
    urls = [
        *nav_urls(twenterand),
        reverse("dossier:area", kwargs={"slug": slug, "number": 1}),
        reverse("dossier:function", kwargs={"slug": slug, "number": 1}),
        reverse("dossier:scenario-detail", kwargs={"slug": slug, "pk": scenario.pk}),
        reverse("dossier:edit", kwargs={"slug": slug, "kind": "risico", "pk": risk.pk}),
        reverse("dossier:delete", kwargs={"slug": slug, "kind": "risico", "pk": risk.pk}),
    ]
    titles = {}
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        title = " ".join(TITLE.search(response.content.decode()).group(1).split())
        assert re.fullmatch(r"\S.* – Twenterand – Beslisdossier", title), (url, title)
        assert title not in titles, f"{url} has the same title as {titles.get(title)}: {title}"
        titles[title] = url
    assert titles["Risico's – Twenterand – Beslisdossier"].endswith("/risicos/")
    assert " ".join(TITLE.search(client.get("/").content.decode()).group(1).split()) == "Uw dossiers – Beslisdossier"


@override_settings(SITE_URL="http://127.0.0.1:8101")
def test_demo_accounts_print_the_address_the_server_serves():
    out = StringIO()
    call_command("demo_accounts", stdout=out)
    assert "Open http://127.0.0.1:8101 en log in." in out.getvalue()
    assert "8000" not in out.getvalue()


def test_make_run_serves_and_announces_the_same_port():
    dry_run = subprocess.run(
        ["make", "-n", "run", "PORT=8101"], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout
    assert "SITE_URL=http://127.0.0.1:8101 DJANGO_SETTINGS_MODULE=config.settings.dev" in dry_run
    assert "manage.py serve 127.0.0.1:8101" in dry_run  # the server and the task workers on the same port
