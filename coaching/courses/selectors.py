"""Reads the course pages need, joins decided once."""

from __future__ import annotations

from django.db.models import Count, QuerySet

from .models import Completion, Course, Enrollment
from .rules import Progress, progress_of


def course_list() -> QuerySet[Course]:
    """Published courses with their categories, languages and step count (3 queries)."""
    return (
        Course.objects.published()
        .annotate(step_count=Count("steps", distinct=True))
        .prefetch_related("categories", "languages")
        .order_by("title")
    )


def course_get(*, slug: str, user) -> Course | None:
    """A published course, or any course for staff previewing it."""
    courses = Course.objects.all() if user.is_staff else Course.objects.published()
    return courses.filter(slug=slug).first()


def course_page(*, course: Course, user) -> dict:
    enrollment = (
        Enrollment.objects.filter(course=course, user=user).first()
        if user.is_authenticated
        else None
    )
    completion = (
        Completion.objects.filter(course=course, user=user).first()
        if enrollment is not None
        else None
    )
    return {
        "enrollment": enrollment,
        "progress": progress_of(course=course, user=user, enrollment=enrollment),
        "completion": completion,
    }


def my_courses(*, user) -> list[tuple[Enrollment, Progress, Completion | None]]:
    """The member's progress page: each enrolled course with its progress."""
    enrollments = (
        Enrollment.objects.filter(user=user).select_related("course").order_by("-enrolled_at")
    )
    completions = {c.course_id: c for c in Completion.objects.filter(user=user)}
    return [
        (e, progress_of(course=e.course, user=user, enrollment=e), completions.get(e.course_id))
        for e in enrollments
    ]


def completions_of(*, user) -> QuerySet[Completion]:
    """What a profile shows: the courses the member completed, newest first."""
    return Completion.objects.filter(user=user).select_related("course")
