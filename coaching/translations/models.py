"""Volunteer translators (language pairs, monthly capacity) and translation requests,
offered to ONE volunteer at a time (Offer rows, numbered): the first who fits gets a
signed link; a decline, or nobody answering, passes it on. One at a time keeps a
volunteer's "accept" meaningful (nobody races to a request another already took) and
spreads the work by each volunteer's load this month."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.private_files import PrivateDocument, private_storage
from taxonomy.models import Language

from .querysets import OfferQuerySet, TranslationRequestQuerySet


def _private_storage():
    return private_storage


class Volunteer(models.Model):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="translator"
    )
    monthly_capacity = models.PositiveSmallIntegerField(_("translations per month"), default=2)
    is_active = models.BooleanField(_("available"), default=True)

    class Meta:
        verbose_name = _("volunteer translator")
        verbose_name_plural = _("volunteer translators")

    def __str__(self) -> str:
        return str(self.user)


class LanguagePair(models.Model):
    volunteer = models.ForeignKey(Volunteer, on_delete=models.CASCADE, related_name="pairs")
    source = models.ForeignKey(
        Language, on_delete=models.PROTECT, related_name="+", verbose_name=_("from")
    )
    target = models.ForeignKey(
        Language, on_delete=models.PROTECT, related_name="+", verbose_name=_("into")
    )

    class Meta:
        verbose_name = _("language pair")
        verbose_name_plural = _("language pairs")
        constraints = [
            models.UniqueConstraint(
                fields=["volunteer", "source", "target"], name="translations_one_pair"
            ),
            models.CheckConstraint(
                condition=~Q(source=models.F("target")), name="translations_pair_differs"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.source} → {self.target}"


class TranslationRequest(models.Model):
    class Status(models.TextChoices):
        OPEN = "open", _("Waiting for a volunteer")
        ACCEPTED = "accepted", _("Accepted")
        DELIVERED = "delivered", _("Delivered")
        CANCELLED = "cancelled", _("Cancelled")

    requester = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="translation_requests"
    )
    coaching_request = models.ForeignKey(
        "coaching_requests.CoachingRequest",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="translations",
    )
    call = models.ForeignKey(
        "funds.FundingCall",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="translation_requests",
        verbose_name=_("funding call"),
    )
    title = models.CharField(_("document"), max_length=200)
    source = models.ForeignKey(
        Language, on_delete=models.PROTECT, related_name="+", verbose_name=_("from")
    )
    target = models.ForeignKey(
        Language, on_delete=models.PROTECT, related_name="+", verbose_name=_("into")
    )
    deadline = models.DateField(_("deadline"))
    status = models.CharField(
        _("status"), max_length=16, choices=Status, default=Status.OPEN, db_index=True
    )
    translator = models.ForeignKey(
        Volunteer, on_delete=models.SET_NULL, null=True, blank=True, related_name="translations"
    )
    accepted_at = models.DateTimeField(null=True, blank=True)
    translation = models.FileField(storage=_private_storage, upload_to="translations/", blank=True)
    delivered_at = models.DateTimeField(null=True, blank=True)
    # Set when no volunteer with the pair and capacity is left: staff are told once.
    unmatched_at = models.DateTimeField(_("nobody left to ask since"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = TranslationRequestQuerySet.as_manager()

    class Meta:
        ordering = ["deadline", "pk"]
        verbose_name = _("translation request")
        verbose_name_plural = _("translation requests")

    def __str__(self) -> str:
        return self.title


class Offer(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        ACCEPTED = "accepted", _("Accepted")
        DECLINED = "declined", _("Declined")
        WITHDRAWN = "withdrawn", _("Withdrawn")
        LAPSED = "lapsed", _("Lapsed (no answer in time)")

    request = models.ForeignKey(TranslationRequest, on_delete=models.CASCADE, related_name="offers")
    volunteer = models.ForeignKey(Volunteer, on_delete=models.CASCADE, related_name="offers")
    status = models.CharField(max_length=16, choices=Status, default=Status.PENDING)
    offered_at = models.DateTimeField(auto_now_add=True)
    # A pending offer not answered by then lapses and passes on (services/offers.py).
    expires_at = models.DateTimeField(_("answer by"), null=True, blank=True, db_index=True)

    objects = OfferQuerySet.as_manager()

    class Meta:
        verbose_name = _("offer")
        verbose_name_plural = _("offers")
        constraints = [
            models.UniqueConstraint(
                fields=["request", "volunteer"], name="translations_one_offer_per_volunteer"
            ),
            models.UniqueConstraint(
                fields=["request"],
                condition=Q(status="pending"),
                name="translations_one_pending_offer",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.request} → {self.volunteer}"


class TranslationDocument(PrivateDocument):
    """A document to translate: checked like every private document (core.documents),
    stored outside public media, served only by `translations:document`."""

    request = models.ForeignKey(
        TranslationRequest, on_delete=models.CASCADE, related_name="documents"
    )
    file = models.FileField(storage=_private_storage, upload_to="translations/sources/%Y/%m/")

    class Meta(PrivateDocument.Meta):
        verbose_name = _("document to translate")
        verbose_name_plural = _("documents to translate")
