"""The library pages (network members): the list, a lesson, submitting and editing one,
"my lessons", a material's download, and staff adding a lesson to a course.
Thin: selectors read, services write."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from core.documents import CONTENT_TYPES
from core.lists import render_list

from . import selectors, services
from .errors import LessonError
from .forms import AddToCourseForm, LessonForm
from .models import Lesson
from .permissions import is_member, may_review


def _members_only(user) -> None:
    if not is_member(user):
        raise Http404(_("The lesson library is for network members."))


def _lesson(request, pk: int) -> Lesson:
    _members_only(request.user)
    lesson = selectors.lesson_get(user=request.user, pk=pk)
    if lesson is None:
        raise Http404(_("No lesson has this address, or it is not endorsed yet."))
    return lesson


@login_required
@require_safe
def library(request):
    _members_only(request.user)
    filterset = selectors.library_filterset(user=request.user, filters=request.GET)
    page_obj = Paginator(selectors.filtered(filterset), settings.PORTAL_PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    context = {"filter": filterset, "page_obj": page_obj}
    return render_list(request, "lessons/library.html", context, form=filterset.form)


def _detail(request, lesson: Lesson, *, form=None, error: str = "", status: int = 200):
    may_add = may_review(request.user) and lesson.is_endorsed
    context = {
        "lesson": lesson,
        "error": error,
        "is_author": lesson.author_id == request.user.pk,
        "course_form": (form or AddToCourseForm()) if may_add else None,
        "steps": lesson.course_steps.select_related("course").order_by("course__title"),
    }
    return render(request, "lessons/lesson_detail.html", context, status=status)


@login_required
@require_safe
def lesson_detail(request, pk: int):
    return _detail(request, _lesson(request, pk))


def _form_page(request, form, *, lesson=None, status: int = 200):
    return render(
        request, "lessons/lesson_form.html", {"form": form, "lesson": lesson}, status=status
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def lesson_submit(request):
    _members_only(request.user)
    form = LessonForm(request.POST or None, request.FILES or None)
    if request.method != "POST":
        return _form_page(request, form)
    if form.is_valid():
        try:
            lesson = services.lesson_submit(author=request.user, **form.service_arguments())
        except LessonError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Thank you: ILO staff will review your lesson."))
            return redirect(lesson)
    return _form_page(request, form, status=400)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def lesson_edit(request, pk: int):
    lesson = _lesson(request, pk)
    if lesson.author_id != request.user.pk:
        return _detail(
            request, lesson, error=_("Only the author can change this lesson."), status=403
        )
    if not lesson.is_awaiting_review:
        error = _("This lesson has been reviewed; it can no longer be changed.")
        return _detail(request, lesson, error=error, status=403)
    form = LessonForm(request.POST or None, request.FILES or None, instance=lesson)
    if request.method != "POST":
        return _form_page(request, form, lesson=lesson)
    if form.is_valid():
        try:
            services.lesson_edit(lesson=lesson, actor=request.user, **form.service_arguments())
        except LessonError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Your lesson is back with ILO staff for review."))
            return redirect(lesson)
    return _form_page(request, form, lesson=Lesson.objects.get(pk=pk), status=400)


@login_required
@require_safe
def my_lessons(request):
    _members_only(request.user)
    return render(
        request, "lessons/my_lessons.html", {"lessons": selectors.my_lessons(user=request.user)}
    )


@login_required
@require_safe
def material_download(request, pk: int):
    material = selectors.material_get(user=request.user, pk=pk)
    if material is None:
        raise Http404
    response = FileResponse(
        material.file.open("rb"),
        as_attachment=True,
        filename=material.name,
        content_type=CONTENT_TYPES.get(material.kind, "application/octet-stream"),
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_required
@require_POST
def add_to_course(request, pk: int):
    lesson = _lesson(request, pk)
    if not may_review(request.user):
        return _detail(request, lesson, error=_("Only ILO staff can change courses."), status=403)
    form = AddToCourseForm(request.POST)
    if form.is_valid():
        course = form.cleaned_data["course"]
        try:
            step = services.lesson_add_to_course(lesson=lesson, course=course, actor=request.user)
        except LessonError as error:
            form.add_error("course", str(error))
        else:
            messages.success(
                request,
                _("Added to “%(course)s” as step %(position)d.")
                % {"course": course.title, "position": step.position},
            )
            return redirect(lesson)
    return _detail(request, lesson, form=form, status=400)
