"""Survey versions, responses and answers (stored by code), invitations, and the needs
staff have told members about."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from members.models import MemberProfile, MembershipApplication
from taxonomy.regions import Region

from . import catalogue


class SurveyQuerySet(models.QuerySet):
    def open(self):
        return self.filter(status=Survey.Status.OPEN)


class Survey(models.Model):
    """One version of the needs assessment: the question codes it asks, in order. One
    version is open at a time; new members answer it when applying, existing members are
    invited to answer it."""

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        CLOSED = "closed", _("Closed")

    version = models.PositiveIntegerField(_("version"), unique=True)
    questions = models.JSONField(
        _("questions"), default=list, help_text=_("Question codes, in order.")
    )
    status = models.CharField(
        _("status"), max_length=8, choices=Status.choices, default=Status.OPEN
    )
    opened_at = models.DateTimeField(_("opened"), auto_now_add=True)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    objects = SurveyQuerySet.as_manager()

    class Meta:
        ordering = ["-version"]
        verbose_name = _("needs assessment")
        verbose_name_plural = _("needs assessments")
        constraints = [
            models.UniqueConstraint(
                fields=["status"], condition=Q(status="open"), name="one_open_survey"
            ),
        ]

    def __str__(self) -> str:
        return str(_("Needs assessment, version %(version)s") % {"version": self.version})

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.OPEN

    def question_list(self) -> list[catalogue.Question]:
        return [catalogue.QUESTIONS[code] for code in self.questions if code in catalogue.QUESTIONS]


class Response(models.Model):
    """One member's answers to one version. Country and region are those of the profile
    when answering, so results do not move when someone moves."""

    survey = models.ForeignKey(Survey, on_delete=models.PROTECT, related_name="responses")
    profile = models.ForeignKey(
        MemberProfile, on_delete=models.CASCADE, related_name="survey_responses"
    )
    application = models.OneToOneField(
        MembershipApplication,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="survey_response",
    )
    submitted_at = models.DateTimeField(_("submitted"))
    answered_in = models.CharField(
        _("answered in"), max_length=8, choices=settings.LANGUAGES, default="en"
    )
    country = CountryField(_("country"), blank=True)
    region = models.CharField(
        _("region"), max_length=32, choices=Region.choices, blank=True, db_index=True
    )

    class Meta:
        ordering = ["-submitted_at"]
        verbose_name = _("survey response")
        verbose_name_plural = _("survey responses")
        constraints = [
            models.UniqueConstraint(fields=["survey", "profile"], name="one_response_per_survey")
        ]

    def __str__(self) -> str:
        return f"{self.profile} — v{self.survey.version}"


class Answer(models.Model):
    """One chosen option (with its rank for a ranked question) or one free-text answer."""

    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="answers")
    question = models.CharField(_("question"), max_length=40)
    option = models.CharField(_("option"), max_length=60, blank=True)
    rank = models.PositiveSmallIntegerField(_("rank"), null=True, blank=True)
    text = models.TextField(_("text"), blank=True, max_length=catalogue.TEXT_MAX_LENGTH)

    class Meta:
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        constraints = [
            models.UniqueConstraint(
                fields=["response", "question", "option"],
                condition=~Q(option=""),
                name="one_answer_per_option",
            ),
            models.CheckConstraint(
                condition=~Q(option="") | ~Q(text=""), name="answer_has_option_or_text"
            ),
        ]
        indexes = [models.Index(fields=["question", "option"])]

    def __str__(self) -> str:
        return f"{self.question}={self.option or self.text[:30]}"


class Invitation(models.Model):
    """An existing member invited to answer a version (at most once per version)."""

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="invitations")
    profile = models.ForeignKey(MemberProfile, on_delete=models.CASCADE, related_name="+")
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("survey invitation")
        verbose_name_plural = _("survey invitations")
        constraints = [
            models.UniqueConstraint(fields=["survey", "profile"], name="one_invitation_per_survey")
        ]

    def __str__(self) -> str:
        return f"{self.profile} — v{self.survey.version}"


class NeedAnnouncement(models.Model):
    """The loop back: a coaching session, peer topic or workshop tagged with a need it
    answers, for a language and region (blank: any). Members who asked for that need are
    told once per announcement (see loopback.notify_members_with_need)."""

    need = models.CharField(_("need"), max_length=40, choices=MembershipApplication.Need.choices)
    language = models.CharField(
        _("language code"), max_length=8, blank=True, help_text=_("Blank: any language.")
    )
    region = models.CharField(_("region"), max_length=32, choices=Region.choices, blank=True)
    subject_url = models.URLField(_("link"), max_length=500)
    title = models.CharField(_("title"), max_length=200)
    notified = models.PositiveIntegerField(_("members told"), default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("need answered")
        verbose_name_plural = _("needs answered")
        constraints = [
            models.UniqueConstraint(
                fields=["need", "language", "region", "subject_url"],
                name="one_announcement_per_need_and_subject",
            )
        ]

    def __str__(self) -> str:
        return self.title
