"""Peer exchange on the session engine: a series of sessions every two weeks, topics
members propose and vote for, hosts, and the knowledge base of what was learned.

The sessions themselves are `events.Session` rows (app "peer_exchange"); this app keeps
its own data beside them (`PeerSession`), never as columns on the engine.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from events.models import Session
from events.querysets import SessionQuerySet
from taxonomy.models import TIME_ZONE_CHOICES, Language, SkillCategory
from taxonomy.regions import Region

from .querysets import OutputQuerySet, TopicQuerySet


class Series(models.Model):
    class Weekday(models.IntegerChoices):
        MONDAY = 0, _("Monday")
        TUESDAY = 1, _("Tuesday")
        WEDNESDAY = 2, _("Wednesday")
        THURSDAY = 3, _("Thursday")
        FRIDAY = 4, _("Friday")
        SATURDAY = 5, _("Saturday")
        SUNDAY = 6, _("Sunday")

    name = models.CharField(_("name"), max_length=120)
    language = models.ForeignKey(
        Language,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("language"),
    )
    region = models.CharField(_("region"), max_length=32, choices=Region, blank=True)
    weekday = models.PositiveSmallIntegerField(
        _("weekday"), choices=Weekday, default=Weekday.WEDNESDAY
    )
    start_time = models.TimeField(_("start time"))
    duration_minutes = models.PositiveSmallIntegerField(_("duration (minutes)"), default=90)
    time_zone = models.CharField(
        _("time zone"), max_length=64, choices=TIME_ZONE_CHOICES, default="UTC"
    )
    every_weeks = models.PositiveSmallIntegerField(_("every (weeks)"), default=2)
    first_date = models.DateField(_("first session"))
    capacity = models.PositiveIntegerField(
        _("capacity"), null=True, blank=True, help_text=_("Empty: unlimited.")
    )
    meeting_url = models.URLField(_("online meeting link"), blank=True)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("peer-exchange series")
        verbose_name_plural = _("peer-exchange series")
        constraints = [
            models.CheckConstraint(
                condition=Q(every_weeks__gte=1, every_weeks__lte=8),
                name="peer_series_every_1_to_8_weeks",
            ),
            models.CheckConstraint(
                condition=Q(duration_minutes__gte=15), name="peer_series_at_least_15_minutes"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class PeerSession(models.Model):
    """One occurrence of a series: its engine session, its slot and its backup host.

    `slot` is the date the series rule gave it; moving the session (its `starts_at`)
    or cancelling it keeps the slot, so generating again never re-creates it."""

    series = models.ForeignKey(Series, on_delete=models.CASCADE, related_name="occurrences")
    session = models.OneToOneField(Session, on_delete=models.CASCADE, related_name="peer")
    slot = models.DateField(_("slot"))
    backup_host = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("backup host"),
    )
    swap_requested_at = models.DateTimeField(_("host asked for a swap"), null=True, blank=True)

    class Meta:
        ordering = ["slot"]
        verbose_name = _("peer-exchange occurrence")
        verbose_name_plural = _("peer-exchange occurrences")
        constraints = [
            models.UniqueConstraint(fields=["series", "slot"], name="peer_one_session_per_slot")
        ]

    def __str__(self) -> str:
        return f"{self.series} {self.slot}"


class Topic(models.Model):
    class Status(models.TextChoices):
        OPEN = "open", _("Open for votes")
        SCHEDULED = "scheduled", _("Scheduled")
        CLOSED = "closed", _("Closed")
        MERGED = "merged", _("Merged into another topic")

    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), max_length=3000, blank=True)
    categories = models.ManyToManyField(
        SkillCategory, blank=True, related_name="+", verbose_name=_("skills categories")
    )
    language = models.ForeignKey(
        Language,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("language"),
    )
    proposer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="peer_topics"
    )
    status = models.CharField(
        _("status"), max_length=16, choices=Status, default=Status.OPEN, db_index=True
    )
    session = models.ForeignKey(
        PeerSession,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="topics",
        verbose_name=_("session"),
    )
    merged_into = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # Codes of the survey's needs (members.MembershipApplication.Need) this topic answers,
    # tagged by staff: scheduling the topic tells the members who asked for them.
    needs = models.JSONField(_("needs it answers"), default=list, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = TopicQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "pk"]
        verbose_name = _("topic")
        verbose_name_plural = _("topics")

    def __str__(self) -> str:
        return self.title

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.OPEN


class Vote(models.Model):
    """One member's vote for one topic. It counts against the member's budget while
    the topic is open; scheduling or closing the topic gives it back."""

    topic = models.ForeignKey(Topic, on_delete=models.CASCADE, related_name="votes")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="peer_votes"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("vote")
        verbose_name_plural = _("votes")
        constraints = [
            models.UniqueConstraint(
                fields=["topic", "user"],
                name="peer_one_vote_per_member",
                violation_error_message=_("You have already voted for this topic."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} → {self.topic}"


class HostOffer(models.Model):
    """A member's offer to host (the profile's "willing to host" mirrors into it), with
    what they can facilitate."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="peer_host_offer"
    )
    is_active = models.BooleanField(_("willing to host"), default=True)
    categories = models.ManyToManyField(
        SkillCategory, blank=True, related_name="+", verbose_name=_("skills categories")
    )
    can_facilitate = models.CharField(_("topics I can facilitate"), max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("host offer")
        verbose_name_plural = _("host offers")

    def __str__(self) -> str:
        return str(self.user)


class Output(models.Model):
    """What a session produced for the knowledge base: a summary, tips, links, files."""

    class Kind(models.TextChoices):
        SUMMARY = "summary", _("Summary")
        GOOD_PRACTICE = "good_practice", _("Good practice")
        TIP_SHEET = "tip_sheet", _("Tip sheet")
        SOP = "sop", _("Standard operating procedure")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Published")

    session = models.OneToOneField(PeerSession, on_delete=models.CASCADE, related_name="output")
    kind = models.CharField(_("type"), max_length=16, choices=Kind, default=Kind.SUMMARY)
    title = models.CharField(_("title"), max_length=200)
    summary = models.TextField(_("summary"), max_length=20000, help_text=_("Markdown."))
    tips = models.TextField(
        _("key tips"), max_length=5000, blank=True, help_text=_("One tip a line.")
    )
    links = models.TextField(
        _("links"), max_length=3000, blank=True, help_text=_("One address a line.")
    )
    keywords = models.CharField(
        _("keywords"), max_length=300, blank=True, help_text=_("Separated by commas.")
    )
    language = models.ForeignKey(
        Language, on_delete=models.PROTECT, related_name="+", verbose_name=_("language")
    )
    categories = models.ManyToManyField(
        SkillCategory, blank=True, related_name="+", verbose_name=_("skills categories")
    )
    region = models.CharField(_("region"), max_length=32, choices=Region, blank=True)
    is_public = models.BooleanField(
        _("public"), default=False, help_text=_("Set by staff: shown to visitors.")
    )
    status = models.CharField(
        _("status"), max_length=16, choices=Status, default=Status.DRAFT, db_index=True
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = OutputQuerySet.as_manager()

    class Meta:
        ordering = ["-published_at", "-pk"]
        verbose_name = _("knowledge-base output")
        verbose_name_plural = _("knowledge-base outputs")

    def __str__(self) -> str:
        return self.title

    @property
    def tip_list(self) -> list[str]:
        return [line.strip() for line in self.tips.splitlines() if line.strip()]

    @property
    def link_list(self) -> list[str]:
        return [
            line.strip()
            for line in self.links.splitlines()
            if line.strip().startswith(("https://", "http://"))
        ]

    @property
    def keyword_list(self) -> list[str]:
        return [word.strip().lower() for word in self.keywords.split(",") if word.strip()]


class OutputFile(models.Model):
    output = models.ForeignKey(Output, on_delete=models.CASCADE, related_name="files")
    title = models.CharField(_("title"), max_length=200)
    file = models.FileField(_("file"), upload_to="peer_exchange/files/")

    class Meta:
        ordering = ["pk"]
        verbose_name = _("attached file")
        verbose_name_plural = _("attached files")

    def __str__(self) -> str:
        return self.title


class GuidePage(models.Model):
    """Staff-editable guide pages, one row per page and language."""

    class Page(models.TextChoices):
        HOW = "how-it-works", _("How peer exchange works")
        FACILITATION = "facilitation", _("Facilitation guide")
        SOP = "sop", _("Standard operating procedures for exchanges")

    page = models.CharField(_("page"), max_length=32, choices=Page)
    language = models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES)
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("text"), help_text=_("Markdown."))
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["page", "language"]
        verbose_name = _("guide page")
        verbose_name_plural = _("guide pages")
        constraints = [
            models.UniqueConstraint(
                fields=["page", "language"], name="peer_one_guide_page_per_language"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_page_display()} ({self.language})"


class PeerSessionProxyManager(models.Manager):
    def get_queryset(self):
        return super().get_queryset().filter(app="peer_exchange")


class PeerExchangeSession(Session):
    """Peer exchange's sessions in the admin (a proxy of events.Session)."""

    objects = PeerSessionProxyManager.from_queryset(SessionQuerySet)()

    class Meta:
        proxy = True
        verbose_name = _("peer-exchange session")
        verbose_name_plural = _("peer-exchange sessions")


def open_vote_count(user) -> int:
    return Vote.objects.filter(user=user, topic__status=Topic.Status.OPEN).count()
