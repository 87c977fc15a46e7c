"""The one way the portal sends email.

Callers (services) name a template and a recipient; the message is rendered in the
recipient's language with an HTML and a plain-text part. Templates live at
`<app>/templates/<template>_subject.txt`, `<template>.txt` and `<template>.html`.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.utils import translation


@dataclass(frozen=True)
class RenderedEmail:
    subject: str
    text: str
    html: str


def render_email(*, template: str, context: dict, language: str = "en") -> RenderedEmail:
    context = {"SITE_URL": settings.SITE_URL, **context}
    with translation.override(language or settings.LANGUAGE_CODE):
        subject = " ".join(render_to_string(f"{template}_subject.txt", context).split())
        text = render_to_string(f"{template}.txt", context)
        html = render_to_string(f"{template}.html", context)
    return RenderedEmail(subject=subject, text=text, html=html)


def send_templated_email(
    *,
    to: str,
    template: str,
    context: dict,
    language: str = "en",
    key: str | None = None,
    headers: dict[str, str] | None = None,
) -> None:
    """Render and send one email. `key` names the logical message (e.g.
    "membership-decision:42") so that the outbox can refuse to send it twice."""
    rendered = render_email(template=template, context=context, language=language)
    message = EmailMultiAlternatives(
        subject=rendered.subject, body=rendered.text, to=[to], headers=headers or {}
    )
    message.attach_alternative(rendered.html, "text/html")
    message.send()
