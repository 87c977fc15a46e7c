"""Who can help with what: members' offers, technical advisors, ILO offices and their
contacts (a staff-curated directory), and the messages sent through find help.

Email addresses here are never shown on the site: people are written to through the
message form (services.contact_send), and anyone can opt out of being contacted.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from members.models import MemberProfile
from taxonomy.models import Expertise, Language, SkillCategory
from taxonomy.regions import Region


class HelpKind(models.TextChoices):
    FUNDING = "funding", _("Finding funding")
    PROPOSALS = "proposal_writing", _("Proposal writing")
    BUDGETS = "budgeting", _("Budgets and financial reporting")
    TRANSLATION = "translation", _("Translation")
    DATA = "data", _("Data and labour market information")
    EVALUATION = "evaluation", _("Monitoring and evaluation")
    PARTNERS = "partners", _("Finding partners and employers")
    DIGITAL = "digital", _("Digital tools and online learning")
    POLICY = "policy", _("Policy and ILO standards")
    MENTORING = "mentoring", _("Mentoring")


def _kinds_field():
    return models.JSONField(
        _("help offered"), default=list, blank=True, help_text=_("Kinds of help, by code.")
    )


class Contactable(models.Model):
    """Anyone find help can suggest: may be switched off (by staff, or by the person
    through the opt-out link every message carries)."""

    accepts_contact = models.BooleanField(
        _("accepts messages"),
        default=True,
        help_text=_("Off: never suggested, and the message form refuses."),
    )

    class Meta:
        abstract = True


class HelpOffer(Contactable):
    """What a member offers to other members, and whether they may be written to."""

    profile = models.OneToOneField(
        MemberProfile, on_delete=models.CASCADE, related_name="help_offer"
    )
    kinds = _kinds_field()
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("help offered by a member")
        verbose_name_plural = _("help offered by members")

    def __str__(self) -> str:
        return str(self.profile)


class DirectoryEntryQuerySet(models.QuerySet):
    def contactable(self):
        return self.filter(is_active=True, accepts_contact=True)


class AdvisorQuerySet(DirectoryEntryQuerySet):
    def taking_requests(self):
        """Contactable and not marked as taking no new requests."""
        return self.contactable().exclude(availability=TechnicalAdvisor.Availability.UNAVAILABLE)


class TechnicalAdvisor(Contactable):
    """An expert the ILO team lists for members (and coaching) to turn to: an ILO expert
    or a volunteer, with how available they are now."""

    class Affiliation(models.TextChoices):
        ILO = "ilo", _("ILO expert")
        VOLUNTEER = "volunteer", _("Volunteer advisor")

    class Availability(models.TextChoices):
        AVAILABLE = "available", _("Available")
        LIMITED = "limited", _("Limited availability")
        UNAVAILABLE = "unavailable", _("Not taking new requests")

    name = models.CharField(_("name"), max_length=150)
    affiliation = models.CharField(
        _("advisor type"), max_length=16, choices=Affiliation, default=Affiliation.ILO
    )
    availability = models.CharField(
        _("availability"),
        max_length=16,
        choices=Availability,
        default=Availability.AVAILABLE,
        help_text=_("“Not taking new requests”: still listed, but members cannot ask for them on a coaching request."),
    )
    available_again_on = models.DateField(
        _("available again on"),
        null=True,
        blank=True,
        help_text=_("Optional: shown to members while the advisor is not taking new requests."),
    )
    title = models.CharField(
        _("title"), max_length=200, blank=True, help_text=_("E.g. Skills specialist.")
    )
    organization = models.CharField(_("organization"), max_length=200, blank=True)
    email = models.EmailField(
        _("email address"), help_text=_("Never shown: messages are forwarded.")
    )
    bio = models.TextField(_("about"), blank=True, max_length=2000)
    countries = CountryField(_("countries covered"), multiple=True, blank=True)
    region = models.CharField(
        _("region covered"), max_length=32, choices=Region.choices, blank=True
    )
    languages = models.ManyToManyField(
        Language, blank=True, related_name="+", verbose_name=_("languages spoken")
    )
    categories = models.ManyToManyField(
        SkillCategory, blank=True, related_name="+", verbose_name=_("skills categories")
    )
    expertise = models.ManyToManyField(
        Expertise, blank=True, related_name="+", verbose_name=_("expertise")
    )
    kinds = _kinds_field()
    is_active = models.BooleanField(_("listed"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = AdvisorQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("technical advisor")
        verbose_name_plural = _("technical advisors")

    def __str__(self) -> str:
        return self.name

    @property
    def is_taking_requests(self) -> bool:
        return self.availability != self.Availability.UNAVAILABLE


class IloOffice(Contactable):
    """An ILO office and the countries it covers (a country office, a decent work team,
    a regional office)."""

    class Kind(models.TextChoices):
        COUNTRY = "country", _("Country office")
        DWT = "dwt", _("Decent work technical support team")
        REGIONAL = "regional", _("Regional office")
        HQ = "hq", _("Headquarters")

    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices, default=Kind.COUNTRY)
    city = models.CharField(_("city"), max_length=100, blank=True)
    countries = CountryField(_("countries covered"), multiple=True, blank=True)
    region = models.CharField(_("region"), max_length=32, choices=Region.choices, blank=True)
    email = models.EmailField(
        _("email address"), help_text=_("Never shown: messages are forwarded.")
    )
    website = models.URLField(_("website"), blank=True)
    languages = models.ManyToManyField(
        Language, blank=True, related_name="+", verbose_name=_("working languages")
    )
    is_active = models.BooleanField(_("listed"), default=True)

    objects = DirectoryEntryQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("ILO office")
        verbose_name_plural = _("ILO offices")

    def __str__(self) -> str:
        return self.name


class IloContact(Contactable):
    """A person at an ILO office members may write to (a skills specialist, the
    network's focal point)."""

    office = models.ForeignKey(
        IloOffice, on_delete=models.CASCADE, related_name="contacts", verbose_name=_("office")
    )
    name = models.CharField(_("name"), max_length=150)
    role = models.CharField(_("role"), max_length=200, blank=True)
    email = models.EmailField(
        _("email address"), help_text=_("Never shown: messages are forwarded.")
    )
    languages = models.ManyToManyField(
        Language, blank=True, related_name="+", verbose_name=_("languages spoken")
    )
    categories = models.ManyToManyField(
        SkillCategory, blank=True, related_name="+", verbose_name=_("skills categories")
    )
    kinds = _kinds_field()
    is_active = models.BooleanField(_("listed"), default=True)

    objects = DirectoryEntryQuerySet.as_manager()

    class Meta:
        ordering = ["office__name", "name"]
        verbose_name = _("ILO contact")
        verbose_name_plural = _("ILO contacts")

    def __str__(self) -> str:
        return f"{self.name} ({self.office})"


class ContactMessage(models.Model):
    """A message sent through find help to exactly one recipient. `request_key` comes
    from the form, so a double-click sends one message."""

    sender = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    to_member = models.ForeignKey(
        MemberProfile, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    to_advisor = models.ForeignKey(
        TechnicalAdvisor, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    to_office = models.ForeignKey(
        IloOffice, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    to_contact = models.ForeignKey(
        IloContact, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    subject = models.CharField(_("subject"), max_length=150)
    body = models.TextField(_("message"), max_length=3000)
    kind = models.CharField(_("kind of help"), max_length=32, choices=HelpKind.choices, blank=True)
    request_key = models.UUIDField(unique=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("message sent through find help")
        verbose_name_plural = _("messages sent through find help")
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(to_member__isnull=False, to_advisor=None, to_office=None, to_contact=None)
                    | Q(to_member=None, to_advisor__isnull=False, to_office=None, to_contact=None)
                    | Q(to_member=None, to_advisor=None, to_office__isnull=False, to_contact=None)
                    | Q(to_member=None, to_advisor=None, to_office=None, to_contact__isnull=False)
                ),
                name="contact_message_has_one_recipient",
            )
        ]
        indexes = [models.Index(fields=["sender", "created_at"])]

    def __str__(self) -> str:
        return self.subject

    @property
    def recipient(self):
        return self.to_member or self.to_advisor or self.to_office or self.to_contact
