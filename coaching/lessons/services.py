"""The library's writes: a member submits or edits a lesson; staff endorse it, ask for
changes or reject it (the author is emailed each decision, in their language); staff add
an endorsed lesson to a course as a step.

Every service checks who may act, raises LessonError with a message for people, writes
one audit entry and owns its transaction: a refused link or document changes nothing."""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from coaching.courses.models import Course, Step
from core.audit.services import log_action
from core.documents import DocumentError, document_kind
from core.mail import send_to_user

from .errors import LessonError
from .models import Lesson, LessonMaterial, https_only
from .permissions import is_member, may_review

FIELDS = (
    "title",
    "summary",
    "language",
    "video_url",
    "transcript_url",
    "subtitles_url",
    "estimated_minutes",
)


def pending_max() -> int:
    """How many lessons a member may have awaiting review at once."""
    return settings.LESSONS_PENDING_MAX


def _check_links(data: dict) -> None:
    for name in ("video_url", "transcript_url", "subtitles_url"):
        value = data.get(name) or ""
        if not value and name != "video_url":
            continue
        try:
            https_only(value)
        except ValidationError as error:
            raise LessonError(error.messages[0]) from error


def _checked_materials(materials: Iterable[tuple[str, bytes]]) -> list[tuple[str, str, bytes]]:
    """(name, kind, data) for each upload, all checked before anything is stored."""
    checked = []
    for name, data in materials:
        try:
            kind = document_kind(
                name=name, data=data, max_bytes=settings.COACHING_DOCUMENT_MAX_BYTES
            )
        except DocumentError as error:
            raise LessonError(f"{os.path.basename(name)}: {error}") from error
        checked.append((os.path.basename(name)[:200], kind, data))
    return checked


def _store(lesson: Lesson, checked: list[tuple[str, str, bytes]]) -> None:
    for name, kind, data in checked:
        material = LessonMaterial(lesson=lesson, name=name, kind=kind, size=len(data))
        material.file.save(f"{lesson.pk}.{kind}", ContentFile(data), save=False)
        material.save()


@transaction.atomic
def lesson_submit(
    *,
    author,
    data: dict,
    categories: Sequence,
    materials: Iterable[tuple[str, bytes]] = (),
) -> Lesson:
    """A network member submits a recorded lesson; it waits for staff review. `data`
    holds FIELDS; `materials` are (file name, bytes) of PDF/DOCX/XLSX/ODT documents.
    Raises LessonError (not a member, too many awaiting review, a link that is not
    https, a document refused) with nothing stored."""
    if not is_member(author):
        raise LessonError(_("Only network members can submit lessons."))
    get_user_model().objects.select_for_update().filter(pk=author.pk).first()  # one at a time
    if Lesson.objects.awaiting_review().filter(author=author).count() >= pending_max():
        raise LessonError(
            _("You already have %(count)d lessons awaiting review; wait for a decision first.")
            % {"count": pending_max()}
        )
    if not categories:
        raise LessonError(_("Choose at least one skills category."))
    _check_links(data)
    checked = _checked_materials(materials)
    lesson = Lesson.objects.create(author=author, **{f: data.get(f) for f in FIELDS if f in data})
    lesson.categories.set(categories)
    _store(lesson, checked)
    log_action(
        obj=lesson,
        action="coaching.library_lesson.submitted",
        actor=author,
        data={"materials": len(checked)},
    )
    return lesson


@transaction.atomic
def lesson_edit(
    *,
    lesson: Lesson,
    actor,
    data: dict,
    categories: Sequence,
    materials: Iterable[tuple[str, bytes]] = (),
) -> Lesson:
    """The author changes their lesson while it awaits review (after "changes requested"
    it goes back to review). Raises LessonError for anyone else or once decided."""
    lesson = Lesson.objects.select_for_update().get(pk=lesson.pk)
    if not (is_member(actor) and lesson.author_id == actor.pk):
        raise LessonError(_("Only the author can change this lesson."))
    if not lesson.is_awaiting_review:
        raise LessonError(_("This lesson has been reviewed; it can no longer be changed."))
    if not categories:
        raise LessonError(_("Choose at least one skills category."))
    _check_links(data)
    checked = _checked_materials(materials)
    changes = {}
    for name in FIELDS:
        if name in data and getattr(lesson, name) != data[name]:
            changes[name] = [str(getattr(lesson, name) or ""), str(data[name] or "")]
            setattr(lesson, name, data[name])
    if lesson.status != Lesson.Status.PENDING:
        changes["status"] = [lesson.status, Lesson.Status.PENDING]
        lesson.status = Lesson.Status.PENDING
    lesson.save()
    lesson.categories.set(categories)
    _store(lesson, checked)
    log_action(obj=lesson, action="coaching.library_lesson.edited", actor=actor, changes=changes)
    return lesson


def _decide(*, lesson: Lesson, actor, status: str, action: str, note: str) -> Lesson:
    if not may_review(actor):
        raise LessonError(_("Only ILO staff can review lessons."))
    lesson = (
        Lesson.objects.select_for_update(of=("self",)).select_related("author").get(pk=lesson.pk)
    )
    if not lesson.is_awaiting_review:
        raise LessonError(
            _("“%(title)s” is not awaiting review (%(status)s).")
            % {"title": lesson.title, "status": lesson.get_status_display()}
        )
    changes = {"status": [lesson.status, status]}
    lesson.status = status
    lesson.review_note = note
    if status == Lesson.Status.ENDORSED:
        lesson.endorsed_by, lesson.endorsed_at = actor, timezone.now()
    lesson.save()
    entry = log_action(obj=lesson, action=action, actor=actor, changes=changes, data={"note": note})
    if lesson.author is not None:
        send_to_user(
            user=lesson.author,
            template="lessons/emails/decided",
            context={
                "lesson_title": lesson.title,
                "lesson_pk": lesson.pk,
                "status": status,
                "note": note,
            },
            key=f"{action}:{lesson.pk}:{entry.pk}",
        )
    return lesson


@transaction.atomic
def lesson_endorse(*, lesson: Lesson, actor, note: str = "") -> Lesson:
    """Staff endorse a lesson awaiting review: "Endorsed by ILO", shown to all members."""
    return _decide(
        lesson=lesson,
        actor=actor,
        status=Lesson.Status.ENDORSED,
        action="coaching.library_lesson.endorsed",
        note=note,
    )


@transaction.atomic
def lesson_request_changes(*, lesson: Lesson, actor, note: str) -> Lesson:
    """Staff send a lesson back to its author with a note (required) saying what to change."""
    if not (note or "").strip():
        raise LessonError(_("Say what the author should change."))
    return _decide(
        lesson=lesson,
        actor=actor,
        status=Lesson.Status.CHANGES_REQUESTED,
        action="coaching.library_lesson.changes_requested",
        note=note.strip(),
    )


@transaction.atomic
def lesson_reject(*, lesson: Lesson, actor, note: str = "") -> Lesson:
    """Staff decline a lesson; only its author keeps seeing it."""
    return _decide(
        lesson=lesson,
        actor=actor,
        status=Lesson.Status.REJECTED,
        action="coaching.library_lesson.rejected",
        note=note,
    )


@transaction.atomic
def lesson_add_to_course(*, lesson: Lesson, course: Course, actor) -> Step:
    """Staff append an endorsed library lesson to a course as its last step. The step
    refers to the lesson (its title, links and materials are the lesson's own)."""
    if not (may_review(actor) and actor.has_perm("coaching_courses.add_step")):
        raise LessonError(_("Only ILO staff can change courses."))
    if not lesson.is_endorsed:
        raise LessonError(_("Only lessons endorsed by ILO can be added to a course."))
    course = Course.objects.select_for_update().get(pk=course.pk)
    if course.steps.filter(library_lesson=lesson).exists():
        raise LessonError(
            _("“%(lesson)s” is already a step of “%(course)s”.")
            % {"lesson": lesson.title, "course": course.title}
        )
    last = course.steps.aggregate(last=Max("position"))["last"] or 0
    step = Step.objects.create(
        course=course,
        position=last + 1,
        kind=Step.Kind.LESSON,
        library_lesson=lesson,
        title=lesson.title[:200],
        video_url=lesson.video_url,
        estimated_minutes=lesson.estimated_minutes,
    )
    log_action(
        obj=lesson,
        action="coaching.library_lesson.added_to_course",
        actor=actor,
        data={"course": course.pk, "step": step.pk},
    )
    return step
