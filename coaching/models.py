"""What coaching adds to the engine's sessions (events.Session, app "coaching"): the
funding calls a briefing prepares for, and applications to feedback sessions."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from events.models import Session
from events.querysets import SessionQuerySet


class SessionCall(models.Model):
    """A coaching session (usually a call briefing) about one funding call."""

    session = models.ForeignKey(
        "events.Session", on_delete=models.CASCADE, related_name="coaching_calls"
    )
    call = models.ForeignKey(
        "funds.FundingCall", on_delete=models.CASCADE, related_name="coaching_sessions"
    )

    class Meta:
        verbose_name = _("call of a session")
        verbose_name_plural = _("calls of sessions")
        constraints = [
            models.UniqueConstraint(fields=["session", "call"], name="coaching_one_link_per_call")
        ]

    def __str__(self) -> str:
        return f"{self.session} → {self.call}"


class FeedbackApplication(models.Model):
    """A member's application to a feedback session with ILO regional evaluators; staff
    accepting the registration request gives them a confirmed seat."""

    registration = models.OneToOneField(
        "events.Registration", on_delete=models.CASCADE, related_name="coaching_application"
    )
    description = models.TextField(_("what you would like feedback on"), max_length=2000)
    draft = models.FileField(_("draft document"), upload_to="coaching/drafts/", blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("feedback application")
        verbose_name_plural = _("feedback applications")

    def __str__(self) -> str:
        return str(self.registration)


class CoachingSessionManager(models.Manager):
    def get_queryset(self):
        return super().get_queryset().filter(app="coaching")


class CoachingSession(Session):
    """Coaching's sessions in the admin (a proxy of events.Session, app "coaching")."""

    objects = CoachingSessionManager.from_queryset(SessionQuerySet)()

    class Meta:
        proxy = True
        verbose_name = _("coaching session")
        verbose_name_plural = _("coaching sessions")
