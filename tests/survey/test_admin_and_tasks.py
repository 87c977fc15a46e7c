"""Staff run the survey again and invite members from the admin; the invitation task
run twice invites each member once."""

from __future__ import annotations

import pytest

from core.outbox.models import Email
from members.survey.models import Survey
from members.survey.tasks import survey_invite_members as survey_invite_members_task
from tests.factories.members import ApprovedMemberFactory

pytestmark = pytest.mark.django_db

CHANGELIST = "/admin/survey/survey/"


def test_staff_open_a_new_version_from_the_admin(staff_client, survey):
    response = staff_client.post(
        CHANGELIST, {"action": "open_next_version", "_selected_action": [survey.pk]}, follow=True
    )

    assert response.status_code == 200
    assert Survey.objects.open().get().version == 2
    assert "A new version is open" in response.content.decode()


def test_staff_invite_members_from_the_admin_through_the_task(
    staff_client, survey, django_capture_on_commit_callbacks
):
    members = [ApprovedMemberFactory(), ApprovedMemberFactory()]

    with django_capture_on_commit_callbacks(execute=True):
        response = staff_client.post(
            CHANGELIST, {"action": "invite_members", "_selected_action": [survey.pk]}, follow=True
        )

    assert "are being sent" in response.content.decode()
    assert sorted(Email.objects.values_list("to", flat=True)) == sorted(m.user.email for m in members)


def test_the_invitation_task_run_twice_invites_each_member_once(survey, staff):
    ApprovedMemberFactory()

    assert survey_invite_members_task(survey.pk, staff.pk) == 1
    assert survey_invite_members_task(survey.pk, staff.pk) == 0
    assert Email.objects.count() == 1
    assert survey_invite_members_task(999999, staff.pk) == 0  # gone: a no-op
