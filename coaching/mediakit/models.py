"""The media kit: a resource and its language versions (a file, or a text to copy).
Files live in the private storage and are served to network members only."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import FileExtensionValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.private_files import private_storage


def _private_storage():
    return private_storage


class Resource(models.Model):
    class Kind(models.TextChoices):
        OUTLINE = "outline", _("Proposal outline")
        BUDGET = "budget", _("Budget template")
        LOGO = "logo", _("Logo")
        PARAGRAPH = "paragraph", _("Standard paragraph")

    title = models.CharField(_("title"), max_length=200)
    kind = models.CharField(_("kind"), max_length=16, choices=Kind)
    description = models.TextField(_("description"), blank=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    is_published = models.BooleanField(_("published"), default=True)

    class Meta:
        ordering = ["position", "title"]
        verbose_name = _("media kit resource")
        verbose_name_plural = _("media kit resources")

    def __str__(self) -> str:
        return self.title


class Version(models.Model):
    resource = models.ForeignKey(Resource, on_delete=models.CASCADE, related_name="versions")
    language = models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES)
    file = models.FileField(
        _("file"),
        storage=_private_storage,
        upload_to="mediakit/",
        blank=True,
        validators=[FileExtensionValidator(["pdf", "docx", "xlsx", "odt", "png", "svg", "zip"])],
    )
    text = models.TextField(
        _("text"), blank=True, help_text=_("For standard paragraphs: the text to copy.")
    )

    class Meta:
        ordering = ["resource", "language"]
        verbose_name = _("language version")
        verbose_name_plural = _("language versions")
        constraints = [
            models.UniqueConstraint(
                fields=["resource", "language"], name="mediakit_one_version_per_language"
            )
        ]

    def __str__(self) -> str:
        return f"{self.resource} ({self.language})"
