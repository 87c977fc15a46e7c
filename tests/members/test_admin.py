"""The curation admin: the application review queue and its actions call the services."""

from __future__ import annotations

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains, assertTemplateUsed

from core.audit.models import AuditEntry
from members.models import MemberProfile, MembershipApplication, Organization
from members.roles import Role
from tests.factories.members import (
    ApprovedMemberFactory,
    MemberProfileFactory,
    MembershipApplicationFactory,
    OrganizationFactory,
)
from tests.factories.mfa import login_with_mfa

from .images import SVG, png_upload, upload

pytestmark = pytest.mark.django_db

QUEUE = reverse("admin:members_membershipapplication_changelist")


@pytest.fixture
def pending():
    return [
        MembershipApplicationFactory(
            profile=MemberProfileFactory(full_name=f"Applicant {i}", membership="pending")
        )
        for i in range(2)
    ]


def test_the_queue_shows_pending_applications_first(client, staff, pending):
    decided = MembershipApplicationFactory(
        status="approved", profile=ApprovedMemberFactory(full_name="Old Hand")
    )
    login_with_mfa(client, staff)
    response = client.get(QUEUE)
    assertContains(response, "Applicant 0")
    assertNotContains(response, "Old Hand")
    assert set(response.context["cl"].result_list) == set(pending)  # the queue opens on them
    response = client.get(QUEUE, {"status": "all"})
    assertContains(response, "Old Hand")
    assert set(response.context["cl"].result_list) == {*pending, decided}


def test_approve_action_approves_through_the_service(
    client, staff, pending, mailoutbox, django_capture_on_commit_callbacks
):
    login_with_mfa(client, staff)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            QUEUE,
            {"action": "approve", ACTION_CHECKBOX_NAME: [a.pk for a in pending], "index": 0},
            follow=True,
        )
    assertContains(response, "2 applications approved.")
    for application in pending:
        application.refresh_from_db()
        assert application.status == "approved"
        assert application.decided_by == staff
        assert application.profile.membership == MemberProfile.Membership.APPROVED
        assert Role.MEMBER.value in application.profile.user.groups.values_list("name", flat=True)
    assert len(mailoutbox) == 2
    assert AuditEntry.objects.filter(action="members.membership.approved").count() == 2


def test_decline_asks_for_a_reason_then_declines_and_emails(
    client, staff, pending, mailoutbox, django_capture_on_commit_callbacks
):
    login_with_mfa(client, staff)
    ids = [a.pk for a in pending]
    page = client.post(QUEUE, {"action": "decline", ACTION_CHECKBOX_NAME: ids, "index": 0})
    assert page.status_code == 200
    assertTemplateUsed(page, "admin/members/membershipapplication/decline_reason.html")
    assertContains(page, "Applicant 0")

    empty = client.post(QUEUE, {"action": "decline", ACTION_CHECKBOX_NAME: ids, "reason": "  "})
    assert empty.status_code == 200
    assert MembershipApplication.objects.filter(status="pending").count() == 2

    with django_capture_on_commit_callbacks(execute=True):
        done = client.post(
            QUEUE,
            {"action": "decline", ACTION_CHECKBOX_NAME: ids, "reason": "Not about skills."},
            follow=True,
        )
    assertContains(done, "2 applications declined.")
    assert set(MembershipApplication.objects.values_list("status", "decision_reason")) == {
        ("declined", "Not about skills.")
    }
    assert len(mailoutbox) == 2
    assert "Not about skills." in mailoutbox[0].body


def test_deciding_an_already_decided_application_is_reported_not_crashed(client, staff, pending):
    login_with_mfa(client, staff)
    client.post(QUEUE, {"action": "approve", ACTION_CHECKBOX_NAME: [pending[0].pk], "index": 0})
    response = client.post(
        QUEUE + "?status=all",
        {"action": "approve", ACTION_CHECKBOX_NAME: [pending[0].pk], "index": 0},
        follow=True,
    )
    assertContains(response, "already been decided")


def test_staff_cannot_add_or_edit_audit_entries(client, staff, pending):
    login_with_mfa(client, staff)
    entry = AuditEntry.objects.create(
        action="x", content_type_id=1, object_id="1", object_repr="thing"
    )
    assert client.get(reverse("admin:audit_auditentry_add")).status_code == 403
    response = client.get(reverse("admin:audit_auditentry_change", args=[entry.pk]))
    assert response.status_code == 200
    assertNotContains(response, 'name="_save"')


def test_changing_a_role_in_the_admin_keeps_groups_in_step(client, staff):
    profile = ApprovedMemberFactory(full_name="Role Person")
    login_with_mfa(client, staff)
    url = reverse("admin:members_memberprofile_change", args=[profile.pk])
    page = client.get(url)
    form = page.context["adminform"].form
    data = {k: v for k, v in form.initial.items() if v is not None and not isinstance(v, list)}
    data.update(
        {
            "user": profile.user.pk,
            "network_role": "regional_rep",
            "represented_region": "africa",
            "categories": [],
            "expertise": [],
            "languages": [],
            "organization": "",
            "photo": "",
            "country": "KE",
        }
    )
    response = client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    profile.refresh_from_db()
    assert (profile.network_role, profile.represented_region) == ("regional_rep", "africa")
    assert Role.REGIONAL_REP.value in profile.user.groups.values_list("name", flat=True)
    assert AuditEntry.objects.filter(action="members.profile.role_set", object_id=str(profile.pk)).exists()


def test_a_regional_rep_without_region_is_refused_in_the_admin(client, staff):
    profile = ApprovedMemberFactory()
    login_with_mfa(client, staff)
    url = reverse("admin:members_memberprofile_change", args=[profile.pk])
    response = client.post(
        url,
        {
            "user": profile.user.pk,
            "full_name": "X",
            "country": "KE",
            "preferred_language": "en",
            "time_zone": "UTC",
            "visibility": "public",
            "network_role": "regional_rep",
            "represented_region": "",
        },
    )
    assert response.status_code == 200
    assertContains(response, "must represent a region")


def test_core_group_action(client, staff):
    profile = ApprovedMemberFactory()
    login_with_mfa(client, staff)
    client.post(
        reverse("admin:members_memberprofile_changelist"),
        {"action": "make_core_group_member", ACTION_CHECKBOX_NAME: [profile.pk], "index": 0},
    )
    profile.refresh_from_db()
    assert profile.network_role == "core"


def test_organization_logo_in_the_admin_is_validated(client, staff):
    organization = OrganizationFactory(name="Logo Org")
    login_with_mfa(client, staff)
    url = reverse("admin:members_organization_change", args=[organization.pk])
    base = {
        "name": "Logo Org",
        "slug": organization.slug,
        "type": "ngo",
        "country": "KE",
        "is_approved": "on",
    }
    bad = client.post(url, {**base, "logo": upload(SVG, name="x.png")})
    assert bad.status_code == 200
    assertContains(bad, "Upload a PNG, JPEG or WebP image")
    good = client.post(url, {**base, "logo": png_upload((2000, 1000))})
    assert good.status_code == 302
    organization.refresh_from_db()
    assert organization.logo.width == 800


def test_list_publicly_action_approves_organizations(client, staff):
    organization = OrganizationFactory(is_approved=False)
    login_with_mfa(client, staff)
    client.post(
        reverse("admin:members_organization_changelist"),
        {"action": "list_publicly", ACTION_CHECKBOX_NAME: [organization.pk], "index": 0},
    )
    assert Organization.objects.get(pk=organization.pk).is_approved


def test_the_user_admin_creates_users_by_email(client, superuser):
    login_with_mfa(client, superuser)
    response = client.post(
        reverse("admin:members_user_add"),
        {
            "email": "new.person@example.org",
            "usable_password": "true",
            "password1": "a-Long-pass-2026!",
            "password2": "a-Long-pass-2026!",
        },
    )
    assert response.status_code == 302
    from members.models import User

    assert User.objects.get(email="new.person@example.org").check_password("a-Long-pass-2026!")


def test_skill_categories_are_editable_in_three_languages(client, staff):
    login_with_mfa(client, staff)
    response = client.get(reverse("admin:taxonomy_skillcategory_changelist"))
    assertContains(response, "Apprentissage en milieu de travail")
    assertContains(response, "Aprendizaje en el lugar de trabajo")
