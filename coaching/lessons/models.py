"""The lesson library: a recorded lesson a member submits (pending), which staff endorse
("Endorsed by ILO", by whom and when), send back for changes (with a note) or reject.
Only endorsed lessons are shown to other members; the author sees their own in any state.

Materials are checked documents (core.documents) kept in PRIVATE_MEDIA_ROOT and served
only by `lessons:material` to those who may see the lesson."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import URLValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.private_files import PrivateDocument, private_storage
from core.text import MultiLineTextField, SingleLineCharField
from taxonomy.models import Language, SkillCategory

from .permissions import is_member

# Its own code: a form field puts its own message on a code it knows ("invalid").
https_only = URLValidator(
    schemes=["https"], message=_("Enter a secure link starting with https://."), code="not_https"
)


def _private_storage():
    return private_storage


class LessonQuerySet(models.QuerySet):
    def endorsed(self):
        return self.filter(status=Lesson.Status.ENDORSED)

    def awaiting_review(self):
        return self.filter(status__in=[Lesson.Status.PENDING, Lesson.Status.CHANGES_REQUESTED])

    def visible_to(self, user):
        """Staff: every lesson. Members: the endorsed ones and their own. Others: none."""
        if not is_member(user):
            return self.none()
        if user.is_staff:
            return self
        return self.filter(Q(status=Lesson.Status.ENDORSED) | Q(author=user))

    def search(self, text: str):
        """Every word in the title or summary (at most 8 words): the same on PostgreSQL and
        SQLite, like the peer-exchange library."""
        rows = self
        for word in text.split()[:8]:
            rows = rows.filter(Q(title__icontains=word) | Q(summary__icontains=word))
        return rows


class Lesson(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("Awaiting review")
        CHANGES_REQUESTED = "changes_requested", _("Changes requested")
        ENDORSED = "endorsed", _("Endorsed by ILO")
        REJECTED = "rejected", _("Not accepted")

    title = SingleLineCharField(_("title"), max_length=200)
    summary = MultiLineTextField(
        _("summary"), max_length=5000, help_text=_("What members learn. Markdown.")
    )
    categories = models.ManyToManyField(
        SkillCategory, related_name="library_lessons", verbose_name=_("skills categories")
    )
    language = models.ForeignKey(
        Language, on_delete=models.PROTECT, related_name="+", verbose_name=_("language")
    )
    video_url = models.URLField(
        _("video link"), validators=[https_only], help_text=_("A https:// link to the recording.")
    )
    transcript_url = models.URLField(_("transcript link"), blank=True, validators=[https_only])
    subtitles_url = models.URLField(_("subtitles link"), blank=True, validators=[https_only])
    estimated_minutes = models.PositiveSmallIntegerField(
        _("estimated minutes"), null=True, blank=True
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="library_lessons",
        verbose_name=_("author"),
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status, default=Status.PENDING, db_index=True
    )
    review_note = MultiLineTextField(
        _("note to the author"),
        max_length=3000,
        blank=True,
        help_text=_("Emailed to the author with your decision (required to ask for changes)."),
    )
    endorsed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("endorsed by"),
    )
    endorsed_at = models.DateTimeField(_("endorsed at"), null=True, blank=True)
    submitted_at = models.DateTimeField(_("submitted at"), auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = LessonQuerySet.as_manager()

    class Meta:
        ordering = ["-endorsed_at", "-pk"]
        verbose_name = _("library lesson")
        verbose_name_plural = _("library lessons")
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="endorsed") | Q(endorsed_at__isnull=False),
                name="lessons_endorsed_has_date",
            )
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("lessons:detail", kwargs={"pk": self.pk})

    @property
    def is_endorsed(self) -> bool:
        return self.status == self.Status.ENDORSED

    @property
    def author_name(self) -> str:
        """The author's name from their profile; "" (never their email)."""
        profile = getattr(self.author, "profile", None) if self.author_id else None
        return getattr(profile, "full_name", "") or ""

    @property
    def endorser_name(self) -> str:
        """The endorsing staff member's name from their profile; "" (never their email)."""
        profile = getattr(self.endorsed_by, "profile", None) if self.endorsed_by_id else None
        return getattr(profile, "full_name", "") or ""

    @property
    def is_awaiting_review(self) -> bool:
        return self.status in (self.Status.PENDING, self.Status.CHANGES_REQUESTED)


class LessonMaterial(PrivateDocument):
    lesson = models.ForeignKey(Lesson, on_delete=models.CASCADE, related_name="materials")
    file = models.FileField(storage=_private_storage, upload_to="library-lessons/%Y/%m/")

    class Meta(PrivateDocument.Meta):
        verbose_name = _("lesson material")
        verbose_name_plural = _("lesson materials")
