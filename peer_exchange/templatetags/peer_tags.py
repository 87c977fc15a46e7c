from django import template
from django.utils.safestring import mark_safe

from core.markdown import render_markdown

register = template.Library()


@register.filter(name="peer_markdown")
def peer_markdown(text: str) -> str:
    """A summary or guide page: bounded Markdown, sanitised by core.markdown (nh3)."""
    return mark_safe(render_markdown(text or ""))  # noqa: S308 - sanitised by core.markdown
