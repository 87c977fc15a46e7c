"""Verification for people: /verify/<code>/ with the live status and, only with the
holder's consent, their name; /verify/ by code, by PDF (SHA-256) or by baked PNG; a miss
says only "not found"; lookups are rate-limited; bad files get a clear message."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains, assertRedirects

from badges.services import award_revoke, award_set_public, document_supersede
from tests.factories.badges import letter, top_innovator

pytestmark = pytest.mark.django_db

START = reverse("badges:verify-start")


def _upload(client, name: str, data: bytes):
    return client.post(START, {"file": SimpleUploadedFile(name, data)})


def test_the_verification_page_shows_status_badge_issuer_and_criteria(client, staff, member):
    award = top_innovator(member.user, staff)
    response = client.get(award.get_verify_url())
    assertContains(response, "ILO Top Innovator")
    assertContains(response, 'data-status="valid"')
    assertContains(response, "Scaled apprenticeships to 12 regions.")  # the citation
    assertContains(response, "Skills Innovation Network (International Labour Organization)")
    assertContains(response, "Not shown: the holder has not made their name public.")
    assertNotContains(response, "Zoë Ñúñez")
    assertContains(response, '<meta property="og:title" content="ILO Top Innovator">', html=False)
    assertContains(response, f'<meta property="og:url" content="http://testserver{award.get_verify_url()}">')
    assertContains(response, '<meta property="og:image"')


def test_with_consent_the_page_names_the_holder_and_organization(client, staff, member):
    award = top_innovator(member.user, staff)
    award_set_public(award=award, actor=member.user, public=True)
    response = client.get(award.get_verify_url())
    assertContains(response, "Zoë Ñúñez, Kazi Skills Hub")
    assertContains(response, "ILO Top Innovator — Zoë Ñúñez")


def test_a_revoked_badge_says_so_with_the_reason(client, staff, member):
    award = top_innovator(member.user, staff)
    award_revoke(award=award, actor=staff, reason="Awarded to the wrong member.")
    response = client.get(award.get_verify_url())
    assertContains(response, 'data-status="revoked"')
    assertContains(response, "Awarded to the wrong member.")


def test_a_superseded_letter_points_to_its_new_version(client, staff, member):
    document = letter(member.user, staff)
    new = document_supersede(document=document, actor=staff)
    response = client.get(document.get_verify_url())
    assertContains(response, 'data-status="superseded"')
    assertContains(response, f'href="{new.get_verify_url()}"')


def test_a_code_as_typed_leads_to_its_page(client, staff, member):
    award = top_innovator(member.user, staff)
    typed = award.code_display.lower().replace("-", " ")
    assertRedirects(client.get(START, {"code": typed}), award.get_verify_url())


def test_an_unknown_code_is_a_plain_not_found_without_hints(client, staff, member):
    award = top_innovator(member.user, staff)
    almost = award.verification_code[:-1] + ("A" if award.verification_code[-1] != "A" else "B")
    for response in (client.get(START, {"code": almost}), client.get(f"/verify/{almost}/")):
        assert response.status_code == 404
        assertContains(response, "Not found", status_code=404)
        assertNotContains(response, award.verification_code, status_code=404)
    malformed = client.get(START, {"code": "12"})
    assert malformed.status_code == 400
    assertContains(malformed, "twelve letters and digits", status_code=400)


@override_settings(BADGES_VERIFY_LOOKUPS_PER_10_MINUTES=3)
def test_lookups_are_rate_limited_per_address(client):
    codes = ["AAAABBBBCCCC", "AAAABBBBCCCD", "AAAABBBBCCCE"]
    for code in codes:
        assert client.get(START, {"code": code}).status_code == 404
    response = client.get(START, {"code": "AAAABBBBCCCF"})
    assert response.status_code == 429
    assertContains(response, "Too many verification attempts", status_code=429)
    assert client.get("/verify/AAAABBBBCCCF/").status_code == 429


def test_uploading_the_issued_pdf_finds_it_and_a_changed_one_does_not(client, staff, member):
    document = letter(member.user, staff)
    data = document.file.read()
    assertRedirects(_upload(client, "letter.pdf", data), document.get_verify_url())
    changed = _upload(client, "letter.pdf", data + b"\n% edited")
    assert changed.status_code == 404
    assertContains(changed, "was not issued by the network, or it was changed", status_code=404)


def test_uploading_a_baked_badge_shows_its_live_status(client, staff, member):
    award = top_innovator(member.user, staff)
    data = award.baked_image.read()
    award_revoke(award=award, actor=staff, reason="Withdrawn.")
    response = _upload(client, "badge.png", data)
    assertRedirects(response, award.get_verify_url())
    assertContains(client.get(award.get_verify_url()), "Withdrawn.")


def test_files_that_are_not_ours_corrupt_or_huge_get_a_clear_message(client):
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (8, 8)).save(out, format="PNG")
    cases = [
        (b"%PDF-1.7 not ours", "was not issued by the network"),
        (out.getvalue(), "not a badge image from this network"),
        (b"\x89PNG\r\n\x1a\n" + b"\xff" * 50, "damaged"),
        (b"GIF89a", "Upload a PDF letter or certificate, or a PNG badge image"),
    ]
    for data, message in cases:
        response = _upload(client, "file", data)
        assert response.status_code == 404
        assertContains(response, message, status_code=404)
    huge = _upload(client, "big.pdf", b"%PDF-" + b"0" * (3 * 1024 * 1024))
    assert huge.status_code == 400
    assertContains(huge, "far smaller", status_code=400)
    empty = client.post(START, {})
    assert empty.status_code == 400


def test_the_verification_page_takes_a_handful_of_queries(client, staff, member, django_assert_max_num_queries):
    award = top_innovator(member.user, staff)
    award_set_public(award=award, actor=member.user, public=True)
    document = letter(member.user, staff)
    for url in (award.get_verify_url(), document.get_verify_url()):
        with django_assert_max_num_queries(3):
            assert client.get(url).status_code == 200
