import io
import zipfile

import pytest

from coaching.requests import services
from coaching.requests.models import Stage
from tests.factories.members import ApprovedMemberFactory, StaffUserFactory, UserFactory


@pytest.fixture(autouse=True)
def _private_media(settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    settings.MEDIA_ROOT = tmp_path / "media"
    from django.utils.functional import empty

    from coaching.requests.models import private_storage

    private_storage._wrapped = empty


@pytest.fixture
def staff(db):
    return StaffUserFactory(email="staff@ilo.example.org")


@pytest.fixture
def member(db):
    return ApprovedMemberFactory(user__email="member@example.org").user


@pytest.fixture
def other_member(db):
    return ApprovedMemberFactory(user__email="other@example.org").user


@pytest.fixture
def coach(db):
    return UserFactory(email="coach@ilo.example.org")


@pytest.fixture
def translator(db):
    return ApprovedMemberFactory(user__email="translator@example.org").user


@pytest.fixture
def coaching_request(member, coach, translator, staff):
    request = services.request_open(
        member=member,
        title="Youth apprenticeships in Kisumu",
        stage=Stage.CONCEPT,
        needs=["budget"],
    )
    services.request_triage(request=request, actor=staff, coach=coach)
    request.translators.add(translator)
    return request


def office_file(kind: str) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        if kind == "odt":
            archive.writestr("mimetype", "application/vnd.oasis.opendocument.text")
            archive.writestr("content.xml", "<office:document-content/>")
        else:
            archive.writestr("[Content_Types].xml", "<Types/>")
            archive.writestr("word/document.xml" if kind == "docx" else "xl/workbook.xml", "<x/>")
    return buffer.getvalue()


PDF = b"%PDF-1.7\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
