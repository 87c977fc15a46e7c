"""Reads the library pages need, joins decided once."""

from __future__ import annotations

from django.db.models import Prefetch, QuerySet

from taxonomy.models import SkillCategory

from .filters import LessonFilter
from .models import Lesson, LessonMaterial


def _lessons(user) -> QuerySet[Lesson]:
    return (
        Lesson.objects.visible_to(user)
        .select_related("language", "author__profile", "endorsed_by__profile")
        .prefetch_related(Prefetch("categories", queryset=SkillCategory.objects.all()))
    )


def library_filterset(*, user, filters) -> LessonFilter:
    """The library lists endorsed lessons only (an author's others are on "My lessons")."""
    return LessonFilter(filters or None, queryset=_lessons(user).endorsed())


def filtered(filterset) -> QuerySet[Lesson]:
    if filterset.is_bound and not filterset.is_valid():
        return filterset.queryset.none()
    return filterset.qs


def lesson_get(*, user, pk: int) -> Lesson | None:
    return _lessons(user).prefetch_related("materials").filter(pk=pk).first()


def my_lessons(*, user) -> QuerySet[Lesson]:
    return _lessons(user).filter(author=user).order_by("-submitted_at", "-pk")


def material_get(*, user, pk: int) -> LessonMaterial | None:
    """A material of a lesson the viewer may see, or of an endorsed lesson that is a step
    of a course they follow (courses are open to any signed-in person)."""
    material = LessonMaterial.objects.select_related("lesson").filter(pk=pk).first()
    if material is None or not user.is_authenticated:
        return None
    lesson = material.lesson
    if Lesson.objects.visible_to(user).filter(pk=lesson.pk).exists():
        return material
    if lesson.is_endorsed and lesson.course_steps.filter(course__enrollments__user=user).exists():
        return material
    return None
