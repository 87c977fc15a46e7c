"""People and organizations of the network. The vocabulary they are described with
(skills categories, regions, languages, expertise) is in taxonomy."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from core.slugs import unique_slug
from taxonomy.models import TIME_ZONE_CHOICES, Expertise, Language, SkillCategory
from taxonomy.regions import Region, countries_in_region, region_for_country

# --- Accounts ---------------------------------------------------------------------------


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create_user(self, email: str, password: str | None, **extra):
        if not email:
            raise ValueError("An email address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email: str, password: str | None = None, **extra):
        extra.setdefault("is_staff", False)
        extra.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra)

    def create_superuser(self, email: str, password: str | None = None, **extra):
        extra.update(is_staff=True, is_superuser=True)
        return self._create_user(email, password, **extra)


class User(AbstractBaseUser, PermissionsMixin):
    """A person with an account. Email is the login; there are no usernames.

    Having an account does not make someone a network member: see MemberProfile.membership.
    """

    email = models.EmailField(_("email address"), unique=True)
    is_staff = models.BooleanField(
        _("staff status"), default=False, help_text=_("Can sign in to the curation admin.")
    )
    is_active = models.BooleanField(_("active"), default=True)
    date_joined = models.DateTimeField(_("date joined"), default=timezone.now)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self) -> str:
        return self.email

    def get_full_name(self) -> str:
        profile = getattr(self, "profile", None)
        return (profile.full_name if profile else "") or self.email

    def get_short_name(self) -> str:
        return self.get_full_name().split(" ")[0]

    @cached_property
    def is_network_member(self) -> bool:
        """Approved members (and staff) see members-only profiles and member services."""
        if self.is_staff:
            return True
        profile = getattr(self, "profile", None)
        return bool(profile and profile.membership == MemberProfile.Membership.APPROVED)


# --- Organizations ----------------------------------------------------------------------


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


# --- Member profiles --------------------------------------------------------------------


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
        Organization,
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
        Organization,
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
