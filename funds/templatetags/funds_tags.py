"""Template helpers for the funding-calls pages: sanitised Markdown (rendered by
core.markdown), lifecycle labels, labels of multi-choice codes. Markup lives in templates:
cards in funds/components/call_card.html, fields in components/form_field.html, deadlines
in funds/components/deadline.html (Django's own {% load tz %} |timezone filter, which the
date filter then leaves alone)."""

from __future__ import annotations

from django import template
from django.utils.safestring import mark_safe

from core.markdown import render_markdown
from taxonomy.regions import Region

from ..choices import ApplicantType, Lifecycle

register = template.Library()

@register.filter(name="markdown")
def markdown_filter(text: str) -> str:
    """A call description as sanitised HTML, headings from h3 (core.markdown)."""
    return mark_safe(render_markdown(text or ""))  # noqa: S308 - sanitised by nh3 in render_markdown


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
