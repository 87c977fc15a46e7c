"""A course: ordered steps — coaching sessions (registration through the events engine)
or recorded lessons — and the completion rule staff set. A member's progress is rows
(Enrollment, LessonProgress); a completion is recorded once per member and course,
with its evidence (which sessions attended, which lessons completed)."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator
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
    # A lesson step either carries its own lesson (the fields above) or refers to an
    # endorsed lesson of the library: then its title and video link are copied from it
    # (so every course page reads the step alone) and the lesson page adds the library
    # lesson's materials, transcript, subtitles and endorsement line.
    library_lesson = models.ForeignKey(
        "coaching_lessons.Lesson",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="course_steps",
        limit_choices_to={"status": "endorsed"},
        verbose_name=_("library lesson"),
        help_text=_("Lessons only: an endorsed lesson of the library (fills title and link)."),
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
        if self.kind == self.Kind.SESSION and self.library_lesson_id:
            raise ValidationError({"library_lesson": _("A session step has no library lesson.")})
        if self.kind == self.Kind.LESSON:
            if self.session_id:
                raise ValidationError({"session": _("A lesson has no session.")})
            if self.library_lesson_id:
                lesson = self.library_lesson
                if not lesson.is_endorsed:
                    raise ValidationError(
                        {"library_lesson": _("Only lessons endorsed by ILO can be course steps.")}
                    )
                self.title = self.title or lesson.title[:200]
                self.video_url = self.video_url or lesson.video_url
                if self.estimated_minutes is None:
                    self.estimated_minutes = lesson.estimated_minutes
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


class Quiz(models.Model):
    """A short quiz on a lesson step: when it has questions, the lesson is completed only
    by passing it (a score of at least `pass_mark` per cent)."""

    step = models.OneToOneField(
        Step,
        on_delete=models.CASCADE,
        related_name="quiz",
        limit_choices_to={"kind": "lesson"},
        verbose_name=_("lesson step"),
    )
    pass_mark = models.PositiveSmallIntegerField(
        _("pass mark (%)"), default=70, validators=[MaxValueValidator(100)]
    )

    class Meta:
        verbose_name = _("quiz")
        verbose_name_plural = _("quizzes")
        constraints = [
            models.CheckConstraint(condition=Q(pass_mark__lte=100), name="courses_quiz_pass_mark")
        ]

    def __str__(self) -> str:
        return str(self.step)

    def clean(self) -> None:
        if self.step_id and not self.step.is_lesson:
            raise ValidationError({"step": _("Only a lesson step can have a quiz.")})


class Question(models.Model):
    """One single-choice question: its answers one a line, and the number of the right one."""

    quiz = models.ForeignKey(Quiz, on_delete=models.CASCADE, related_name="questions")
    position = models.PositiveSmallIntegerField(_("position"))
    text = models.CharField(_("question"), max_length=500)
    answers = models.TextField(_("answers"), help_text=_("One answer a line (2 to 8)."))
    correct = models.PositiveSmallIntegerField(
        _("right answer"), help_text=_("The number of the right answer: 1 for the first line.")
    )

    class Meta:
        ordering = ["quiz", "position", "pk"]
        verbose_name = _("question")
        verbose_name_plural = _("questions")

    def __str__(self) -> str:
        return self.text

    @property
    def answer_list(self) -> list[str]:
        return [line.strip() for line in self.answers.splitlines() if line.strip()]

    @property
    def numbered_answers(self) -> list[tuple[int, str]]:
        return list(enumerate(self.answer_list, start=1))

    @property
    def correct_answer(self) -> str:
        answers = self.answer_list
        return answers[self.correct - 1] if 0 < self.correct <= len(answers) else ""

    def clean(self) -> None:
        count = len(self.answer_list)
        if not 2 <= count <= 8:
            raise ValidationError({"answers": _("Give between 2 and 8 answers, one a line.")})
        if not 1 <= (self.correct or 0) <= count:
            raise ValidationError(
                {"correct": _("Give the number of one of the answers (1 to %(n)d).") % {"n": count}}
            )


class QuizAttempt(models.Model):
    """One submission of a quiz by an enrolled member: the answers, the score, passed."""

    enrollment = models.ForeignKey(
        Enrollment, on_delete=models.CASCADE, related_name="quiz_attempts"
    )
    quiz = models.ForeignKey(Quiz, on_delete=models.CASCADE, related_name="attempts")
    answers = models.JSONField(_("answers"), default=dict)  # question pk (str) → answer number
    score = models.PositiveSmallIntegerField(_("score (%)"))
    passed = models.BooleanField(_("passed"))
    submitted_at = models.DateTimeField(_("submitted at"), auto_now_add=True)

    class Meta:
        ordering = ["-submitted_at", "-pk"]
        verbose_name = _("quiz attempt")
        verbose_name_plural = _("quiz attempts")

    def __str__(self) -> str:
        return f"{self.enrollment} · {self.score}%"
