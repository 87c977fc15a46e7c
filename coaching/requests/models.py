"""A coaching request (case by case, stage by stage), its history and private documents.

Documents live in `PRIVATE_MEDIA_ROOT`, never under MEDIA_ROOT, and are served only by
`requests:document` after `permissions.may_see_documents`."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.private_files import PrivateDocument, private_storage
from taxonomy.models import Language

__all__ = ["CoachingRequest", "RequestDocument", "RequestEvent", "private_storage"]


def _private_storage():
    return private_storage


class Stage(models.TextChoices):
    IDEA = "idea", _("Idea")
    CONCEPT = "concept", _("Concept note")
    PROPOSAL = "proposal", _("Full proposal")
    BUDGET = "budget", _("Budget")
    SUBMITTED = "submitted", _("Submitted")
    RESULT = "result", _("Result")


class Need(models.TextChoices):
    WRITING = "writing", _("Proposal writing")
    BUDGET = "budget", _("Budget")
    TRANSLATION = "translation", _("Translation")
    REVIEW = "review", _("Review of a draft")
    PARTNERS = "partners", _("Finding partners")


class Outcome(models.TextChoices):
    FUNDED = "funded", _("Funded")
    NOT_FUNDED = "not_funded", _("Not funded")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class CoachingRequest(models.Model):
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="coaching_requests",
        verbose_name=_("member"),
    )
    call = models.ForeignKey(
        "funds.FundingCall",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="coaching_requests",
        verbose_name=_("funding call"),
    )
    title = models.CharField(_("what you apply for"), max_length=300)
    stage = models.CharField(_("stage"), max_length=16, choices=Stage, default=Stage.IDEA)
    needs = models.JSONField(_("what you need"), default=list, blank=True)
    languages = models.ManyToManyField(
        Language, blank=True, related_name="+", verbose_name=_("languages")
    )
    deadline = models.DateField(_("deadline"), null=True, blank=True)
    coach = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="coached_requests",
        verbose_name=_("coach"),
        limit_choices_to={"is_active": True},
    )
    advisor = models.ForeignKey(
        "findhelp.TechnicalAdvisor",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="coaching_requests",
        verbose_name=_("technical advisor"),
    )
    # The advisor the member asked for (requests:advisor); staff assign them, or not.
    requested_advisor = models.ForeignKey(
        "findhelp.TechnicalAdvisor",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("advisor asked for by the member"),
    )
    translators = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="translated_requests",
        verbose_name=_("translators"),
        help_text=_("Volunteers translating its documents: they may download them."),
    )
    next_step = models.CharField(_("next step"), max_length=300, blank=True)
    next_step_on = models.DateField(_("next step date"), null=True, blank=True)
    outcome = models.CharField(_("outcome"), max_length=16, choices=Outcome, blank=True)
    amount = models.DecimalField(
        _("amount funded"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("coaching request")
        verbose_name_plural = _("coaching requests")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("requests:detail", kwargs={"pk": self.pk})

    @property
    def is_closed(self) -> bool:
        """Ended: the outcome is reported (or the stage is the result)."""
        return bool(self.outcome) or self.stage == Stage.RESULT

    def need_labels(self) -> list[str]:
        return [str(Need(n).label) for n in self.needs if n in Need.values]


class RequestEvent(models.Model):
    """One change to a request, shown to the member as its history."""

    request = models.ForeignKey(CoachingRequest, on_delete=models.CASCADE, related_name="history")
    at = models.DateTimeField(auto_now_add=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    changes = models.JSONField(default=dict)  # {field: [old label, new label]}
    note = models.TextField(_("note"), blank=True)

    class Meta:
        ordering = ["at", "pk"]
        verbose_name = _("history entry")
        verbose_name_plural = _("history")

    def __str__(self) -> str:
        return f"{self.request} · {self.at:%Y-%m-%d}"


class RequestDocument(PrivateDocument):
    request = models.ForeignKey(CoachingRequest, on_delete=models.CASCADE, related_name="documents")
    file = models.FileField(storage=_private_storage, upload_to="coaching-requests/%Y/%m/")
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta(PrivateDocument.Meta):
        verbose_name = _("private document")
        verbose_name_plural = _("private documents")
