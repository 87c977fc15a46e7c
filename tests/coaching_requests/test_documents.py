"""Private documents: only PDF/DOCX/XLSX/ODT by content, size-limited, outside public
media, served to the member, the coach, a translator and staff — nobody else."""

import pytest
from django.urls import reverse

from coaching.requests import services
from coaching.requests.errors import RequestError
from coaching.requests.models import RequestDocument

from .conftest import PDF, office_file

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("kind", ["docx", "xlsx", "odt"])
def test_office_documents_are_recognised_by_their_content(coaching_request, member, kind):
    document = services.document_upload(
        request=coaching_request, actor=member, name=f"draft.{kind}", data=office_file(kind)
    )
    assert document.kind == kind


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("budget.pdf", b"<html><script>alert(1)</script>"),  # a renamed web page
        ("draft.docx", office_file("xlsx")),  # the name and the content disagree
        ("notes.txt", b"plain text"),
        ("archive.docx", b"PK\x03\x04 not really a zip"),
        ("empty.pdf", b""),
    ],
)
def test_a_document_of_the_wrong_type_is_refused_and_nothing_is_stored(
    coaching_request, member, name, data, settings
):
    with pytest.raises(RequestError):
        services.document_upload(request=coaching_request, actor=member, name=name, data=data)
    assert not RequestDocument.objects.exists()
    assert not (settings.PRIVATE_MEDIA_ROOT).exists() or not any(
        settings.PRIVATE_MEDIA_ROOT.rglob("*.*")
    )


def test_a_document_over_the_size_limit_is_refused(coaching_request, member, settings):
    settings.COACHING_DOCUMENT_MAX_BYTES = 100
    with pytest.raises(RequestError, match="too large"):
        services.document_upload(
            request=coaching_request, actor=member, name="big.pdf", data=PDF + b"0" * 200
        )


def test_documents_are_stored_outside_public_media(coaching_request, member, settings):
    document = services.document_upload(
        request=coaching_request, actor=member, name="budget.pdf", data=PDF
    )
    path = document.file.path
    assert path.startswith(str(settings.PRIVATE_MEDIA_ROOT))
    assert not path.startswith(str(settings.MEDIA_ROOT))
    with pytest.raises(ValueError):
        document.file.url  # noqa: B018 — no public address at all


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("member", 200),
        ("coach", 200),
        ("translator", 200),
        ("staff", 200),
        ("other_member", 404),
        ("anonymous", 302),
    ],
)
def test_the_permission_matrix_of_a_private_document(
    client, coaching_request, member, login_with_mfa, request, who, status
):
    document = services.document_upload(
        request=coaching_request, actor=member, name="budget.pdf", data=PDF
    )
    if who == "staff":
        login_with_mfa(client, request.getfixturevalue("staff"))
    elif who != "anonymous":
        client.force_login(request.getfixturevalue(who))

    response = client.get(reverse("requests:document", kwargs={"pk": document.pk}))

    assert response.status_code == status
    if status == 200:
        assert b"".join(response.streaming_content) == PDF
        assert response["Content-Type"] == "application/pdf"
        assert "attachment" in response["Content-Disposition"]


def test_another_member_can_neither_see_the_request_nor_upload_to_it(
    client, coaching_request, other_member
):
    client.force_login(other_member)
    assert client.get(coaching_request.get_absolute_url()).status_code == 404
    with pytest.raises(RequestError):
        services.document_upload(
            request=coaching_request, actor=other_member, name="x.pdf", data=PDF
        )


def test_a_wrong_file_uploaded_in_the_page_gets_a_message_and_a_400(
    client, coaching_request, member
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(member)
    response = client.post(
        reverse("requests:document-upload", kwargs={"pk": coaching_request.pk}),
        {"file": SimpleUploadedFile("budget.pdf", b"MZ\x90\x00 an executable")},
    )
    assert response.status_code == 400
    assert "Only PDF, DOCX, XLSX or ODT documents are accepted." in response.content.decode()
