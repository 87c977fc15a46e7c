"""The curation admin: award one or many members at once, revoke with a mandatory reason,
supersede, issue letters and certificates — each through its service."""

from __future__ import annotations

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.urls import reverse
from pytest_django.asserts import assertContains

from badges.models import BadgeAward, Document
from core.audit.models import AuditEntry
from tests.factories.badges import badge_class, letter, top_innovator
from tests.factories.members import ApprovedMemberFactory
from tests.factories.mfa import login_with_mfa

pytestmark = pytest.mark.django_db

AWARDS = reverse("admin:badges_badgeaward_changelist")
DOCUMENTS = reverse("admin:badges_document_changelist")


def test_staff_award_a_badge_to_several_members_at_once(client, staff, member):
    other = ApprovedMemberFactory(full_name="Kwame Mensah")
    login_with_mfa(client, staff)
    add = reverse("admin:badges_badgeaward_add")
    assertContains(client.get(add), "Award the badge")
    response = client.post(
        add,
        {
            "badge_class": badge_class("top-innovator").pk,
            "recipients": [member.user.pk, other.user.pk],
            "citation": "Outstanding results in skills recognition.",
        },
        follow=True,
    )
    assertContains(response, "Badge awarded to 2 members.")
    assert BadgeAward.objects.count() == 2
    assert AuditEntry.objects.filter(action="badges.award.awarded", actor=staff).count() == 2


def test_a_top_innovator_without_citation_is_refused_with_a_message(client, staff, member):
    login_with_mfa(client, staff)
    response = client.post(
        reverse("admin:badges_badgeaward_add"),
        {"badge_class": badge_class("top-innovator").pk, "recipients": [member.user.pk], "citation": ""},
    )
    assert response.status_code == 200
    assertContains(response, "Write the citation")
    assert not BadgeAward.objects.exists()


def test_revoking_asks_for_a_reason_first(client, staff, member):
    award = top_innovator(member.user, staff)
    login_with_mfa(client, staff)
    data = {"action": "revoke", ACTION_CHECKBOX_NAME: [award.pk], "index": 0}
    page = client.post(AWARDS, data)
    assertContains(page, "Revoke and tell the members")
    blank = client.post(AWARDS, {**data, "post": "yes", "reason": ""})
    assertContains(blank, "This field is required")
    award.refresh_from_db()
    assert award.revoked_at is None
    client.post(AWARDS, {**data, "post": "yes", "reason": "Awarded twice."}, follow=True)
    award.refresh_from_db()
    assert award.revocation_reason == "Awarded twice."


def test_staff_supersede_and_issue_certificates_from_the_list(client, staff, member, django_capture_on_commit_callbacks):
    award = top_innovator(member.user, staff)
    login_with_mfa(client, staff)
    client.post(AWARDS, {"action": "supersede", ACTION_CHECKBOX_NAME: [award.pk], "index": 0}, follow=True)
    award.refresh_from_db()
    assert award.superseded_by is not None
    with django_capture_on_commit_callbacks(execute=True):
        client.post(AWARDS, {"action": "issue_certificates", ACTION_CHECKBOX_NAME: [award.pk, award.superseded_by.pk], "index": 0})
    assert Document.objects.get().award == award.superseded_by  # not for the superseded one


def test_staff_issue_a_letter_and_revoke_it(client, staff, member):
    login_with_mfa(client, staff)
    response = client.post(
        reverse("admin:badges_document_add"),
        {
            "recipient": member.user.pk,
            "addressee": "",
            "purpose": "Visa application for the Skills Summit.",
            "signatory_name": "Amina Diallo",
            "signatory_title": "Coordinator",
        },
        follow=True,
    )
    assertContains(response, "Letter of introduction issued")
    document = Document.objects.get()
    client.post(DOCUMENTS, {"action": "revoke", ACTION_CHECKBOX_NAME: [document.pk], "post": "yes", "reason": "Wrong purpose."})
    document.refresh_from_db()
    assert document.revocation_reason == "Wrong purpose."


def test_rows_cannot_be_edited_or_deleted_in_the_admin(client, staff, member):
    document = letter(member.user, staff)
    login_with_mfa(client, staff)
    page = client.get(reverse("admin:badges_document_change", args=[document.pk]))
    assert page.status_code == 200
    assert 'name="recipient_name"' not in page.content.decode()
    assert client.post(reverse("admin:badges_document_delete", args=[document.pk])).status_code == 403


def test_a_badge_image_is_re_encoded_and_then_baked_into_awards(client, staff, member):
    from tests.members.images import png_upload

    top = badge_class("top-innovator")
    login_with_mfa(client, staff)
    data = {
        "issuer": top.issuer_id, "slug": top.slug, "kind": top.kind, "name": top.name, "description": top.description,
        "criteria": top.criteria, "validity_days": "", "threshold": "", "is_active": "on",
        "image": png_upload((300, 300), mode="RGBA"),
    }
    response = client.post(reverse("admin:badges_badgeclass_change", args=[top.pk]), data)
    assert response.status_code == 302, response.content[:2000]
    top.refresh_from_db()
    assert top.image.name.startswith("badges/") and top.image.name != "picture.png"
    award = top_innovator(member.user, staff)
    from badges import baking

    assert baking.unbake(award.baked_image.read())["id"].endswith(str(award.uuid))
