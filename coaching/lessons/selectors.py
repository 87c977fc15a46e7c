"""Reads the library pages need, joins decided once."""

from __future__ import annotations

from django.db.models import Prefetch, QuerySet

from taxonomy.models import SkillCategory

from .filters import LessonFilter
from .models import Lesson


def _lessons(user) -> QuerySet[Lesson]:
    return (
        Lesson.objects.visible_to(user)
        .select_related("language", "author", "endorsed_by")
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
