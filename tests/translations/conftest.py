"""Shared set-up for the volunteer translators: languages, volunteers, a requester,
private media in a temporary folder, and small valid documents."""

import io
import zipfile
from datetime import timedelta

import pytest
from django.utils import timezone
from django.utils.functional import empty

from coaching.requests.models import private_storage
from coaching.translations import services
from coaching.translations.models import LanguagePair, Volunteer
from taxonomy.models import Language
from tests.factories.members import ApprovedMemberFactory


@pytest.fixture(autouse=True)
def _private_media(settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    private_storage._wrapped = empty
    yield
    private_storage._wrapped = empty


@pytest.fixture
def langs(db):
    return {
        code: Language.objects.get_or_create(code=code, defaults={"name_en": code})[0]
        for code in ("en", "fr", "es")
    }


def make_volunteer(email, langs, pairs, capacity=2):
    user = ApprovedMemberFactory(user__email=email).user
    volunteer = Volunteer.objects.create(user=user, monthly_capacity=capacity)
    for source, target in pairs:
        LanguagePair.objects.create(volunteer=volunteer, source=langs[source], target=langs[target])
    return volunteer


@pytest.fixture
def requester(db):
    return ApprovedMemberFactory(user__email="requester@example.org").user


def ask(requester, langs, source="en", target="fr", days=10, documents=()):
    return services.translation_request_create(
        requester=requester, title="Budget narrative", source=langs[source], target=langs[target],
        deadline=timezone.localdate() + timedelta(days=days), documents=list(documents),
    )  # fmt: skip


PDF = b"%PDF-1.7\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def docx() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<x/>")
    return buffer.getvalue()
