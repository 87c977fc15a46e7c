"""The one way the portal sends email.

Callers (services) name a template and a recipient; the message is rendered in the
recipient's language with an HTML and a plain-text part. Templates live at
`<app>/templates/<template>_subject.txt`, `<template>.txt` and `<template>.html`.

Messages go through the outbox (core.outbox): the rendered message is stored
in the caller's transaction and sent by a Celery worker after commit, so a rolled-back
transaction sends nothing and a message is never sent twice for the same `key`.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation

from core.outbox.models import Email
from core.outbox.services import email_queue

logger = logging.getLogger(__name__)


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
) -> Email | None:
    """Render one email and put it in the outbox; it is sent after the current
    transaction commits (immediately when there is none).

    `key` names the logical message (e.g. "membership-decision:42"): while a message
    with that key exists, later calls return it and neither render nor send anything.
    Without a key every call is a new message. `headers` (e.g. List-Unsubscribe) are
    added to the message. Returns the outbox row, or None when `to` is empty.
    Never raises because the broker is down: the row then waits for the beat sweeper.
    """
    if not to:
        logger.warning("send_templated_email: no recipient for %s (key %s); skipped", template, key)
        return None
    if key:
        existing = Email.objects.filter(key=key).first()
        if existing is not None:
            return existing
    rendered = render_email(template=template, context=context, language=language)
    return email_queue(
        key=key,
        to=to,
        subject=rendered.subject,
        text=rendered.text,
        html=rendered.html,
        headers=headers,
        language=language or settings.LANGUAGE_CODE,
        template=template,
    )
