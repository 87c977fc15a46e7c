"""Course pages: the list, a course with the member's progress, lessons, my courses, the profile."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from coaching.courses.models import Completion, Enrollment
from tests.factories.courses import CourseFactory, LessonStepFactory

from .conftest import attend, steps

pytestmark = pytest.mark.django_db


def test_the_course_list_costs_the_same_queries_for_one_course_or_ten(client, course):
    with CaptureQueriesContext(connection) as one:
        assert client.get(reverse("courses:list")).status_code == 200
    for _ in range(9):
        LessonStepFactory(course=CourseFactory())
    with CaptureQueriesContext(connection) as ten:
        response = client.get(reverse("courses:list"))
    assert response.content.decode().count("<li><h2>") == 10
    assert len(ten) == len(one)


def test_an_unpublished_course_is_not_found_by_members(client, member):
    hidden = CourseFactory(is_published=False)
    client.force_login(member)
    assert client.get(hidden.get_absolute_url()).status_code == 404


def test_a_member_enrols_opens_and_completes_a_lesson_and_sees_the_progress(client, member, course):
    client.force_login(member)
    client.post(reverse("courses:enroll", kwargs={"slug": course.slug}))
    lesson = steps(course, "lesson")[0]
    page = client.get(
        reverse("courses:lesson", kwargs={"slug": course.slug, "position": lesson.position})
    )
    assert page.status_code == 200
    client.post(
        reverse(
            "courses:lesson-complete", kwargs={"slug": course.slug, "position": lesson.position}
        )
    )

    mine = client.get(reverse("courses:mine")).content.decode()
    assert "1 of 5 steps done." in mine
    assert "Next:" in mine
    assert Enrollment.objects.filter(user=member, course=course).count() == 1


def test_marking_a_lesson_without_enrolling_is_refused_with_a_message(client, member, course):
    client.force_login(member)
    lesson = steps(course, "lesson")[0]
    url = reverse(
        "courses:lesson-complete", kwargs={"slug": course.slug, "position": lesson.position}
    )
    response = client.post(url)
    assert response.status_code == 400
    assert "You are not enrolled in this course." in response.content.decode()
    assert not lesson.progress.exists()


def test_opening_a_lesson_without_enrolling_is_forbidden(client, member, course):
    client.force_login(member)
    lesson = steps(course, "lesson")[0]
    response = client.get(
        reverse("courses:lesson", kwargs={"slug": course.slug, "position": lesson.position})
    )
    assert response.status_code == 403


def test_a_completed_course_shows_on_the_members_profile_in_french(
    client, member, course, enrolled
):
    first, second, _ = steps(course, "session")
    attend(member, first)
    attend(member, second)
    client.force_login(member)
    for lesson in steps(course, "lesson"):
        kwargs = {"slug": course.slug, "position": lesson.position}
        client.get(reverse("courses:lesson", kwargs=kwargs))
        client.post(reverse("courses:lesson-complete", kwargs=kwargs))
    assert Completion.objects.filter(user=member).count() == 1

    profile = client.get(
        reverse("members:member-detail", kwargs={"pk": member.profile.pk}),
        HTTP_ACCEPT_LANGUAGE="fr",
    )
    assert course.title in profile.content.decode()


def test_staff_export_completions_as_csv(client, staff, login_with_mfa, member, course):
    from django.utils import timezone

    login_with_mfa(client, staff)
    staff.is_superuser = True
    staff.save()
    Completion.objects.create(
        course=course,
        user=member,
        completed_at=timezone.now(),
        sessions_attended=[1],
        lessons_completed=[2],
    )
    response = client.post(
        reverse("admin:coaching_courses_completion_changelist"),
        {"action": "export_csv", "_selected_action": [Completion.objects.get().pk]},
    )
    assert response["Content-Type"].startswith("text/csv")
    assert "member@example.org" in response.content.decode()
