"""A course: ordered steps — coaching sessions (registration through the events engine)
or recorded lessons — and the completion rule staff set. A member's progress is rows
(Enrollment, LessonProgress); a completion is recorded once per member and course,
with its evidence (which sessions attended, which lessons completed)."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from taxonomy.models import Language, SkillCategory


class CourseQuerySet(models.QuerySet):
    def published(self):
        return self.filter(is_published=True)


class Course(models.Model):
    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=200, unique=True)
    summary = models.TextField(_("summary"), help_text=_("Markdown."))
    categories = models.ManyToManyField(
        SkillCategory, blank=True, related_name="courses", verbose_name=_("skills categories")
    )
    languages = models.ManyToManyField(
        Language, blank=True, related_name="courses", verbose_name=_("languages")
    )
    min_sessions = models.PositiveSmallIntegerField(
        _("sessions to attend"),
        default=0,
        help_text=_(
            "Attend at least this many of the course's sessions (the required ones count)."
        ),
    )
    badge_slug = models.SlugField(
        _("badge"),
        blank=True,
        help_text=_("The recognition badge class (its slug) a completion earns; empty: none."),
    )
    is_published = models.BooleanField(_("published"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = CourseQuerySet.as_manager()

    class Meta:
        ordering = ["title"]
        verbose_name = _("course")
        verbose_name_plural = _("courses")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("courses:detail", kwargs={"slug": self.slug})


class Step(models.Model):
    class Kind(models.TextChoices):
        SESSION = "session", _("Coaching session")
        LESSON = "lesson", _("Recorded lesson")

    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="steps")
    position = models.PositiveSmallIntegerField(_("position"))
    kind = models.CharField(_("kind"), max_length=16, choices=Kind)
    session = models.ForeignKey(
        "events.Session",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="course_steps",
        verbose_name=_("session"),
    )
    required = models.BooleanField(
        _("required"),
        default=False,
        help_text=_("Sessions only: must be attended to complete the course."),
    )
    title = models.CharField(_("lesson title"), max_length=200, blank=True)
    video_url = models.URLField(_("video link"), blank=True)
    materials_url = models.URLField(_("materials link"), blank=True)
    captions = models.JSONField(
        _("transcripts and subtitles"),
        default=dict,
        blank=True,
        help_text=_('Links per language code, e.g. {"fr": "https://…"}.'),
    )
    estimated_minutes = models.PositiveSmallIntegerField(
        _("estimated minutes"), null=True, blank=True
    )

    class Meta:
        ordering = ["course", "position"]
        verbose_name = _("step")
        verbose_name_plural = _("steps")
        constraints = [
            models.UniqueConstraint(
                fields=["course", "position"], name="courses_one_step_per_position"
            ),
            models.CheckConstraint(
                condition=(
                    Q(kind="session", session__isnull=False)
                    | Q(kind="lesson", session__isnull=True)
                ),
                name="courses_session_step_has_session",
            ),
        ]

    def __str__(self) -> str:
        return self.display_title

    @property
    def display_title(self) -> str:
        return (
            self.session.title if self.kind == self.Kind.SESSION and self.session_id else self.title
        )

    @property
    def is_lesson(self) -> bool:
        return self.kind == self.Kind.LESSON

    def clean(self) -> None:
        if self.kind == self.Kind.SESSION and not self.session_id:
            raise ValidationError({"session": _("A session step needs a session.")})
        if self.kind == self.Kind.LESSON:
            if self.session_id:
                raise ValidationError({"session": _("A lesson has no session.")})
            if not self.title or not self.video_url:
                raise ValidationError(_("A lesson needs a title and a video link."))


class Enrollment(models.Model):
    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="enrollments")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="course_enrollments"
    )
    enrolled_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("enrollment")
        verbose_name_plural = _("enrollments")
        constraints = [
            models.UniqueConstraint(fields=["course", "user"], name="courses_one_enrollment")
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.course}"


class LessonProgress(models.Model):
    """A member opened a lesson (opened_at) and then marked it completed (completed_at)."""

    enrollment = models.ForeignKey(Enrollment, on_delete=models.CASCADE, related_name="lessons")
    step = models.ForeignKey(Step, on_delete=models.CASCADE, related_name="progress")
    opened_at = models.DateTimeField()
    completed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("lesson progress")
        verbose_name_plural = _("lesson progress")
        constraints = [
            models.UniqueConstraint(
                fields=["enrollment", "step"], name="courses_one_progress_per_lesson"
            )
        ]

    def __str__(self) -> str:
        return f"{self.enrollment} · {self.step}"


class Completion(models.Model):
    """A member completed a course: once per member and course, with the evidence."""

    course = models.ForeignKey(Course, on_delete=models.PROTECT, related_name="completions")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="course_completions"
    )
    completed_at = models.DateTimeField(_("completed at"))
    sessions_attended = models.JSONField(_("sessions attended"), default=list)
    lessons_completed = models.JSONField(_("lessons completed"), default=list)

    class Meta:
        ordering = ["-completed_at"]
        verbose_name = _("course completion")
        verbose_name_plural = _("course completions")
        constraints = [
            models.UniqueConstraint(fields=["course", "user"], name="courses_one_completion")
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.course}"
