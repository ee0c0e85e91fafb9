"""A dossier the college has decided on is closed: every write the authorisation matrix lets a member make is refused
(403) for every role, the pages stay readable and say so, and the one exception is the milestones' status, which the
kwartiermaker keeps up to date. The world is the authorisation matrix's (Twenterand as `make run` loads it), closed."""

import pytest
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from documents.models import VersionDocument
from dossier import closing
from dossier.models import Milestone

from .authz_matrix import MATRIX, ROLES, Allowed
from .test_authorisation_matrix import PATTERNS, build_world, request, url_for

MEMBERS = ("kwartiermaker", "werkgroep", "college", "bestuurssecretariaat")
# Writes a closed dossier still takes: the milestones' status, the decision (corrected or published), and a failed PDF
# of a version made again (a decided copy is made after the decision; no content is written).
STILL_OPEN = {
    "dossier:milestone-status",
    "dossier:document-retry",
    "dossier:decision-record",
    "dossier:decision-correct",
    "dossier:decision-publish",
}
WRITES = sorted(
    key
    for key, entry in MATRIX.items()
    if key.startswith("dossier:") and key in PATTERNS and key not in STILL_OPEN
    for role in MEMBERS
    if isinstance(entry.post[ROLES.index(role)], Allowed) or entry.post[ROLES.index(role)] in (200, 302)
)
EDIT_PAGES = sorted(
    key
    for key, entry in MATRIX.items()
    if key.startswith("dossier:")
    and entry.get[ROLES.index("kwartiermaker")] == 200
    and entry.get[ROLES.index("werkgroep")] == 403
)
READ_PAGES = sorted(
    key for key, entry in MATRIX.items() if key.startswith("dossier:") and entry.get[ROLES.index("werkgroep")] == 200
)


@pytest.fixture(scope="module")
def closed(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            world = build_world()
            closing.dossier_close(dossier=world.dossier, on=timezone.localdate(), user=world.users["kwartiermaker"])
        except BaseException:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)
            raise
    yield world
    with django_db_blocker.unblock():
        transaction.set_rollback(True)
        outer.__exit__(None, None, None)


def test_there_are_writes_to_refuse():
    assert {"dossier:edit", "dossier:create", "dossier:thread-reply", "dossier:versions", "dossier:undo"} <= set(WRITES)


@pytest.mark.parametrize("key", WRITES)
@pytest.mark.parametrize("role", MEMBERS)
def test_every_write_of_a_closed_dossier_is_refused(closed, db, key, role):
    entry = MATRIX[key]
    url = url_for(closed, key, entry)
    response = request(closed, role, "POST", url, {"text": "Nog een reactie", "title": "Nieuw", "status": "gereed"})
    assert response.status_code in (403, 405), f"POST {url} as {role}: got {response.status_code}"


@pytest.mark.parametrize("key", EDIT_PAGES)
def test_no_edit_form_is_served_in_a_closed_dossier(closed, db, key):
    url = url_for(closed, key, MATRIX[key])
    assert request(closed, "kwartiermaker", "GET", url).status_code == 403


@pytest.mark.parametrize("key", READ_PAGES)
def test_every_page_stays_readable(closed, db, key):
    url = url_for(closed, key, MATRIX[key])
    response = request(closed, "werkgroep", "GET", url)
    assert response.status_code == 200, url


@pytest.mark.parametrize("page", ["overview", "planning", "risks", "scenario-list", "versions", "threads"])
def test_every_dossier_page_says_it_is_closed_and_offers_no_edit_controls(closed, db, page):
    response = request(closed, "kwartiermaker", "GET", reverse(f"dossier:{page}", kwargs={"slug": closed.slug}))
    html = response.content.decode()
    assert "Besloten op" in html and "gesloten voor bewerking" in html
    assert "/bewerken/" not in html and "/nieuw/" not in html and "/verwijderen/" not in html


def test_the_kwartiermaker_still_tracks_the_milestones(closed, db):
    url = reverse("dossier:milestone-status", kwargs={"slug": closed.slug, "pk": closed.milestone.pk})
    planning = request(closed, "kwartiermaker", "GET", reverse("dossier:planning", kwargs={"slug": closed.slug}))
    assert url in planning.content.decode()
    response = request(closed, "kwartiermaker", "POST", url, {"status": "gereed"})
    assert response.status_code == 302
    milestone = Milestone.objects.get(pk=closed.milestone.pk)
    assert milestone.status == "gereed"
    assert milestone.history.first().history_user == closed.users["kwartiermaker"]
    # A status that does not exist: a Dutch message, nothing changed.
    response = request(closed, "kwartiermaker", "POST", url, {"status": "klaar"})
    assert response.status_code == 302 and Milestone.objects.get(pk=milestone.pk).status == "gereed"
    for role in ("werkgroep", "college", "bestuurssecretariaat"):
        assert request(closed, role, "POST", url, {"status": "vertraagd"}).status_code == 403


def test_the_kwartiermaker_still_has_a_failed_pdf_made_again(closed, db):
    """A decided copy is made after the decision closed the dossier: when it fails, the kwartiermaker (only) has it
    made again; no content of the dossier is written."""
    row = VersionDocument.objects.get(version=closed.version, document=closed.document)
    VersionDocument.objects.filter(pk=row.pk).update(state="failed", error="Weg", content=b"")
    url = reverse(
        "dossier:document-retry",
        kwargs={"slug": closed.slug, "number": closed.version.number, "document": row.document},
    )
    for role in ("werkgroep", "college", "bestuurssecretariaat"):
        assert request(closed, role, "POST", url).status_code == 403
    assert request(closed, "kwartiermaker", "POST", url).status_code == 302
    assert VersionDocument.objects.get(pk=row.pk).state != "failed"
