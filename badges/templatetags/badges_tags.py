"""Template helpers for recognition pages."""

from __future__ import annotations

from django import template
from django.utils.safestring import mark_safe

from core.markdown import render_markdown

register = template.Library()


@register.filter
def criteria_html(text: str):
    """A badge's criteria (Markdown) as sanitised HTML (core.markdown)."""
    return mark_safe(render_markdown(text or "", top_heading=3))  # noqa: S308 - sanitised by nh3
