"""Alerts and reminders around the funding-calls catalogue.

- `Alert`: a saved /funds/ selection ("email me new calls like these"), with its criteria
  in normalised columns that the matcher loads in bulk to test a batch of new calls
  against every alert at once (funds/alerts/matching/).
- `AlertInbox`: the calls one matcher batch found for an alert, waiting for its next email.
- `AlertDelivery`: "this call was emailed for this alert" — unique per (alert, call), so a
  call never reaches the same alert twice, however often it is announced or jobs run.
- `CallAnnouncement`: progress of the matcher — one row per announcement of a call
  (its `announced_at`) that has been matched, so runs are safe to repeat.
- `DeadlineReminder`: one row per reminder sent for a bookmark, offset and deadline.
- `NotificationPreferences`: a person's choices about every kind of email sent here.
- `NotificationProgress`: a named watermark for the scans of the change history.
"""

from __future__ import annotations

import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from funds.choices import ApplicantType, FunderType, Instrument
from funds.criteria import CallCriteria
from funds.fields import MultiChoiceField
from funds.models import CallBookmark, FundingCall
from taxonomy.models import SkillCategory
from taxonomy.regions import Region


class Frequency(models.TextChoices):
    INSTANT = "instant", _("As soon as a matching call is published")
    DAILY = "daily", _("Daily digest")
    WEEKLY = "weekly", _("Weekly digest (on Mondays)")


# How an email's footer names the frequency: "…the alert “X” (daily digest)…".
FREQUENCY_SHORT_LABELS = {
    Frequency.INSTANT: _("instant email"),
    Frequency.DAILY: _("daily digest"),
    Frequency.WEEKLY: _("weekly digest"),
}


# Days before a deadline at which people may ask to be reminded of a bookmarked call.
REMINDER_OFFSET_CHOICES = [
    ("30", _("30 days before")),
    ("14", _("14 days before")),
    ("7", _("7 days before")),
    ("3", _("3 days before")),
    ("1", _("1 day before")),
]
DEFAULT_REMINDER_OFFSETS = ("14", "3", "1")
DEFAULT_DIGEST_HOUR = 7
DIGEST_HOUR_CHOICES = [(h, f"{h:02d}:00") for h in range(5, 22)]


def _country_choices():
    return list(countries)


def default_reminder_offsets() -> list[str]:
    return list(DEFAULT_REMINDER_OFFSETS)


def new_unsubscribe_nonce() -> str:
    return secrets.token_urlsafe(12)


class AlertQuerySet(models.QuerySet):
    def owned_by(self, user):
        if user is None or not user.is_authenticated:
            return self.none()
        return self.filter(user=user)

    def active(self):
        """Alerts that may send email: not paused, and their owner can still sign in."""
        return self.filter(paused=False, user__is_active=True)


class Alert(models.Model):
    """A saved selection of funding calls that emails its owner about new ones."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="call_alerts", verbose_name=_("owner")
    )
    name = models.CharField(_("name"), max_length=120)
    frequency = models.CharField(
        _("how often"), max_length=16, choices=Frequency.choices, default=Frequency.DAILY, db_index=True
    )
    paused = models.BooleanField(_("paused"), default=False)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    last_sent_at = models.DateTimeField(_("last email sent"), null=True, blank=True)
    # The digest period ("2026-03-02" daily, "2026-W10" weekly, in the owner's time zone)
    # last sent: a second run of the hourly job in the same period sends nothing.
    last_digest_period = models.CharField(_("last digest period"), max_length=16, blank=True, editable=False)
    unsubscribed_at = models.DateTimeField(
        _("unsubscribed"), null=True, blank=True, help_text=_("Set by the one-click unsubscribe link (which pauses the alert).")
    )
    # Signed into this alert's unsubscribe links (funds/alerts/tokens.py): a new value
    # revokes every link sent so far. Random, so it never repeats for another alert.
    unsubscribe_nonce = models.CharField(max_length=32, default=new_unsubscribe_nonce, editable=False)
    unsubscribe_links_revoked_at = models.DateTimeField(
        _("unsubscribe links revoked"), null=True, blank=True, editable=False
    )

    # --- Criteria: the /funds/ filters, normalised. An empty criterion means "any". ---
    q = models.CharField(_("search words"), max_length=200, blank=True)
    categories = models.ManyToManyField(
        SkillCategory, blank=True, related_name="call_alerts", verbose_name=_("skills categories")
    )
    regions = MultiChoiceField(_("open to applicants in regions"), choices=Region.choices)
    countries = MultiChoiceField(_("open to applicants in countries"), choices=_country_choices, max_length=1000)
    instruments = MultiChoiceField(_("types of support"), choices=Instrument.choices)
    funder_types = MultiChoiceField(_("funder types"), choices=FunderType.choices)
    applicant_types = MultiChoiceField(_("who can apply"), choices=ApplicantType.choices)
    languages = MultiChoiceField(_("application languages"), max_length=200)
    amount_min_usd = models.DecimalField(_("amount at least (USD)"), max_digits=14, decimal_places=2, null=True, blank=True)
    amount_max_usd = models.DecimalField(_("amount at most (USD)"), max_digits=14, decimal_places=2, null=True, blank=True)
    # The /funds/ query string the alert was saved from, for "view these results" links.
    query_string = models.CharField(_("query string"), max_length=2000, blank=True)

    # --- Derived from the criteria by the services (matching.sync_alert_signature) ---
    # The prefix form of the words that /funds/ also searches (`youth:* & apprentice:*`).
    search_prefix = models.CharField(max_length=1000, blank=True, editable=False)

    objects = AlertQuerySet.as_manager()

    class Meta:
        ordering = ["name", "pk"]
        verbose_name = _("alert")
        verbose_name_plural = _("alerts")
        constraints = [
            models.CheckConstraint(
                condition=Q(amount_min_usd__isnull=True)
                | Q(amount_max_usd__isnull=True)
                | Q(amount_min_usd__lte=models.F("amount_max_usd")),
                name="alert_amounts_in_order",
                violation_error_message=_("The minimum amount cannot exceed the maximum."),
            ),
        ]
        indexes = [models.Index(fields=["user", "paused"], name="alert_user_paused_idx")]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("alerts:alert-edit", kwargs={"pk": self.pk})

    @property
    def is_digest(self) -> bool:
        return self.frequency in (Frequency.DAILY, Frequency.WEEKLY)

    @property
    def results_url(self) -> str:
        url = reverse("funds:call-list")
        return f"{url}?{self.query_string}" if self.query_string else url

    # --- The criteria as one object (funds/criteria.py) ---

    def criteria(self) -> CallCriteria:
        """The calls this alert is about (its categories read through `categories.all()`,
        so a prefetch serves them)."""
        return CallCriteria(
            q=self.q,
            category_ids=tuple(c.pk for c in self.categories.all()) if self.pk else (),
            regions=self.regions,
            countries=self.countries,
            instruments=self.instruments,
            funder_types=self.funder_types,
            applicant_types=self.applicant_types,
            languages=self.languages,
            amount_min_usd=self.amount_min_usd,
            amount_max_usd=self.amount_max_usd,
        )

    def set_criteria(self, criteria: CallCriteria) -> None:
        """Copy `criteria` into the columns (not saved; the categories are the caller's:
        a many-to-many relation is set after the row is saved)."""
        self.q = criteria.q
        self.regions = list(criteria.regions)
        self.countries = list(criteria.countries)
        self.instruments = list(criteria.instruments)
        self.funder_types = list(criteria.funder_types)
        self.applicant_types = list(criteria.applicant_types)
        self.languages = list(criteria.languages)
        self.amount_min_usd = criteria.amount_min_usd
        self.amount_max_usd = criteria.amount_max_usd


class AlertInboxQuerySet(models.QuerySet):
    def pending(self):
        return self.filter(state=AlertInbox.State.PENDING)


class AlertInbox(models.Model):
    """Calls the matcher found for an alert in one batch, waiting for the alert's next
    email (at once for instant alerts, in the next digest otherwise).

    One row per (alert, batch of announced calls), not per (alert, call): a batch of
    1,000 new calls against 50,000 alerts finds millions of pairs, and writing a row per
    pair was most of the matcher's time (bench/README.md). Whether a call was already
    emailed for the alert is decided when sending, against `AlertDelivery`."""

    class State(models.TextChoices):
        PENDING = "pending", _("Waiting to be sent")
        DONE = "done", _("Sent or dropped")

    # No database-level foreign key: the matcher writes up to one row per alert per
    # batch, and Django's deletion collector removes an alert's rows with it.
    alert = models.ForeignKey(
        Alert, on_delete=models.CASCADE, related_name="inbox", db_constraint=False, db_index=False,
        verbose_name=_("alert"),
    )
    call_ids = models.JSONField(_("calls found"), default=list)
    state = models.CharField(_("state"), max_length=16, choices=State.choices, default=State.PENDING)
    found_at = models.DateTimeField(_("found"), default=timezone.now)
    done_at = models.DateTimeField(_("sent or dropped"), null=True, blank=True)

    objects = AlertInboxQuerySet.as_manager()

    class Meta:
        ordering = ["-found_at", "-pk"]
        verbose_name = _("calls found for an alert")
        verbose_name_plural = _("calls found for alerts")
        indexes = [
            # The senders' query: what an alert has waiting.
            models.Index(fields=["alert"], condition=Q(state="pending"), name="alertinbox_pending_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.alert_id}: {len(self.call_ids or [])} calls ({self.state})"


class AlertDelivery(models.Model):
    """A call emailed for an alert (by itself or in a digest). Unique per (alert, call):
    a call never reaches the same alert twice, however often it is announced or the
    senders run. Written in the same transaction as the outbox email."""

    alert = models.ForeignKey(Alert, on_delete=models.CASCADE, related_name="deliveries", verbose_name=_("alert"))
    call = models.ForeignKey(
        FundingCall, on_delete=models.CASCADE, related_name="alert_deliveries", verbose_name=_("call")
    )
    sent_at = models.DateTimeField(_("sent"), default=timezone.now)

    class Meta:
        ordering = ["-sent_at", "-pk"]
        verbose_name = _("call emailed for an alert")
        verbose_name_plural = _("calls emailed for alerts")
        constraints = [models.UniqueConstraint(fields=["alert", "call"], name="one_delivery_per_alert_and_call")]

    def __str__(self) -> str:
        return f"{self.alert_id} → {self.call_id}"


class CallAnnouncement(models.Model):
    """Progress of the matcher: this announcement of a call has been matched.

    A call is announced when published, and again when it re-opens with a new deadline
    (FundingCall.announced_at). The matcher takes announcements with no row here, so a
    repeated or concurrent run never matches the same announcement twice, and a call
    committed late (after a later one was matched) is still picked up."""

    call = models.ForeignKey(FundingCall, on_delete=models.CASCADE, related_name="+")
    announced_at = models.DateTimeField()
    matched_at = models.DateTimeField(default=timezone.now)
    matches = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("matched announcement")
        verbose_name_plural = _("matched announcements")
        constraints = [
            models.UniqueConstraint(fields=["call", "announced_at"], name="one_match_run_per_announcement")
        ]

    def __str__(self) -> str:
        return f"{self.call_id} @ {self.announced_at:%Y-%m-%d %H:%M}"


class DeadlineReminder(models.Model):
    """A reminder sent for a bookmarked call, `offset_days` before `deadline`. When staff
    move the deadline, the new date has no rows yet, so reminders follow it."""

    bookmark = models.ForeignKey(CallBookmark, on_delete=models.CASCADE, related_name="deadline_reminders")
    offset_days = models.PositiveSmallIntegerField()
    deadline = models.DateTimeField()
    sent_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("deadline reminder")
        verbose_name_plural = _("deadline reminders")
        constraints = [
            models.UniqueConstraint(
                fields=["bookmark", "offset_days", "deadline"], name="one_reminder_per_bookmark_offset_deadline"
            )
        ]

    def __str__(self) -> str:
        return f"{self.bookmark_id}: {self.offset_days}d before {self.deadline:%Y-%m-%d}"


class NotificationPreferences(models.Model):
    """What a person wants to receive. Created on first change; until then the defaults
    (every kind on, reminders 14, 3 and 1 days before) apply."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_preferences"
    )
    reminders_enabled = models.BooleanField(_("deadline reminders for my bookmarked calls"), default=True)
    reminder_offsets = MultiChoiceField(
        _("remind me"), choices=REMINDER_OFFSET_CHOICES, default=default_reminder_offsets
    )
    change_notices_enabled = models.BooleanField(
        _("tell me when a bookmarked call changes (deadline moved, withdrawn)"), default=True
    )
    digest_hour = models.PositiveSmallIntegerField(
        _("send digests at"),
        choices=DIGEST_HOUR_CHOICES,
        default=DEFAULT_DIGEST_HOUR,
        help_text=_("In your time zone (set on your profile)."),
    )
    # Signed into the reminder and change-notice unsubscribe links; empty until the
    # person first revokes their links (links sent before then carry it empty too).
    unsubscribe_nonce = models.CharField(max_length=32, blank=True, default="", editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("notification preferences")
        verbose_name_plural = _("notification preferences")

    def __str__(self) -> str:
        return str(self.user)

    @property
    def offsets(self) -> list[int]:
        return sorted({int(v) for v in self.reminder_offsets or [] if str(v).isdigit()})


class NotificationProgress(models.Model):
    """A named watermark: how far a scheduled scan has read (e.g. the change history)."""

    name = models.CharField(max_length=64, unique=True)
    watermark = models.DateTimeField()
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("notification progress")
        verbose_name_plural = _("notification progress")

    def __str__(self) -> str:
        return f"{self.name} @ {self.watermark:%Y-%m-%d %H:%M}"
