"""Sessions (a dated gathering with seats) and registrations: the engine's rows.

Seats are counted from rows (confirmed + offered), never from a decremented counter;
the services in `events.services.registration` lock the session row and recount in the
same transaction. The partial unique constraint below keeps one live registration per
person and session, whatever the number of double clicks.
"""

from __future__ import annotations

import secrets
import zoneinfo

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.documents import DocumentValidator
from taxonomy.models import TIME_ZONE_CHOICES, Language, SkillCategory

from .kinds import kind_label, session_app
from .querysets import RegistrationQuerySet, SessionQuerySet

DEFAULT_REMINDERS = [24 * 60, 60]  # minutes before the start
MATERIAL_MAX_BYTES = 20 * 1024 * 1024


def default_reminders() -> list[int]:
    return list(DEFAULT_REMINDERS)


class Session(models.Model):
    class Format(models.TextChoices):
        ONLINE = "online", _("Online")
        IN_PERSON = "in_person", _("In person")
        HYBRID = "hybrid", _("Hybrid")

    class Audience(models.TextChoices):
        SIGNED_IN = "signed_in", _("Anyone signed in")
        MEMBERS = "members", _("Network members only")
        CORE_GROUP = "core_group", _("Core Group only")
        APPROVAL = "approval", _("By invitation or approval")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Published")
        CANCELLED = "cancelled", _("Cancelled")

    # Set by the app that owns the session (events.kinds), never chosen by its visitors.
    app = models.CharField(_("app"), max_length=32, db_index=True)
    kind = models.CharField(_("kind"), max_length=32)
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True, help_text=_("Markdown."))
    format = models.CharField(_("format"), max_length=16, choices=Format, default=Format.ONLINE)
    language = models.ForeignKey(
        Language,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("language"),
    )
    interpretation = models.CharField(
        _("interpretation"),
        max_length=200,
        blank=True,
        help_text=_("Interpretation offered, if any (e.g. into French)."),
    )
    starts_at = models.DateTimeField(_("starts at"), db_index=True)
    ends_at = models.DateTimeField(_("ends at"))
    time_zone = models.CharField(
        _("organiser's time zone"), max_length=64, choices=TIME_ZONE_CHOICES, default="UTC"
    )
    capacity = models.PositiveIntegerField(
        _("capacity"), null=True, blank=True, help_text=_("Empty: unlimited.")
    )
    registration_opens_at = models.DateTimeField(_("registration opens"), null=True, blank=True)
    registration_closes_at = models.DateTimeField(
        _("registration closes"), null=True, blank=True, help_text=_("Empty: at the start.")
    )
    audience = models.CharField(
        _("audience"), max_length=16, choices=Audience, default=Audience.SIGNED_IN
    )
    hosts = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="hosted_sessions",
        verbose_name=_("hosts"),
    )
    speakers = models.CharField(_("speakers"), max_length=300, blank=True)
    categories = models.ManyToManyField(
        SkillCategory, blank=True, related_name="sessions", verbose_name=_("skills categories")
    )
    meeting_url = models.URLField(
        _("online meeting link"),
        blank=True,
        help_text=_("Shown only to confirmed registrants and hosts."),
    )
    venue = models.CharField(_("venue"), max_length=300, blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=Status, default=Status.DRAFT, db_index=True
    )
    recording_url = models.URLField(_("recording link"), blank=True)
    reminder_minutes = models.JSONField(
        _("reminders (minutes before the start)"), default=default_reminders, blank=True
    )
    # Bumped on every change registrants' calendars must follow (time, place, link).
    sequence = models.PositiveIntegerField(default=0, editable=False)
    follow_up_sent_at = models.DateTimeField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = SessionQuerySet.as_manager()

    class Meta:
        ordering = ["starts_at", "pk"]
        verbose_name = _("session")
        verbose_name_plural = _("sessions")
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=models.F("starts_at")),
                name="events_session_ends_after_start",
                violation_error_message=_("A session must end after it starts."),
            ),
        ]
        indexes = [
            models.Index(fields=["app", "status", "starts_at"], name="events_session_listing_idx")
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        app = session_app(self.app)
        try:
            return reverse(app.detail_url, kwargs={"pk": self.pk}) if app and app.detail_url else ""
        except NoReverseMatch:
            return ""

    def clean(self) -> None:
        super().clean()
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            raise ValidationError({"ends_at": _("A session must end after it starts.")})
        opens, closes = self.registration_opens_at, self.registration_closes_at
        if opens and closes and closes <= opens:
            raise ValidationError(
                {"registration_closes_at": _("Registration must close after it opens.")}
            )

    def get_kind_display(self):
        return kind_label(self.app, self.kind)

    @property
    def zone(self) -> zoneinfo.ZoneInfo:
        try:
            return zoneinfo.ZoneInfo(self.time_zone or "UTC")
        except (zoneinfo.ZoneInfoNotFoundError, ValueError):
            return zoneinfo.ZoneInfo("UTC")

    @property
    def starts_local(self):
        return self.starts_at.astimezone(self.zone)

    @property
    def is_past(self) -> bool:
        return self.ends_at <= timezone.now()

    @property
    def closes_at(self):
        return self.registration_closes_at or self.starts_at

    def registration_is_open(self, now=None) -> bool:
        now = now or timezone.now()
        return (
            self.status == self.Status.PUBLISHED
            and (self.registration_opens_at is None or self.registration_opens_at <= now)
            and now < self.closes_at
        )


class SessionMaterial(models.Model):
    """A file or a link shared with registrants (usually after the session)."""

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="materials")
    title = models.CharField(_("title"), max_length=200)
    url = models.URLField(_("link"), blank=True)
    file = models.FileField(
        _("file"),
        upload_to="sessions/materials/",
        blank=True,
        validators=[DocumentValidator(max_bytes=MATERIAL_MAX_BYTES)],
        help_text=_("PDF, DOCX, XLSX or ODT, 20 MB at most."),
    )

    class Meta:
        ordering = ["pk"]
        verbose_name = _("material")
        verbose_name_plural = _("materials")
        constraints = [
            models.CheckConstraint(
                condition=~Q(url="") | ~Q(file=""), name="events_material_has_link_or_file"
            )
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def href(self) -> str:
        return self.url or (self.file.url if self.file else "")


class Registration(models.Model):
    class Status(models.TextChoices):
        REQUESTED = "requested", _("Waiting for approval")
        CONFIRMED = "confirmed", _("Confirmed")
        WAITLISTED = "waitlisted", _("On the waiting list")
        OFFERED = "offered", _("Seat offered")
        CANCELLED = "cancelled", _("Cancelled")
        DECLINED = "declined", _("Declined")
        EXPIRED = "expired", _("Offer expired")
        REFUSED = "refused", _("Not accepted")

    class Attendance(models.TextChoices):
        UNKNOWN = "", _("Not recorded")
        ATTENDED = "attended", _("Attended")
        NO_SHOW = "no_show", _("Did not attend")

    LIVE = (Status.REQUESTED, Status.CONFIRMED, Status.WAITLISTED, Status.OFFERED)
    HOLDS_SEAT = (Status.CONFIRMED, Status.OFFERED)

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="registrations")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="session_registrations"
    )
    status = models.CharField(_("status"), max_length=16, choices=Status, db_index=True)
    # Strict order of the waiting list: numbers handed out under the session lock.
    queue_number = models.PositiveIntegerField(_("place in queue"), null=True, blank=True)
    offer_expires_at = models.DateTimeField(_("offer valid until"), null=True, blank=True)
    # Bumped with each offer, so the link of an earlier offer is worthless.
    offer_number = models.PositiveIntegerField(default=0, editable=False)
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)
    attendance = models.CharField(
        _("attendance"), max_length=16, choices=Attendance, blank=True, default=""
    )
    minutes_attended = models.PositiveIntegerField(_("minutes attended"), null=True, blank=True)
    # The person's calendar event: SEQUENCE of the next .ics we send them.
    calendar_sequence = models.PositiveIntegerField(default=0, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = RegistrationQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        constraints = [
            models.UniqueConstraint(
                fields=["session", "user"],
                condition=Q(status__in=["requested", "confirmed", "waitlisted", "offered"]),
                name="events_one_live_registration",
                violation_error_message=_("You are already registered for this session."),
            ),
            models.CheckConstraint(
                condition=~Q(status="offered") | Q(offer_expires_at__isnull=False),
                name="events_offer_has_expiry",
            ),
        ]
        indexes = [
            models.Index(fields=["session", "status", "queue_number"], name="events_reg_queue_idx")
        ]

    def __str__(self) -> str:
        return f"{self.user} → {self.session}"

    @property
    def is_live(self) -> bool:
        return self.status in self.LIVE

    def calendar_uid(self, domain: str) -> str:
        # Stable per session and person: a re-registration updates the same event.
        return f"session-{self.session_id}-user-{self.user_id}@{domain}"


class Feedback(models.Model):
    registration = models.OneToOneField(
        Registration, on_delete=models.CASCADE, related_name="feedback"
    )
    rating = models.PositiveSmallIntegerField(_("rating"))
    comment = models.TextField(_("comments"), blank=True, max_length=3000)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("feedback")
        verbose_name_plural = _("feedback")
        constraints = [
            models.CheckConstraint(
                condition=Q(rating__gte=1, rating__lte=5), name="events_feedback_rating_1_to_5"
            )
        ]

    def __str__(self) -> str:
        return f"{self.rating}/5"


def _feed_token() -> str:
    return secrets.token_urlsafe(24)


class CalendarFeed(models.Model):
    """A person's private calendar address: a secret token, replaced to revoke it."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="session_feed"
    )
    token = models.CharField(max_length=64, unique=True, default=_feed_token)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("calendar feed")
        verbose_name_plural = _("calendar feeds")

    def __str__(self) -> str:
        return str(self.user)

    def rotate(self) -> None:
        self.token = _feed_token()
        self.created_at = timezone.now()
