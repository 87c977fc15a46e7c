"""Staff export course completions: a member's name cannot smuggle a formula into the CSV."""

import csv
import io

import pytest
from django.urls import reverse
from django.utils import timezone

from coaching.courses.models import Completion

pytestmark = pytest.mark.django_db


def test_a_name_written_as_a_formula_is_exported_as_text(
    client, staff, login_with_mfa, member, course
):
    member.profile.full_name = '=HYPERLINK("https://evil.example")'
    member.profile.save()
    staff.is_superuser = True
    staff.save()
    login_with_mfa(client, staff)
    completion = Completion.objects.create(
        course=course,
        user=member,
        completed_at=timezone.now(),
        sessions_attended=[1],
        lessons_completed=[2],
    )

    response = client.post(
        reverse("admin:coaching_courses_completion_changelist"),
        {"action": "export_csv", "_selected_action": [completion.pk]},
    )

    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[1][1] == "member@example.org"
    assert rows[1][2] == '\'=HYPERLINK("https://evil.example")'
