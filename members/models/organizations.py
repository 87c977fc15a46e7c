"""Organizations of the network, who may see, review, edit and join them."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from core.slugs import unique_slug
from taxonomy.models import Language
from taxonomy.regions import Region, countries_in_region, region_for_country

from .profiles import MemberProfile


class OrganizationType(models.TextChoices):
    NGO = "ngo", _("NGO / civil society organization")
    SOCIAL_ENTERPRISE = "social_enterprise", _("Social enterprise")
    SME = "sme", _("SME / start-up")
    TRAINING_PROVIDER = "training_provider", _("Training provider / TVET")
    PUBLIC_AGENCY = "public_agency", _("Public agency")
    EMPLOYERS = "employers", _("Employers' organization")
    WORKERS = "workers", _("Workers' organization")
    ACADEMIA = "academia", _("Academia / research")
    INTERNATIONAL = "international", _("International organization")
    OTHER = "other", _("Other")


class OrganizationQuerySet(models.QuerySet):
    def listed(self):
        """Organizations shown publicly: the "Our members" page, people's profiles and
        cards, the home page's logos. Only approved ones."""
        return self.filter(review_status=Organization.ReviewStatus.APPROVED)

    def pending_review(self):
        return self.filter(review_status=Organization.ReviewStatus.PENDING)

    def visible_to(self, user):
        """Approved organizations for everyone; the others only for their creator, their
        own people, staff and (while pending) the representative of their region."""
        if user is None or not user.is_authenticated:
            return self.listed()
        if user.is_staff:
            return self.all()
        own = MemberProfile.objects.filter(user=user, organization__isnull=False).values("organization")
        return self.filter(
            Q(review_status=Organization.ReviewStatus.APPROVED)
            | Q(created_by=user)
            | Q(pk__in=own)
            | Q(pk__in=self.reviewable_by(user).values("pk"))
        )

    def reviewable_by(self, user):
        """Pending organizations the user may approve or reject: all of them for staff who
        curate organizations, those of their own region for an approved regional
        representative (except ones they registered or belong to), none for anyone else.
        The rule itself is Organization.can_be_reviewed_by; this is its list form."""
        pending = self.pending_review()
        if user is None or not user.is_authenticated or not user.is_active:
            return pending.none()
        if user.has_perm("members.change_organization"):
            return pending
        region = _represented_region(user)
        if not region:
            return pending.none()
        own = MemberProfile.objects.filter(user=user, organization__isnull=False).values("organization")
        return (
            pending.filter(country__in=countries_in_region(region))
            .exclude(created_by=user)
            .exclude(pk__in=own)
        )

    def joinable_by(self, user):
        """Organizations a person may pick on their profile: approved ones, the ones they
        registered, and the one they are in or have asked to join."""
        if user is None or not user.is_authenticated:
            return self.listed()
        mine = MemberProfile.objects.filter(user=user)
        return self.filter(
            Q(review_status=Organization.ReviewStatus.APPROVED)
            | Q(created_by=user)
            | Q(pk__in=mine.filter(organization__isnull=False).values("organization"))
            | Q(pk__in=mine.filter(requested_organization__isnull=False).values("requested_organization"))
        )


def _represented_region(user) -> str:
    """The region an approved regional representative represents, else ""."""
    profile = getattr(user, "profile", None)
    if (
        profile is None
        or profile.membership != MemberProfile.Membership.APPROVED
        or profile.network_role != MemberProfile.NetworkRole.REGIONAL_REP
    ):
        return ""
    return profile.represented_region


class Organization(models.Model):
    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(unique=True, max_length=220)
    type = models.CharField(_("type"), max_length=32, choices=OrganizationType.choices)
    country = CountryField(_("country"))
    website = models.URLField(_("website"), blank=True)
    description = models.TextField(_("description"), blank=True)
    logo = models.ImageField(_("logo"), upload_to="logos/", blank=True)
    # Its project, as the Core Group asked to see on the network map.
    project_name = models.CharField(_("project name"), max_length=200, blank=True)
    project_objectives = models.TextField(_("objectives"), blank=True)
    project_beneficiaries = models.TextField(_("beneficiaries"), blank=True)
    project_impact = models.TextField(_("impact"), blank=True)
    project_results = models.TextField(_("results"), blank=True)
    project_languages = models.ManyToManyField(
        Language, blank=True, related_name="+", verbose_name=_("project languages")
    )
    project_video_url = models.URLField(
        _("short video link"), blank=True, help_text=_("A link to a short video (2 minutes).")
    )
    class ReviewStatus(models.TextChoices):
        PENDING = "pending", _("Pending review")
        APPROVED = "approved", _("Approved")
        REJECTED = "rejected", _("Rejected")

    # Changed only through members.reviews (organization_approve / organization_reject).
    review_status = models.CharField(
        _("review"),
        max_length=16,
        choices=ReviewStatus.choices,
        default=ReviewStatus.PENDING,
        db_index=True,
        help_text=_(
            "Only approved organizations are shown publicly: on the organizations page, on "
            "people's profiles and cards, and on the home page."
        ),
    )
    reviewed_at = models.DateTimeField(_("reviewed"), null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("reviewed by"),
    )
    review_note = models.TextField(_("reason (sent to whoever registered it)"), blank=True, max_length=3000)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("created by"),
        help_text=_("The person who registered it on the portal; they (and staff) may edit it."),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = OrganizationQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("organization")
        verbose_name_plural = _("organizations")

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = unique_slug(Organization, self.name)
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("members:organization-detail", kwargs={"slug": self.slug})

    @property
    def region(self) -> str:
        return region_for_country(self.country.code)

    def get_region_display(self) -> str:
        return Region(self.region).label if self.region else ""

    @property
    def is_approved(self) -> bool:
        return self.review_status == self.ReviewStatus.APPROVED

    def can_be_edited_by(self, user) -> bool:
        if user is None or not user.is_authenticated:
            return False
        return bool(user.is_staff or (self.created_by_id and self.created_by_id == user.pk))

    def can_be_reviewed_by(self, user) -> bool:
        """Who may approve or reject it: active staff who curate organizations, or the
        approved representative of its region who neither registered it nor belongs to
        it. (Whether its current state allows a decision is the service's business.)"""
        if user is None or not user.is_authenticated or not user.is_active:
            return False
        if user.has_perm("members.change_organization"):
            return True
        region = _represented_region(user)
        if not region or region != self.region or self.created_by_id == user.pk:
            return False
        return not MemberProfile.objects.filter(user=user, organization=self).exists()

    def can_admit(self, user) -> bool:
        """Who may confirm or decline requests to join it: active staff who curate
        profiles, or an approved member already confirmed in it. (Nobody decides their
        own request: the service checks that.)"""
        if user is None or not user.is_authenticated or not user.is_active:
            return False
        if user.has_perm("members.change_memberprofile"):
            return True
        return MemberProfile.objects.filter(
            user=user, organization=self, membership=MemberProfile.Membership.APPROVED
        ).exists()
