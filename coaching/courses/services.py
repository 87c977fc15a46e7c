"""Courses' writes: enrol, open and complete a lesson, record a completion.

`completion_check` is the one place a completion is recorded: under a lock on the
enrollment row it re-reads the evidence, creates the `Completion` (unique per member
and course), writes one audit entry, emails the member and sends `course_completed`
(coaching/courses/signals.py) — all in one transaction, at most once, whatever the
number of concurrent callers (a lesson marked twice, the sweep, a page view)."""

from __future__ import annotations

from django.db import transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone
from django.utils.translation import gettext as _

from core.audit.services import log_action
from core.mail import send_to_user

from .errors import CourseError
from .models import (
    Completion,
    Course,
    Enrollment,
    LessonProgress,
    Question,
    QuizAttempt,
    Step,
)
from .rules import progress_of
from .signals import course_completed


def _enrollment(*, course: Course, user) -> Enrollment:
    enrollment = (
        Enrollment.objects.filter(course=course, user=user).first()
        if user.is_authenticated
        else None
    )
    if enrollment is None:
        raise CourseError(_("You are not enrolled in this course."))
    return enrollment


@transaction.atomic
def course_enroll(*, course: Course, user) -> Enrollment:
    """Enrol a signed-in person in a published course; twice = the same enrollment."""
    if not user.is_authenticated:
        raise CourseError(_("Sign in to follow a course."))
    if not course.is_published:
        raise CourseError(_("This course is not open."))
    enrollment, created = Enrollment.objects.get_or_create(course=course, user=user)
    if created:
        log_action(obj=enrollment, action="coaching.course.enrolled", actor=user)
    return enrollment


def _lesson(step: Step) -> Step:
    if not step.is_lesson:
        raise CourseError(_("Sessions are marked attended by the session's hosts, not by you."))
    return step


@transaction.atomic
def lesson_open(*, step: Step, user) -> LessonProgress:
    """Record that an enrolled member opened a lesson (only the first time counts)."""
    enrollment = _enrollment(course=step.course, user=_lesson(step) and user)
    progress, _created = LessonProgress.objects.get_or_create(
        enrollment=enrollment, step=step, defaults={"opened_at": timezone.now()}
    )
    return progress


@transaction.atomic
def lesson_complete(*, step: Step, user) -> Completion | None:
    """Mark an opened lesson completed, then check the course; returns the completion
    when the course is (now) complete. Marking twice changes nothing."""
    enrollment = _enrollment(course=step.course, user=_lesson(step) and user)
    progress = (
        LessonProgress.objects.select_for_update().filter(enrollment=enrollment, step=step).first()
    )
    if progress is None:
        raise CourseError(_("Open the lesson before marking it completed."))
    if (
        progress.completed_at is None
        and Question.objects.filter(quiz__step=step).exists()
        and not QuizAttempt.objects.filter(
            enrollment=enrollment, quiz__step=step, passed=True
        ).exists()
    ):
        raise CourseError(_("Pass the lesson's quiz to complete it."))
    if progress.completed_at is None:
        progress.completed_at = timezone.now()
        progress.save(update_fields=["completed_at"])
        log_action(obj=step, action="coaching.lesson.completed", actor=user, data={"user": user.pk})
    return completion_check(enrollment=enrollment)


@transaction.atomic
def quiz_submit(
    *, step: Step, user, answers: dict[int, int]
) -> tuple[QuizAttempt, Completion | None]:
    """Record an enrolled member's attempt at a lesson's quiz (`answers`: question pk →
    the number of the chosen answer, every question answered). Passing it completes the
    lesson (and maybe the course: the completion is returned). Attempts are unlimited and
    each is kept. Raises CourseError (not enrolled, lesson not opened, no quiz, an
    unanswered question)."""
    enrollment = _enrollment(course=step.course, user=_lesson(step) and user)
    if not LessonProgress.objects.filter(enrollment=enrollment, step=step).exists():
        raise CourseError(_("Open the lesson before taking its quiz."))
    questions = list(Question.objects.filter(quiz__step=step).select_related("quiz"))
    if not questions:
        raise CourseError(_("This lesson has no quiz."))
    chosen = {}
    for question in questions:
        answer = answers.get(question.pk)
        if answer is None or not 1 <= answer <= len(question.answer_list):
            raise CourseError(_("Answer every question."))
        chosen[str(question.pk)] = answer
    right = sum(1 for q in questions if chosen[str(q.pk)] == q.correct)
    quiz = questions[0].quiz
    score = round(100 * right / len(questions))
    attempt = QuizAttempt.objects.create(
        enrollment=enrollment, quiz=quiz, answers=chosen, score=score,
        passed=score >= quiz.pass_mark,
    )  # fmt: skip
    log_action(
        obj=attempt,
        action="coaching.quiz.attempted",
        actor=user,
        data={"step": step.pk, "score": score, "passed": attempt.passed},
    )
    completion = lesson_complete(step=step, user=user) if attempt.passed else None
    return attempt, completion


@transaction.atomic
def completion_check(*, enrollment: Enrollment) -> Completion | None:
    """Record the completion when the course's rule is met: once per member and course
    (the enrollment row is locked, then the existing completion is returned)."""
    enrollment = (
        Enrollment.objects.select_for_update()
        .select_related("course", "user")
        .get(pk=enrollment.pk)
    )
    existing = Completion.objects.filter(course=enrollment.course, user=enrollment.user).first()
    if existing is not None:
        return existing
    progress = progress_of(course=enrollment.course, user=enrollment.user, enrollment=enrollment)
    if not progress.is_met:
        return None
    completion = Completion.objects.create(
        course=enrollment.course,
        user=enrollment.user,
        completed_at=timezone.now(),
        sessions_attended=progress.sessions_attended,
        lessons_completed=progress.lessons_completed,
    )
    log_action(
        obj=completion,
        action="coaching.course.completed",
        actor=None,
        data={"sessions": completion.sessions_attended, "lessons": completion.lessons_completed},
    )
    send_to_user(
        user=enrollment.user,
        template="courses/emails/completed",
        context={"course_title": enrollment.course.title, "course_slug": enrollment.course.slug},
        key=f"coaching.course.completed:{completion.pk}",
    )
    course_completed.send(
        sender=Completion,
        completion=completion,
        evidence_key=f"coaching.course:{completion.course_id}:user:{completion.user_id}",
    )
    return completion


def completions_sweep() -> int:
    """Check every enrollment not yet completed (attendance is marked in the session
    engine, which tells nobody): the beat job's body. Returns how many were recorded."""
    recorded = 0
    done = Completion.objects.filter(course_id=OuterRef("course_id"), user_id=OuterRef("user_id"))
    pending = Enrollment.objects.filter(course__is_published=True).exclude(Exists(done))
    for enrollment in pending.order_by("pk").iterator():
        if completion_check(enrollment=enrollment) is not None:
            recorded += 1
    return recorded
