"""The media kit: members get the version in their language first, the others listed."""

import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils.functional import empty

from coaching.mediakit.demo import seed
from coaching.mediakit.models import Version
from coaching.requests.models import private_storage
from tests.factories.members import ApprovedMemberFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _private_media(settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    private_storage._wrapped = empty


@pytest.fixture
def member(db):
    return ApprovedMemberFactory(user__email="member@example.org").user


def test_a_french_reader_gets_the_french_version_first_and_the_others_listed(client, member):
    seed(stdout=io.StringIO())
    client.force_login(member)
    page = client.get("/fr/coaching/media-kit/").content.decode()
    assert "Le Réseau d&#x27;innovation en compétences" in page
    assert "The Skills Innovation Network, convened" not in page
    assert "Autres langues" in page


def test_the_media_kit_costs_the_same_queries_for_three_resources_or_six(client, member):
    seed(stdout=io.StringIO())
    client.force_login(member)
    with CaptureQueriesContext(connection) as three:
        client.get("/coaching/media-kit/")
    from coaching.mediakit.models import Resource

    for resource in list(Resource.objects.all()):
        resource.pk = None
        resource.save()
    with CaptureQueriesContext(connection) as six:
        client.get("/coaching/media-kit/")
    assert len(six) == len(three)


def test_members_download_a_version_and_others_do_not(client, member):
    seed(stdout=io.StringIO())
    version = Version.objects.exclude(file="").first()
    client.force_login(UserFactory(email="not-a-member@example.org"))
    assert client.get(f"/coaching/media-kit/files/{version.pk}/").status_code == 404
    client.force_login(member)
    response = client.get(f"/coaching/media-kit/files/{version.pk}/")
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF-")
