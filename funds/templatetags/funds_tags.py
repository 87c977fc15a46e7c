"""Template helpers for the funding-calls pages: sanitised Markdown (rendered by
core.markdown), lifecycle labels, labels of multi-choice codes. Markup lives in templates:
cards in funds/components/call_card.html, fields in components/form_field.html, deadlines
in funds/components/deadline.html (Django's own {% load tz %} |timezone filter, which the
date filter then leaves alone)."""

from __future__ import annotations

from datetime import timedelta

from django import template
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import gettext, ngettext

from core.markdown import render_markdown
from taxonomy.regions import Region

from ..choices import ApplicantType, Lifecycle

register = template.Library()

# Below this, "time left" is said in days and hours ("1 day 23 hours"); from here on, in
# days rounded to the nearest one ("8 days" for 7 days 20 hours).
DAYS_AND_HOURS_BELOW = timedelta(days=7)

@register.filter(name="markdown")
def markdown_filter(text: str) -> str:
    """A call description as sanitised HTML, headings from h3 (core.markdown)."""
    return mark_safe(render_markdown(text or ""))  # noqa: S308 - sanitised by nh3 in render_markdown


@register.filter
def without_summary(description: str, summary: str) -> str:
    """A call's description without a paragraph that only repeats its summary (the page
    shows the summary just above): the first paragraph, or the one after a first heading."""
    blocks = (description or "").strip().split("\n\n")
    wanted = " ".join((summary or "").split())
    for index, block in enumerate(blocks[:2]):
        if wanted and " ".join(block.split()) == wanted:
            heading_left_empty = index == 1 and blocks[0].lstrip().startswith("#")
            return "\n\n".join(blocks[: 0 if heading_left_empty else index] + blocks[index + 1 :])
    return description


@register.filter
def lifecycle_label(value: str) -> str:
    try:
        return Lifecycle(value).label
    except ValueError:
        return ""


@register.filter
def region_labels(codes) -> list[str]:
    return [Region(c).label for c in codes or [] if c in Region.values]


@register.filter
def applicant_type_labels(codes) -> list[str]:
    return [ApplicantType(c).label for c in codes or [] if c in ApplicantType.values]


def _days(count: int) -> str:
    return ngettext("%(count)d day", "%(count)d days", count) % {"count": count}


def _hours(count: int) -> str:
    return ngettext("%(count)d hour", "%(count)d hours", count) % {"count": count}


def time_left_text(remaining: timedelta) -> str:
    """How long is left, never rounded down to a whole day: "5 hours", "1 day 23 hours"
    (under a week), "12 days" (from a week on, to the nearest day); "" once it is over."""
    if remaining.total_seconds() <= 0:
        return ""
    if remaining < timedelta(hours=1):
        return gettext("less than an hour")
    if remaining < DAYS_AND_HOURS_BELOW:
        days, hours = remaining.days, remaining.seconds // 3600
        if not days:
            return _hours(hours)
        if not hours:
            return _days(days)
        return gettext("%(days)s %(hours)s") % {"days": _days(days), "hours": _hours(hours)}
    return _days(round(remaining / timedelta(days=1)))


@register.filter
def time_left(call, now=None) -> str:
    """A call's time left before its deadline (time_left_text); "" for rolling calls,
    calls without a deadline and closed ones."""
    if getattr(call, "is_rolling", False) or not getattr(call, "deadline", None):
        return ""
    return time_left_text(call.deadline - (now or timezone.now()))
