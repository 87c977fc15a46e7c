"""Applications to join the network, with the needs assessment."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .profiles import MemberProfile


class MembershipApplication(models.Model):
    """A request to join the network, with the needs assessment new members fill in."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        APPROVED = "approved", _("Approved")
        DECLINED = "declined", _("Declined")

    class Need(models.TextChoices):
        FUNDING = "funding", _("Finding funds and challenge calls")
        PROPOSALS = "proposals", _("Coaching to write proposals and budgets")
        TRANSLATION = "translation", _("Translating application documents")
        PEER_EXCHANGE = "peer_exchange", _("Peer-to-peer exchange with other innovators")
        VISIBILITY = "visibility", _("Visibility and recognition")
        ILO_EXPERTISE = "ilo_expertise", _("Access to ILO expertise and contacts")
        DATA = "data", _("Labour market and skills data")
        DIGITAL = "digital", _("Digital infrastructure and tools")
        EVENTS = "events", _("Invitations to events and workshops")

    profile = models.ForeignKey(MemberProfile, on_delete=models.CASCADE, related_name="applications")
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.PENDING)
    motivation = models.TextField(_("why do you want to join?"), max_length=3000)
    needs = models.JSONField(_("needs"), default=list, blank=True)
    challenges = models.TextField(_("main challenges"), blank=True, max_length=3000)
    workshop_topics = models.TextField(_("workshop or event topics you would like"), blank=True, max_length=2000)
    can_host_peer_sessions = models.BooleanField(_("willing to host peer-exchange sessions"), default=False)
    can_translate = models.BooleanField(_("willing to volunteer as a translator"), default=False)
    submitted_at = models.DateTimeField(_("submitted"), default=timezone.now)
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decision_reason = models.TextField(_("reason (sent to the applicant)"), blank=True)

    class Meta:
        ordering = ["-submitted_at"]
        verbose_name = _("membership application")
        verbose_name_plural = _("membership applications")
        constraints = [
            # One open application per person at a time.
            models.UniqueConstraint(
                fields=["profile"], condition=Q(status="pending"), name="one_pending_application_per_profile"
            )
        ]

    def __str__(self) -> str:
        return f"{self.profile} ({self.get_status_display()})"

    def get_needs_display(self) -> list[str]:
        labels = dict(self.Need.choices)
        return [str(labels.get(n, n)) for n in self.needs]
