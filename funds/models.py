"""The network's curated map of funds, challenge calls and programmes.

Editorial state (draft → pending review → published / rejected → archived) is what staff
manage; the lifecycle people see (upcoming, open, closing soon, closed) is derived from
the dates at query time (FundingCallQuerySet.with_lifecycle), so nothing waits for a job.
"""

from __future__ import annotations

import zoneinfo
from datetime import timedelta
from decimal import Decimal

from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from core.text import MultiLineTextField, SingleLineCharField
from taxonomy.models import TIME_ZONE_CHOICES, Language, SkillCategory
from taxonomy.regions import Region, region_for_country

from .choices import (
    CURRENCIES,
    ApplicantType,
    EditorialStatus,
    FunderType,
    Instrument,
    Lifecycle,
    Source,
)
from .fields import MultiChoiceField
from .querysets import CLOSING_SOON_DAYS, FundingCallQuerySet

# Markdown is rendered on every view of a call: a bound on its length bounds the work.
DESCRIPTION_MAX_LENGTH = 20_000


class Funder(models.Model):
    name = SingleLineCharField(_("name"), max_length=200, unique=True)
    slug = models.SlugField(unique=True, max_length=220)
    type = models.CharField(_("type"), max_length=32, choices=FunderType.choices)
    country = CountryField(_("country"), blank=True, help_text=_("Leave empty for international funders."))
    website = models.URLField(_("website"), blank=True)
    logo = models.ImageField(_("logo"), upload_to="funders/", blank=True)
    description = MultiLineTextField(_("description"), blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("funder")
        verbose_name_plural = _("funders")

    def __str__(self) -> str:
        return self.name

    @property
    def is_international(self) -> bool:
        return not self.country


class FundingCall(models.Model):
    # What it is
    title = SingleLineCharField(_("title"), max_length=300)
    slug = models.SlugField(unique=True, max_length=320)
    funder = models.ForeignKey(Funder, on_delete=models.PROTECT, related_name="calls", verbose_name=_("funder"))
    co_funders = models.ManyToManyField(Funder, blank=True, related_name="co_funded_calls", verbose_name=_("co-funders"))
    reference = SingleLineCharField(_("reference number"), max_length=120, blank=True, db_index=True)
    summary = MultiLineTextField(_("summary"), max_length=1000, help_text=_("Two or three sentences shown in lists."))
    description = MultiLineTextField(
        _("description"),
        blank=True,
        max_length=DESCRIPTION_MAX_LENGTH,
        help_text=_("Markdown, at most 20,000 characters. Rendered and sanitised."),
    )
    instrument = models.CharField(_("instrument"), max_length=32, choices=Instrument.choices)
    categories = models.ManyToManyField(
        SkillCategory, blank=True, related_name="funding_calls", verbose_name=_("skills categories")
    )
    tags = SingleLineCharField(_("tags"), max_length=300, blank=True, help_text=_("Comma-separated keywords."))

    # Who may apply
    is_global = models.BooleanField(_("open worldwide"), default=False)
    eligible_regions = MultiChoiceField(_("eligible regions"), choices=Region.choices)
    eligible_countries = CountryField(_("eligible countries"), multiple=True, blank=True)
    # Explicit regions plus the regions of the eligible countries, kept by the services,
    # so that one LIKE filter answers "open to applicants in region R".
    region_index = MultiChoiceField(editable=False, choices=Region.choices)
    applicant_types = MultiChoiceField(_("eligible applicants"), choices=ApplicantType.choices)
    languages = models.ManyToManyField(
        Language, blank=True, related_name="funding_calls", verbose_name=_("application languages")
    )

    # Money
    amount_min = models.DecimalField(_("minimum amount"), max_digits=14, decimal_places=2, null=True, blank=True)
    amount_max = models.DecimalField(_("maximum amount"), max_digits=14, decimal_places=2, null=True, blank=True)
    currency = models.CharField(_("currency"), max_length=3, choices=CURRENCIES, default="USD")
    amount_usd = models.DecimalField(
        _("indicative amount in USD"),
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        db_index=True,
        help_text=_("The maximum award converted to US dollars, for filtering and sorting."),
    )
    awards_count = models.PositiveIntegerField(_("number of awards"), null=True, blank=True)
    cofinancing_required = models.BooleanField(_("co-financing required"), default=False)
    cofinancing_rate = models.DecimalField(
        _("co-financing rate (%)"),
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal(0)), MaxValueValidator(Decimal(100))],
    )

    # When
    opens_on = models.DateField(_("opening date"), null=True, blank=True)
    deadline = models.DateTimeField(
        _("deadline"),
        null=True,
        blank=True,
        db_index=True,
        help_text=_("For calls with several rounds: the last round's deadline."),
    )
    deadline_timezone = models.CharField(
        _("deadline time zone"), max_length=64, choices=TIME_ZONE_CHOICES, default="UTC"
    )
    is_rolling = models.BooleanField(_("rolling (no fixed deadline)"), default=False)

    # Where to go
    apply_url = models.URLField(_("application link"), max_length=500, blank=True)
    source_url = models.URLField(_("official source"), max_length=500, blank=True, db_index=True)
    contact = SingleLineCharField(_("contact"), max_length=200, blank=True)

    # Editorial state and provenance
    status = models.CharField(
        _("editorial state"), max_length=16, choices=EditorialStatus.choices, default=EditorialStatus.DRAFT, db_index=True
    )
    source = models.CharField(_("source"), max_length=16, choices=Source.choices, default=Source.STAFF)
    suggested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="suggested_calls",
        verbose_name=_("suggested by"),
    )
    curated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="curated_calls",
        verbose_name=_("curated by"),
    )
    duplicate_of = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("possible duplicate of"),
    )
    review_note = MultiLineTextField(_("reason for the decision"), blank=True, help_text=_("Sent to the member who suggested the call."))
    last_verified_at = models.DateTimeField(_("information checked on"), null=True, blank=True)
    published_at = models.DateTimeField(_("published"), null=True, blank=True, db_index=True)
    # When alerts should (re)consider the call: set on publish, and again when a closed
    # call re-opens with a new deadline. The alert matcher works from this column.
    announced_at = models.DateTimeField(_("announced to alerts"), null=True, blank=True, db_index=True)
    created_at = models.DateTimeField(_("added"), default=timezone.now, db_index=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    # Full-text search (PostgreSQL): weighted tsvector kept by funds.search, GIN-indexed by
    # a PostgreSQL-only migration. Unused on SQLite.
    search_vector = SearchVectorField(null=True, editable=False)

    objects = FundingCallQuerySet.as_manager()

    class Meta:
        ordering = ["deadline", "-published_at"]
        verbose_name = _("funding call")
        verbose_name_plural = _("funding calls")
        constraints = [
            models.CheckConstraint(
                condition=Q(amount_min__isnull=True) | Q(amount_max__isnull=True) | Q(amount_min__lte=models.F("amount_max")),
                name="call_amounts_in_order",
                violation_error_message=_("The minimum amount cannot exceed the maximum."),
            ),
        ]
        indexes = [
            models.Index(fields=["status", "deadline"]),
            models.Index(fields=["status", "published_at"]),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("funds:call-detail", kwargs={"slug": self.slug})

    def clean(self):
        from django.core.exceptions import ValidationError

        errors = {}
        if self.amount_min is not None and self.amount_max is not None and self.amount_min > self.amount_max:
            errors["amount_min"] = _("The minimum amount cannot exceed the maximum.")
        if self.opens_on and self.deadline and self.deadline.date() < self.opens_on:
            errors["deadline"] = _("The deadline cannot be before the opening date.")
        if not self.is_rolling and not self.deadline and self.status == EditorialStatus.PUBLISHED:
            errors["deadline"] = _("A published call needs a deadline, or must be marked as rolling.")
        if self.cofinancing_rate is not None and not self.cofinancing_required:
            errors["cofinancing_rate"] = _("Give a co-financing rate only when co-financing is required.")
        if errors:
            raise ValidationError(errors)

    # Derived from the row's own fields -------------------------------------------------

    def lifecycle_at(self, now=None) -> str:
        now = now or timezone.now()
        if self.opens_on and self.opens_on > now.date():
            return Lifecycle.UPCOMING
        if self.is_rolling or self.deadline is None:
            return Lifecycle.OPEN
        if self.deadline < now:
            return Lifecycle.CLOSED
        if self.deadline <= now + timedelta(days=CLOSING_SOON_DAYS):
            return Lifecycle.CLOSING_SOON
        return Lifecycle.OPEN

    @property
    def current_lifecycle(self) -> str:
        return getattr(self, "lifecycle", None) or self.lifecycle_at()

    @property
    def days_left(self) -> int | None:
        if self.is_rolling or not self.deadline:
            return None
        delta = self.deadline - timezone.now()
        return max(delta.days, 0) if delta.total_seconds() >= 0 else None

    @property
    def deadline_local(self):
        """The deadline in the call's own time zone."""
        if not self.deadline:
            return None
        return self.deadline.astimezone(zoneinfo.ZoneInfo(self.deadline_timezone or "UTC"))

    @property
    def tag_list(self) -> list[str]:
        return [t.strip() for t in self.tags.split(",") if t.strip()]

    def computed_region_index(self) -> list[str]:
        regions = set(self.eligible_regions or [])
        regions.update(region_for_country(c.code) for c in self.eligible_countries or [])
        return sorted(r for r in regions if r)


class CallRound(models.Model):
    """One round of a call with several rounds, each with its own dates."""

    call = models.ForeignKey(FundingCall, on_delete=models.CASCADE, related_name="rounds")
    name = SingleLineCharField(_("name"), max_length=120)
    opens_on = models.DateField(_("opening date"), null=True, blank=True)
    deadline = models.DateTimeField(_("deadline"))

    class Meta:
        ordering = ["deadline"]
        verbose_name = _("round")
        verbose_name_plural = _("rounds")

    def __str__(self) -> str:
        return self.name


class CallAttachment(models.Model):
    call = models.ForeignKey(FundingCall, on_delete=models.CASCADE, related_name="attachments")
    title = SingleLineCharField(_("title"), max_length=200)
    file = models.FileField(_("file"), upload_to="call-attachments/", blank=True)
    url = models.URLField(_("link"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        constraints = [
            models.CheckConstraint(
                condition=~Q(file="") | ~Q(url=""), name="attachment_has_file_or_url",
                violation_error_message=_("Give a file or a link."),
            )
        ]

    def __str__(self) -> str:
        return self.title


class CallBookmark(models.Model):
    """A call a user keeps in "my calls"."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="call_bookmarks")
    call = models.ForeignKey(FundingCall, on_delete=models.CASCADE, related_name="bookmarks")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at"]
        constraints = [models.UniqueConstraint(fields=["user", "call"], name="one_bookmark_per_user_and_call")]
        verbose_name = _("bookmark")
        verbose_name_plural = _("bookmarks")

    def __str__(self) -> str:
        return f"{self.user_id} → {self.call_id}"


class CallDismissal(models.Model):
    """A call a user marked as not relevant: hidden from their lists and alerts."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="call_dismissals")
    call = models.ForeignKey(FundingCall, on_delete=models.CASCADE, related_name="dismissals")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "call"], name="one_dismissal_per_user_and_call")]
        verbose_name = _("dismissal")
        verbose_name_plural = _("dismissals")

    def __str__(self) -> str:
        return f"{self.user_id} ✕ {self.call_id}"


class CallReport(models.Model):
    """"Report outdated information": goes to the staff review queue."""

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        RESOLVED = "resolved", _("Resolved")
        DISMISSED = "dismissed", _("Dismissed")

    call = models.ForeignKey(FundingCall, on_delete=models.CASCADE, related_name="reports")
    reporter = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    email = models.EmailField(_("your email (optional)"), blank=True)
    message = MultiLineTextField(_("what is outdated or wrong?"), max_length=2000)
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.OPEN, db_index=True)
    created_at = models.DateTimeField(default=timezone.now)
    resolved_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    resolved_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("report of outdated information")
        verbose_name_plural = _("reports of outdated information")

    def __str__(self) -> str:
        return f"{self.call} — {self.get_status_display()}"


class CallImport(models.Model):
    """One run of the spreadsheet import (admin or `manage.py import_calls`), kept as
    the history staff look back on: who imported which file, when, with what result, and
    the row-by-row report. Written whatever the outcome, so a refused file's errors stay
    visible after the page is gone."""

    class Outcome(models.TextChoices):
        IMPORTED = "imported", _("Imported")
        DRY_RUN = "dry_run", _("Dry run (nothing saved)")
        REFUSED = "refused", _("Refused (errors, nothing saved)")
        PARTIAL = "partial", _("Valid rows imported, the others rejected")

    class State(models.TextChoices):
        QUEUED = "queued", _("Waiting to start")
        RUNNING = "running", _("Running")
        DONE = "done", _("Done")

    class Via(models.TextChoices):
        ADMIN = "admin", _("Admin page")
        COMMAND = "command", _("Command line")

    created_at = models.DateTimeField(_("when"), default=timezone.now, db_index=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("by"),
    )
    via = models.CharField(_("via"), max_length=16, choices=Via.choices, default=Via.ADMIN)
    filename = models.CharField(_("file"), max_length=255, blank=True)
    size = models.PositiveIntegerField(_("size (bytes)"), default=0)
    sha256 = models.CharField(_("SHA-256 of the file"), max_length=64, blank=True)
    outcome = models.CharField(_("outcome"), max_length=16, choices=Outcome.choices, blank=True)
    # A background import (from the admin) is queued, runs in a worker, then is done.
    state = models.CharField(_("state"), max_length=16, choices=State.choices, default=State.DONE)
    options = models.JSONField(_("options"), default=dict, blank=True)
    language = models.CharField(_("language of the report"), max_length=8, blank=True)
    summary = models.TextField(_("summary"), blank=True)
    sheet = models.CharField(_("sheet read"), max_length=100, blank=True)
    merged = models.PositiveIntegerField(_("repeated rows merged"), default=0)
    warnings = models.JSONField(_("warnings"), default=list, blank=True)
    # The uploaded file (kept so the worker reads it and a dry run can be imported without
    # choosing the file again) and the rejected rows to fix: in the database, so the
    # worker needs no shared disk, and never under MEDIA_URL (they may hold private data).
    upload = models.BinaryField(_("uploaded file"), null=True, blank=True, editable=False)
    rejected_rows = models.BinaryField(_("rejected rows"), null=True, blank=True, editable=False)
    created = models.PositiveIntegerField(_("calls created"), default=0)
    updated = models.PositiveIntegerField(_("calls updated"), default=0)
    unchanged = models.PositiveIntegerField(_("calls unchanged"), default=0)
    error_count = models.PositiveIntegerField(_("errors"), default=0)
    # The report: [{"row", "column", "message"}] and [{"row", "action", "title", "call_id", "changed"}].
    errors = models.JSONField(_("errors"), default=list, blank=True)
    rows = models.JSONField(_("rows"), default=list, blank=True)
    funders_created = models.JSONField(_("new funders"), default=list, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("spreadsheet import")
        verbose_name_plural = _("spreadsheet imports")

    def __str__(self) -> str:
        return f"{self.filename or _('(no file name)')} — {self.created_at:%Y-%m-%d %H:%M}"
