"""`course_markdown` (a course summary as safe HTML), `get_answer` (a quiz attempt's answer)
and `{% course_completions profile_user %}`, the profile's "Courses completed" section
(members/member_detail.html includes it)."""

from django import template
from django.utils.safestring import mark_safe

from core.markdown import render_markdown

from .. import selectors

register = template.Library()


@register.filter(name="course_markdown")
def course_markdown(text: str) -> str:
    return mark_safe(render_markdown(text or ""))  # noqa: S308 — sanitised by render_markdown


@register.inclusion_tag("courses/includes/profile_completions.html")
def course_completions(user) -> dict:
    return {"completions": list(selectors.completions_of(user=user))}


@register.filter(name="get_answer")
def get_answer(answers: dict, question_pk) -> int | None:
    """The answer number a quiz attempt chose for a question (its keys are strings)."""
    return (answers or {}).get(str(question_pk))
