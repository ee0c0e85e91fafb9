"""The archive package as a download from the version page: the kwartiermaker and beheer get the ZIP; the other
members 403, non-members 404; a version that cannot be archived yet is refused with its reason (409)."""

import io
import zipfile

import pytest
from django.urls import reverse

from accounts.tests.mfa_helpers import login_verified
from documents.catalogue import DOCUMENTS
from documents.models import ArchiveCategory, Proposal
from dossier.tests.factories import UserFactory

from .test_archive import freeze, twenterand_category


@pytest.fixture
def policy(db):
    return ArchiveCategory.objects.create(**twenterand_category())


def url(version) -> str:
    return reverse("dossier:version-archive", args=[version.dossier.slug, version.number])


@pytest.mark.parametrize("role", ["kwartiermaker", "beheer"])
def test_the_kwartiermaker_and_beheer_download_the_package(client, members, dossier, policy, role):
    version = freeze(dossier, category=policy)
    user = members.get(role) or UserFactory(is_staff=True, is_superuser=True)
    login_verified(client, user)  # beheer passes MFA (accounts.mfa); for a member it is a plain log-in
    response = client.get(url(version))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    assert response["Content-Disposition"] == 'attachment; filename="twenterand-versie-1-archiefpakket.zip"'
    with zipfile.ZipFile(io.BytesIO(response.content)) as package:
        names = package.namelist()
    assert "dossier.mdto.xml" in names
    assert {f"{key}.pdf" for key in DOCUMENTS} <= set(names)


@pytest.mark.parametrize(("role", "status"), [("werkgroep", 403), ("college", 403), ("outsider", 404)])
def test_other_members_are_refused_and_outsiders_see_nothing(client_as, dossier, policy, role, status):
    version = freeze(dossier, category=policy)
    assert client_as(role).get(url(version)).status_code == status


def test_staff_without_the_permission_to_see_versions_is_no_beheer(client, dossier, policy):
    version = freeze(dossier, category=policy)
    login_verified(client, UserFactory(is_staff=True))
    assert client.get(url(version)).status_code == 404


def test_a_version_that_cannot_be_archived_says_why(client_as, dossier):
    version = freeze(dossier, category=None)
    response = client_as("kwartiermaker").get(url(version), HTTP_ACCEPT_LANGUAGE="nl")
    assert response.status_code == 409
    page = response.content.decode()
    assert "kan nog niet worden gemaakt" in page and "noemt nog geen selectielijstcategorie" in page


def test_only_the_kwartiermaker_sees_the_link_on_the_version_page(client_as, dossier, policy):
    version = freeze(dossier, category=policy)
    page = reverse("dossier:version", args=[dossier.slug, version.number])
    assert url(version) in client_as("kwartiermaker").get(page).content.decode()
    assert url(version) not in client_as("werkgroep").get(page).content.decode()


def test_the_kwartiermaker_chooses_the_category_in_the_proposal_form(client_as, dossier, policy):
    proposal = Proposal.objects.create(dossier=dossier, onderwerp="Onderwerp", portefeuillehouder="Wethouder")
    edit = reverse("dossier:edit-section", args=[dossier.slug, "voorstel", proposal.pk, "archief"])
    client = client_as("kwartiermaker")
    form = client.get(edit)
    assert form.status_code == 200
    assert 'name="archive_category"' in form.content.decode()
    response = client.post(edit, {"archive_category": policy.pk, "expected_version": proposal.version})
    assert response.status_code in (200, 204, 302)
    proposal.refresh_from_db()
    assert proposal.archive_category == policy
    # A category that does not exist is refused beside the field, and nothing is saved.
    response = client.post(edit, {"archive_category": "bestaat-niet", "expected_version": proposal.version})
    proposal.refresh_from_db()
    assert proposal.archive_category == policy
    assert "archive_category" in response.content.decode()


def test_beheer_finds_every_versions_package_in_the_admin_and_changes_nothing_there(client, dossier, policy):
    version = freeze(dossier, category=policy)
    login_verified(client, UserFactory(is_staff=True, is_superuser=True))
    listing = client.get(reverse("admin:documents_dossierversion_changelist"))
    assert listing.status_code == 200 and url(version) in listing.content.decode()
    page = client.get(reverse("admin:documents_dossierversion_change", args=[version.pk])).content.decode()
    assert url(version) in page and 'name="_save"' not in page  # read only
    assert client.get(url(version)).status_code == 200
    assert (
        client.post(reverse("admin:documents_dossierversion_delete", args=[version.pk]), {"post": "yes"}).status_code
        == 403
    )
    assert version.__class__.objects.filter(pk=version.pk).exists()
