"""Member profiles: what a person says about themselves, and their membership."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from taxonomy.models import TIME_ZONE_CHOICES, Expertise, Language, SkillCategory
from taxonomy.regions import Region, countries_in_region, region_for_country

if TYPE_CHECKING:
    from .organizations import Organization


class MemberProfileQuerySet(models.QuerySet):
    def approved(self):
        return self.filter(membership=MemberProfile.Membership.APPROVED)

    def visible_to(self, user):
        """Approved profiles the user may see: public ones for everyone, members-only ones
        for signed-in members, never hidden ones (except one's own)."""
        qs = self.approved()
        if user is None or not user.is_authenticated:
            return qs.filter(visibility=MemberProfile.Visibility.PUBLIC)
        if user.is_network_member:
            return qs.filter(
                Q(visibility__in=[MemberProfile.Visibility.PUBLIC, MemberProfile.Visibility.MEMBERS])
                | Q(user=user)
            )
        return qs.filter(Q(visibility=MemberProfile.Visibility.PUBLIC) | Q(user=user))

    def in_region(self, region: str):
        return self.filter(country__in=countries_in_region(region))

    def join_requests_decidable_by(self, user):
        """Open requests to join an organization that the user may confirm or decline (the
        list form of Organization.can_admit)."""
        requests = self.filter(requested_organization__isnull=False)
        if user is None or not user.is_authenticated or not user.is_active:
            return requests.none()
        if user.has_perm("members.change_memberprofile"):
            return requests
        theirs = self.filter(
            user=user, organization__isnull=False, membership=MemberProfile.Membership.APPROVED
        ).values("organization")
        return requests.filter(requested_organization__in=theirs).exclude(user=user)


class MemberProfile(models.Model):
    class Visibility(models.TextChoices):
        PUBLIC = "public", _("Public")
        MEMBERS = "members", _("Members only")
        HIDDEN = "hidden", _("Hidden")

    class NetworkRole(models.TextChoices):
        MEMBER = "member", _("Member")
        CORE = "core", _("Core group member")
        REGIONAL_REP = "regional_rep", _("Regional representative")

    class Membership(models.TextChoices):
        NONE = "none", _("Not applied")
        PENDING = "pending", _("Application pending")
        APPROVED = "approved", _("Member")
        DECLINED = "declined", _("Application declined")

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="profile")
    full_name = models.CharField(_("full name"), max_length=150, blank=True)
    photo = models.ImageField(_("photo"), upload_to="photos/", blank=True)
    organization = models.ForeignKey(
        "members.Organization",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="people",
        verbose_name=_("organization"),
    )
    # A person joins an existing organization by asking; until one of its confirmed people
    # (or staff) confirms, the request waits here and `organization` is unchanged. So
    # `organization` always means a confirmed affiliation.
    requested_organization = models.ForeignKey(
        "members.Organization",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="join_requests",
        verbose_name=_("asked to join"),
        help_text=_("Waiting for confirmation by the organization's people or the ILO team."),
    )
    organization_requested_at = models.DateTimeField(_("asked to join on"), null=True, blank=True)
    organization_role = models.CharField(_("role in the organization"), max_length=120, blank=True)
    country = CountryField(_("country"), blank=True)
    languages = models.ManyToManyField(Language, blank=True, related_name="speakers", verbose_name=_("languages spoken"))
    categories = models.ManyToManyField(
        SkillCategory, blank=True, related_name="members", verbose_name=_("skills categories")
    )
    expertise = models.ManyToManyField(
        Expertise, blank=True, related_name="members", verbose_name=_("technical expertise")
    )
    bio = models.TextField(_("bio"), blank=True, max_length=3000)
    linkedin_url = models.URLField(_("LinkedIn profile"), blank=True)
    website = models.URLField(_("website"), blank=True)
    preferred_language = models.CharField(
        _("preferred language"),
        max_length=8,
        choices=settings.LANGUAGES,
        default="en",
        help_text=_("Emails from the portal are written in this language."),
    )
    time_zone = models.CharField(
        _("time zone"),
        max_length=64,
        choices=TIME_ZONE_CHOICES,
        default="UTC",
        help_text=_("Deadlines and session times are shown in this time zone."),
    )
    visibility = models.CharField(
        _("profile visibility"),
        max_length=16,
        choices=Visibility.choices,
        default=Visibility.MEMBERS,
        help_text=_("Public: anyone can see your profile. Members only: signed-in members. Hidden: nobody."),
    )
    network_role = models.CharField(
        _("network role"), max_length=16, choices=NetworkRole.choices, default=NetworkRole.MEMBER
    )
    represented_region = models.CharField(
        _("represented region"),
        max_length=32,
        choices=Region.choices,
        blank=True,
        help_text=_("For regional representatives: the region they represent."),
    )
    membership = models.CharField(
        _("membership"), max_length=16, choices=Membership.choices, default=Membership.NONE, db_index=True
    )
    member_since = models.DateTimeField(_("member since"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = MemberProfileQuerySet.as_manager()

    class Meta:
        ordering = ["full_name"]
        verbose_name = _("member profile")
        verbose_name_plural = _("member profiles")
        constraints = [
            models.CheckConstraint(
                condition=~Q(network_role="regional_rep") | ~Q(represented_region=""),
                name="regional_rep_has_region",
                violation_error_message=_("A regional representative must represent a region."),
            )
        ]
        indexes = [models.Index(fields=["membership", "visibility"])]

    def __str__(self) -> str:
        return self.full_name or self.user.email

    def get_absolute_url(self) -> str:
        return reverse("members:member-detail", kwargs={"pk": self.pk})

    @property
    def display_name(self) -> str:
        return self.full_name or _("Unnamed member")

    @property
    def region(self) -> str:
        return region_for_country(self.country.code) if self.country else ""

    def get_region_display(self) -> str:
        return Region(self.region).label if self.region else ""

    @property
    def listed_organization(self) -> Organization | None:
        """The organization to show on public pages: only an approved one."""
        organization = self.organization
        return organization if organization is not None and organization.is_approved else None

    @property
    def is_complete(self) -> bool:
        """Enough to be useful in the directory and to apply for membership."""
        return bool(self.full_name and self.country)
