"""The one way the portal sends email.

Callers (services) name a template and a recipient; the message is rendered in the
recipient's language with an HTML and a plain-text part. Templates live at
`<app>/templates/<template>_subject.txt`, `<template>.txt` and `<template>.html`.

Messages go through the outbox (core.outbox): the rendered message is stored
in the caller's transaction and sent by a Celery worker after commit, so a rolled-back
transaction sends nothing and a message is never sent twice for the same `key`.
"""

from __future__ import annotations

import contextlib
import logging
import zoneinfo
from dataclasses import dataclass

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from core.outbox.models import Email
from core.outbox.services import email_queue

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class RenderedEmail:
    subject: str
    text: str
    html: str


def render_email(
    *, template: str, context: dict, language: str = "en", time_zone: zoneinfo.ZoneInfo | None = None
) -> RenderedEmail:
    context = {"SITE_URL": settings.SITE_URL, **context}
    zone = timezone.override(time_zone) if time_zone is not None else contextlib.nullcontext()
    with translation.override(language or settings.LANGUAGE_CODE), zone:
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
    time_zone: zoneinfo.ZoneInfo | None = None,
    attachments: list[dict[str, str]] | None = None,
) -> Email | None:
    """Render one email and put it in the outbox; it is sent after the current
    transaction commits (immediately when there is none).

    `key` names the logical message (e.g. "membership-decision:42"): while a message
    with that key exists, later calls return it and neither render nor send anything.
    Without a key every call is a new message. `headers` (e.g. List-Unsubscribe) are
    added to the message; `attachments` are text files
    ({"filename", "content_type", "content"}, e.g. an .ics invitation); dates render in `time_zone` (default: the active one). Returns the outbox row, or None when `to` is empty.
    Never raises because the broker is down: the row then waits for the beat sweeper.
    """
    if not to:
        logger.warning("send_templated_email: no recipient for %s (key %s); skipped", template, key)
        return None
    if key:
        existing = Email.objects.filter(key=key).first()
        if existing is not None:
            return existing
    rendered = render_email(template=template, context=context, language=language, time_zone=time_zone)
    return email_queue(
        key=key,
        to=to,
        subject=rendered.subject,
        text=rendered.text,
        html=rendered.html,
        headers=headers,
        language=language or settings.LANGUAGE_CODE,
        template=template,
        attachments=attachments,
    )


# --- Mail to a person -------------------------------------------------------------------
# The person's choices live on their profile (members.MemberProfile). They are read by
# attribute, not imported, so the foundation depends on no app: a user without a
# profile reads the site's language and UTC.


def user_language(user) -> str:
    """The language a person reads the portal's emails in: their profile's choice when it
    is one of LANGUAGES, else LANGUAGE_CODE."""
    # A missing one-to-one row raises RelatedObjectDoesNotExist, an AttributeError.
    profile = getattr(user, "profile", None)
    language = (getattr(profile, "preferred_language", "") or settings.LANGUAGE_CODE)[:2]
    return language if language in {code for code, _name in settings.LANGUAGES} else settings.LANGUAGE_CODE


def user_time_zone(user) -> zoneinfo.ZoneInfo:
    """The person's time zone (their profile's), UTC when unset or unknown."""
    profile = getattr(user, "profile", None)
    try:
        return zoneinfo.ZoneInfo(getattr(profile, "time_zone", "") or "UTC")
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return zoneinfo.ZoneInfo("UTC")


def absolute_url(name: str, *, language: str, **kwargs) -> str:
    """The full address (SITE_URL + path) of URL `name` in `language`'s URL prefix."""
    with translation.override(language):
        return settings.SITE_URL + reverse(name, kwargs=kwargs or None)


def send_to_user(
    *,
    user,
    template: str,
    context: dict,
    key: str | None = None,
    headers: dict[str, str] | None = None,
    attachments: list[dict[str, str]] | None = None,
) -> Email | None:
    """`send_templated_email` to one person, in their language and time zone.

    The context also gets `recipient` (the user), `language` (so a caller's links can be
    built with `absolute_url(..., language=...)` before the call, or in the template with
    SITE_URL, which every email has). Nobody to tell (no user, an inactive account, no
    address) is not an error: nothing is queued and None is returned. Same contract as
    `send_templated_email` otherwise: idempotent per `key`, stored in the caller's
    transaction, sent after commit, never raises when the broker is down.
    """
    if user is None or not user.is_active or not user.email:
        return None
    language = user_language(user)
    return send_templated_email(
        to=user.email,
        template=template,
        context={"recipient": user, "language": language, **context},
        language=language,
        key=key,
        headers=headers,
        time_zone=user_time_zone(user),
        attachments=attachments,
    )
