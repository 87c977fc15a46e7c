"""Course pages: the list, a course with the member's progress, a lesson, "my courses".
Thin: selectors read, services write."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from . import quiz, selectors, services
from .errors import CourseError
from .models import Step


def _course(request, slug: str):
    course = selectors.course_get(slug=slug, user=request.user)
    if course is None:
        raise Http404
    return course


def _detail(request, course, *, error: str = "", status: int = 200):
    context = {
        "course": course,
        "error": error,
        **selectors.course_page(course=course, user=request.user),
    }
    return render(request, "courses/course_detail.html", context, status=status)


@require_safe
def course_list(request):
    page_obj = Paginator(selectors.course_list(), settings.PORTAL_PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(request, "courses/course_list.html", {"page_obj": page_obj})


@require_safe
def course_detail(request, slug: str):
    return _detail(request, _course(request, slug))


@login_required
@require_POST
def course_enroll(request, slug: str):
    course = _course(request, slug)
    try:
        services.course_enroll(course=course, user=request.user)
    except CourseError as error:
        return _detail(request, course, error=str(error), status=400)
    messages.success(request, _("You are enrolled. Your progress is kept on this page."))
    return redirect(course)


def _step(request, slug: str, position: int) -> Step:
    course = _course(request, slug)
    return get_object_or_404(
        Step.objects.select_related("course", "library_lesson__endorsed_by__profile"),
        course=course,
        position=position,
    )


def _lesson_page(request, step: Step, *, attempt=None, error: str = "", status: int = 200):
    page = selectors.course_page(course=step.course, user=request.user)
    context = {
        "step": step,
        "course": step.course,
        "attempt": attempt,
        "error": error,
        **page,
        **quiz.quiz_page(step=step, enrollment=page["enrollment"]),
    }
    return render(request, "courses/lesson_detail.html", context, status=status)


@login_required
@require_safe
def lesson_detail(request, slug: str, position: int):
    step = _step(request, slug, position)
    if not step.is_lesson:
        raise Http404
    try:
        services.lesson_open(step=step, user=request.user)
    except CourseError as error:
        return _detail(request, step.course, error=str(error), status=403)
    return _lesson_page(request, step)


@login_required
@require_POST
def lesson_complete(request, slug: str, position: int):
    step = _step(request, slug, position)
    try:
        completion = services.lesson_complete(step=step, user=request.user)
    except CourseError as error:
        return _detail(request, step.course, error=str(error), status=400)
    if completion is not None:
        messages.success(request, _("Congratulations: you completed the course."))
    else:
        messages.success(request, _("Lesson completed."))
    return redirect(step.course)


@login_required
@require_safe
def my_courses(request):
    return render(
        request, "courses/my_courses.html", {"rows": selectors.my_courses(user=request.user)}
    )


@login_required
@require_POST
def quiz_submit(request, slug: str, position: int):
    """Grade the quiz and show the lesson page again: the wrong answers marked, or passed."""
    step = _step(request, slug, position)
    try:
        attempt, completion = services.quiz_submit(
            step=step, user=request.user, answers=quiz.posted_answers(request.POST)
        )
    except CourseError as error:
        if (
            not step.is_lesson
            or not selectors.course_page(course=step.course, user=request.user)["enrollment"]
        ):
            return _detail(request, step.course, error=str(error), status=400)
        return _lesson_page(request, step, error=str(error), status=400)
    if completion is not None:
        messages.success(request, _("Congratulations: you completed the course."))
    elif attempt.passed:
        messages.success(request, _("You passed the quiz: lesson completed."))
    return _lesson_page(request, step, attempt=attempt)
