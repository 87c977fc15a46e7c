"""The completion rule: required sessions, N of M sessions, every lesson."""

import pytest

from badges.models import BadgeAward
from coaching.courses import services
from coaching.courses.models import Completion
from coaching.courses.rules import progress_of
from coaching.courses.signals import course_completed

from .conftest import attend, steps

pytestmark = pytest.mark.django_db


def finish_lessons(member, course):
    for lesson in steps(course, "lesson"):
        services.lesson_open(step=lesson, user=member)
        services.lesson_complete(step=lesson, user=member)


def test_attending_two_of_three_sessions_including_the_required_one_and_every_lesson_completes_the_course(
    member, course, enrolled
):
    first, second, _third = steps(course, "session")
    attend(member, first)
    attend(member, second)
    finish_lessons(member, course)

    completion = Completion.objects.get(course=course, user=member)
    assert completion.sessions_attended == sorted([first.session_id, second.session_id])
    assert completion.lessons_completed == [s.pk for s in steps(course, "lesson")]


def test_two_sessions_without_the_required_one_do_not_complete_the_course(member, course, enrolled):
    _first, second, third = steps(course, "session")
    attend(member, second)
    attend(member, third)
    finish_lessons(member, course)

    assert not Completion.objects.exists()
    assert progress_of(course=course, user=member, enrollment=enrolled).next_step.position == 1


def test_the_required_session_alone_is_fewer_than_n_of_m(member, course, enrolled):
    attend(member, steps(course, "session")[0])
    finish_lessons(member, course)

    assert not Completion.objects.exists()


def test_an_unfinished_lesson_keeps_the_course_open_until_the_sweep_sees_it_done(
    member, course, enrolled
):
    first, second, _third = steps(course, "session")
    lesson_a, lesson_b = steps(course, "lesson")
    services.lesson_open(step=lesson_a, user=member)
    services.lesson_complete(step=lesson_a, user=member)
    services.lesson_open(step=lesson_b, user=member)
    services.lesson_complete(step=lesson_b, user=member)
    assert not Completion.objects.exists()

    attend(member, first)
    attend(member, second)  # marked by staff in the session engine
    assert services.completions_sweep() == 1
    assert services.completions_sweep() == 0
    assert Completion.objects.count() == 1


def test_a_lesson_cannot_be_marked_before_it_is_opened(member, course, enrolled):
    lesson = steps(course, "lesson")[0]
    with pytest.raises(services.CourseError, match="Open the lesson"):
        services.lesson_complete(step=lesson, user=member)


def test_marking_a_lesson_of_a_course_one_is_not_enrolled_in_changes_nothing(member, course):
    lesson = steps(course, "lesson")[0]
    with pytest.raises(services.CourseError, match="not enrolled"):
        services.lesson_open(step=lesson, user=member)
    with pytest.raises(services.CourseError, match="not enrolled"):
        services.lesson_complete(step=lesson, user=member)
    assert not lesson.progress.exists()


def test_a_session_step_cannot_be_marked_by_the_member(member, course, enrolled):
    with pytest.raises(services.CourseError, match="hosts"):
        services.lesson_open(step=steps(course, "session")[0], user=member)


def test_completing_twice_records_one_completion_one_signal_and_one_badge(
    member, course, enrolled, mailoutbox
):
    received = []

    def listener(sender, **kwargs):
        received.append(kwargs["evidence_key"])

    course_completed.connect(listener)
    try:
        first, second, _third = steps(course, "session")
        attend(member, first)
        attend(member, second)
        finish_lessons(member, course)
        again = services.completion_check(enrollment=enrolled)
        services.lesson_complete(step=steps(course, "lesson")[0], user=member)
    finally:
        course_completed.disconnect(listener)

    assert again == Completion.objects.get()
    assert received == [f"coaching.course:{course.pk}:user:{member.pk}"]
    assert (
        BadgeAward.objects.filter(recipient=member, badge_class__slug="course-completion").count()
        == 1
    )
