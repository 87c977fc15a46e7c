"""An approved organization stays public while its creator edits it; when the edit
changes what the public sees first (name, logo, website, description, project name), its
reviewers — ILO staff and the representative of its region — are told what changed."""

from __future__ import annotations

import pytest

from core.outbox.models import Email
from members import services
from members.models import MemberProfile, Organization
from tests.factories.members import ApprovedMemberFactory, StaffUserFactory

pytestmark = pytest.mark.django_db


def change_notices():
    return Email.objects.filter(key__startswith="organization-changed:")


@pytest.fixture
def creator():
    return ApprovedMemberFactory(full_name="Chloé Creator")


@pytest.fixture
def approved_org(creator, staff):
    organization = services.organization_create(
        actor=creator.user, data={"name": "Fresh Skills Hub", "type": "ngo", "country": "KE"}
    )
    from members import reviews

    reviews.organization_approve(organization=organization, actor=staff)
    Email.objects.all().delete()
    return Organization.objects.get(pk=organization.pk)


@pytest.fixture
def africa_rep():
    return ApprovedMemberFactory(
        network_role=MemberProfile.NetworkRole.REGIONAL_REP,
        represented_region="africa",
        preferred_language="fr",
    )


def test_renaming_an_approved_organization_tells_staff_and_the_regions_representative(
    approved_org, creator, staff, africa_rep
):
    ApprovedMemberFactory(network_role=MemberProfile.NetworkRole.REGIONAL_REP, represented_region="europe")

    services.organization_update(
        organization=approved_org, actor=creator.user, data={"name": "Totally Different Name", "website": "https://x.example.org"}
    )

    assert Organization.objects.get(pk=approved_org.pk).review_status == Organization.ReviewStatus.APPROVED
    notices = {email.to: email for email in change_notices()}
    assert set(notices) == {staff.email, africa_rep.user.email}
    to_staff, to_rep = notices[staff.email], notices[africa_rep.user.email]
    assert "Totally Different Name" in to_staff.subject
    assert "Chloé Creator has changed Totally Different Name" in to_staff.text_body
    assert "Changed: name, website" in to_staff.text_body
    assert f"/admin/members/organization/{approved_org.pk}/change/" in to_staff.text_body
    assert "/admin/" not in to_rep.text_body
    assert "Modifié" in to_rep.text_body or "modifié" in to_rep.text_body.lower()


def test_editing_the_project_results_or_a_pending_organization_tells_nobody(approved_org, creator, staff):
    services.organization_update(
        organization=approved_org, actor=creator.user, data={"project_results": "Trained 300 apprentices."}
    )
    Organization.objects.filter(pk=approved_org.pk).update(review_status=Organization.ReviewStatus.PENDING)
    services.organization_update(
        organization=Organization.objects.get(pk=approved_org.pk), actor=creator.user, data={"name": "Renamed"}
    )

    assert not change_notices().exists()


def test_staff_editing_an_approved_organization_tell_nobody(approved_org):
    services.organization_update(
        organization=approved_org, actor=StaffUserFactory(), data={"name": "Corrected by staff"}
    )

    assert not change_notices().exists()


def test_each_edit_is_one_notice_per_reviewer(approved_org, creator, staff):
    services.organization_update(organization=approved_org, actor=creator.user, data={"name": "First"})
    services.organization_update(
        organization=Organization.objects.get(pk=approved_org.pk), actor=creator.user, data={"name": "Second"}
    )

    assert change_notices().filter(to=staff.email).count() == 2
