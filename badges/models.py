"""Recognition: the issuer, badge classes, awards (Open Badges assertions) and the
letters and certificates the network issues.

The tables hold facts, not one serialisation: Open Badges 2.0 JSON-LD is built from them
in openbadges.py, and an Open Badges 3.0 (Verifiable Credentials) serialisation can be
added beside it without a migration (issuer URL and email, class criteria and image,
award dates, recipient hash and salt, evidence, revocation are all here).

Issued files (baked PNGs, PDFs) are kept under MEDIA_ROOT/private/, which core.media
never serves (their upload_to is a function); views hand them out after checking who
asks. A stored file is never regenerated: what was issued is what is verified.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .codes import display, new_code


class Status(models.TextChoices):
    """A credential's status, computed at request time. Precedence: revoked, then
    superseded, then expired, then valid."""

    VALID = "valid", _("Valid")
    EXPIRED = "expired", _("Expired")
    SUPERSEDED = "superseded", _("Superseded")
    REVOKED = "revoked", _("Revoked")


def _private_award_path(instance, filename: str) -> str:
    return f"private/badges/{instance.uuid}.png"


def _private_document_path(instance, filename: str) -> str:
    return f"private/documents/{instance.uuid}.pdf"


class Issuer(models.Model):
    """Who issues the network's credentials (the ILO's Skills Innovation Network). One
    row in practice; a table so its name, URL and email are edited, not deployed."""

    slug = models.SlugField(unique=True)
    name = models.CharField(_("name"), max_length=200)
    url = models.URLField(_("website"))
    email = models.EmailField(_("contact email"))
    description = models.TextField(_("description"), blank=True)

    class Meta:
        verbose_name = _("issuer")
        verbose_name_plural = _("issuers")

    def __str__(self) -> str:
        return self.name

    def get_json_url(self) -> str:
        return reverse("openbadges:issuer", kwargs={"slug": self.slug})


class BadgeClassQuerySet(models.QuerySet):
    def active(self):
        return self.filter(is_active=True)


class BadgeClass(models.Model):
    """A kind of recognition: Top Innovator, network member, Core Group member, course
    completion, peer-exchange host, volunteer translator … Staff may add more."""

    class Kind(models.TextChoices):
        TOP_INNOVATOR = "top_innovator", _("Top Innovator (awarded by staff)")
        MEMBERSHIP = "membership", _("Network membership (on approval)")
        CORE_GROUP = "core_group", _("Core Group term")
        COURSE = "course", _("Course completion")
        PEER_HOST = "peer_host", _("Hosting peer-exchange sessions")
        TRANSLATOR = "translator", _("Volunteer translations")
        OTHER = "other", _("Other (awarded by staff)")

    issuer = models.ForeignKey(Issuer, on_delete=models.PROTECT, related_name="badge_classes")
    slug = models.SlugField(unique=True, help_text=_("Part of the badge's permanent address; do not change it once awarded."))
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.OTHER)
    name = models.CharField(_("name"), max_length=120)
    description = models.TextField(_("description"), max_length=2000)
    criteria = models.TextField(_("criteria"), max_length=4000, help_text=_("What a member did to earn it (Markdown)."))
    image = models.ImageField(_("image"), upload_to="badges/", blank=True, help_text=_("Square PNG; a default is used when empty."))
    validity_days = models.PositiveIntegerField(
        _("valid for (days)"), null=True, blank=True, help_text=_("Empty: it never expires.")
    )
    threshold = models.PositiveIntegerField(
        _("threshold"),
        null=True,
        blank=True,
        help_text=_("For badges earned by counting (sessions hosted, translations done): how many are needed."),
    )
    is_active = models.BooleanField(_("active"), default=True, help_text=_("Inactive badges are no longer awarded."))
    created_at = models.DateTimeField(auto_now_add=True)

    objects = BadgeClassQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("badge")
        verbose_name_plural = _("badges")

    def __str__(self) -> str:
        return self.name

    def get_json_url(self) -> str:
        return reverse("openbadges:badge-class", kwargs={"slug": self.slug})


class Credential(models.Model):
    """What awards and documents share: a permanent random id, a short verification code,
    the member's consent to show their name, revocation and supersession."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    verification_code = models.CharField(_("verification code"), max_length=12, unique=True, default=new_code, editable=False)
    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("recipient"))
    issued_at = models.DateTimeField(_("issued"), default=timezone.now)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("issued by")
    )
    # The holder's consent: their name and organization on the public verification page.
    is_public = models.BooleanField(_("public"), default=False)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)
    revocation_reason = models.TextField(_("reason for revocation"), blank=True, max_length=2000)
    superseded_at = models.DateTimeField(_("superseded"), null=True, blank=True)
    # Automatic credentials carry the evidence they were issued for, e.g.
    # "members.membership:42"; unique per kind, so each is issued once.
    evidence_key = models.CharField(_("evidence key"), max_length=200, blank=True)
    evidence_url = models.URLField(_("evidence link"), blank=True)
    narrative = models.TextField(_("narrative"), blank=True, max_length=4000)

    class Meta:
        abstract = True

    @property
    def code_display(self) -> str:
        return display(self.verification_code)

    def status(self, now=None) -> str:
        if self.revoked_at:
            return Status.REVOKED
        if self.superseded_at:
            return Status.SUPERSEDED
        expires_at = getattr(self, "expires_at", None)
        if expires_at and expires_at <= (now or timezone.now()):
            return Status.EXPIRED
        return Status.VALID

    def get_status_display(self) -> str:
        return Status(self.status()).label

    def get_verify_url(self) -> str:
        return reverse("badges:verify", kwargs={"code": self.verification_code})


class BadgeAward(Credential):
    """One badge awarded to one member: an Open Badges 2.0 assertion."""

    badge_class = models.ForeignKey(BadgeClass, on_delete=models.PROTECT, related_name="awards", verbose_name=_("badge"))
    # sha256$ + sha256(email + salt), fixed at award time (the email may change later).
    recipient_salt = models.CharField(max_length=32, editable=False)
    recipient_hash = models.CharField(max_length=71, editable=False)
    expires_at = models.DateTimeField(_("expires"), null=True, blank=True)
    citation = models.TextField(_("citation"), blank=True, max_length=2000)
    baked_image = models.FileField(upload_to=_private_award_path, blank=True, editable=False)
    superseded_by = models.OneToOneField(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="supersedes", verbose_name=_("superseded by")
    )

    class Meta:
        ordering = ["-issued_at", "-pk"]
        verbose_name = _("badge award")
        verbose_name_plural = _("badge awards")
        constraints = [
            models.UniqueConstraint(
                fields=["badge_class", "recipient", "evidence_key"],
                condition=~Q(evidence_key=""),
                name="one_award_per_evidence",
            )
        ]

    def __str__(self) -> str:
        return f"{self.badge_class} — {self.recipient}"

    def get_json_url(self) -> str:
        return reverse("openbadges:assertion", kwargs={"uuid": self.uuid})


class Document(Credential):
    """A letter of introduction or a certificate, as the PDF that was issued."""

    class Kind(models.TextChoices):
        LETTER = "letter", _("Letter of introduction")
        CERTIFICATE = "certificate", _("Certificate")

    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=200)
    # A certificate states an award (course completion, Core Group, hosting, translating).
    award = models.ForeignKey(
        BadgeAward, on_delete=models.PROTECT, null=True, blank=True, related_name="documents", verbose_name=_("badge")
    )
    addressee = models.CharField(_("addressee"), max_length=200, blank=True)
    purpose = models.TextField(_("purpose"), blank=True, max_length=2000)
    signatory_name = models.CharField(_("signatory"), max_length=150)
    signatory_title = models.CharField(_("signatory's title"), max_length=150)
    recipient_name = models.CharField(_("name on the document"), max_length=150)
    organization_name = models.CharField(_("organization on the document"), max_length=200, blank=True)
    language = models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES, default="en")
    file = models.FileField(upload_to=_private_document_path, blank=True, editable=False)
    sha256 = models.CharField(_("SHA-256 of the file"), max_length=64, db_index=True, editable=False)
    superseded_by = models.OneToOneField(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="supersedes", verbose_name=_("superseded by")
    )

    class Meta:
        ordering = ["-issued_at", "-pk"]
        verbose_name = _("letter or certificate")
        verbose_name_plural = _("letters and certificates")
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "recipient", "evidence_key"],
                condition=~Q(evidence_key=""),
                name="one_document_per_evidence",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.recipient_name} ({self.code_display})"
