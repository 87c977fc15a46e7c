"""The portal's django-allauth adapter.

- Every new account gets an (empty) member profile, so preferences exist from day one.
- allauth's emails (confirmation, password reset, notices) go through the portal's outbox
  like every other email, and every link in them starts with SITE_URL: never with the
  Host header of the request that caused the email (a forged Host would otherwise put the
  attacker's domain in front of a reset key).
- Sign-up never tells whether an address has an account: allauth's enumeration prevention
  answers "check your inbox" either way, and this adapter makes both paths cost the same
  (the password is hashed and an email is rendered and queued on both), and turns a lost
  race between two simultaneous sign-ups for one address into that same answer, not a 500.
"""

from __future__ import annotations

import secrets
from types import SimpleNamespace
from urllib.parse import quote, urlsplit, urlunsplit

from allauth.account.adapter import DefaultAccountAdapter
from allauth.core.exceptions import ImmediateHttpResponse
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import translation

# Set on the request by the sign-up paths below (allauth creates a new adapter per call,
# so the adapter instance cannot remember anything between calls of one request).
_HASH_DONE = "_portal_signup_password_hashed"
_EXISTS_MAIL_QUEUED = "_portal_account_exists_mail_queued"


def site_url(path: str) -> str:
    """An absolute URL on the portal's canonical origin (SITE_URL) for a site path."""
    return settings.SITE_URL + path


def rebase_on_site_url(url: str) -> str:
    """`url` with its scheme and host replaced by SITE_URL's (path, query and fragment kept)."""
    parts = urlsplit(url)
    site = urlsplit(settings.SITE_URL)
    return urlunsplit((site.scheme, site.netloc, parts.path, parts.query, parts.fragment))


class AccountAdapter(DefaultAccountAdapter):
    # --- sign-up ------------------------------------------------------------------------

    def get_client_ip(self, request) -> str:
        # The portal's one rule for who a client is behind the proxy (TRUSTED_PROXY_COUNT /
        # TRUSTED_CLIENT_IP_HEADER); allauth's own raises on a short X-Forwarded-For.
        from core.ratelimit import client_ip

        return client_ip(request)

    def save_user(self, request, user, form, commit=True):
        if not commit:
            return super().save_user(request, user, form, commit=False)
        from .services import profile_ensure

        try:
            # A savepoint: the account and its profile exist together or not at all.
            with transaction.atomic():
                user = super().save_user(request, user, form, commit=True)
                profile_ensure(user=user, language=getattr(request, "LANGUAGE_CODE", "en"))
        except IntegrityError:
            email = form.cleaned_data.get("email") or ""
            if not email or not get_user_model().objects.filter(email__iexact=email).exists():
                raise
            # A simultaneous sign-up for the same address committed first. Answer exactly
            # as allauth answers a sign-up for a taken address (its owner is emailed, this
            # visitor is asked to check their inbox); the password was already hashed.
            from allauth.account.internal.flows.signup import prevent_enumeration

            setattr(request, _HASH_DONE, True)
            raise ImmediateHttpResponse(prevent_enumeration(request, email=email)) from None
        setattr(request, _HASH_DONE, True)
        return user

    def respond_email_verification_sent(self, request, user):
        if user is None:
            # allauth reaches this without a user only for a sign-up with an address that
            # already has an account (enumeration prevention). A new account costs one
            # password hash and one rendered, queued email: do the same work here.
            self._match_new_account_cost(request)
        return super().respond_email_verification_sent(request, user)

    def _match_new_account_cost(self, request) -> None:
        if not getattr(request, _HASH_DONE, False):
            make_password(request.POST.get("password1") or secrets.token_urlsafe(16))
            setattr(request, _HASH_DONE, True)
        if not getattr(request, _EXISTS_MAIL_QUEUED, False):
            # allauth's per-address limit skipped the "account already exists" email (one
            # was sent minutes ago). A new address is never limited: render the message
            # anyway and show the same "confirmation sent" notice.
            from allauth.account.internal.flows.email_verification import (
                add_email_verification_sent_message,
            )

            email = (request.POST.get("email") or "").strip().lower()
            if email:
                self.render_mail(
                    "account/email/account_already_exists",
                    email,
                    {**self._account_exists_context(), "email": email, **self._site_context()},
                )
                add_email_verification_sent_message(request, email, signup=True)

    # --- links in emails: always on SITE_URL ----------------------------------------------

    def get_email_confirmation_url(self, request, emailconfirmation) -> str:
        return site_url(reverse("account_confirm_email", args=[emailconfirmation.key]))

    def get_reset_password_from_key_url(self, key: str) -> str:
        # As allauth builds it: one opaque "<uidb36>-<key>" segment.
        path = reverse("account_reset_password_from_key", kwargs={"uidb36": "UID", "key": "KEY"})
        return site_url(path.replace("UID-KEY", quote(key)))

    def _account_exists_context(self) -> dict:
        return {
            "signup_url": site_url(reverse("account_signup")),
            "password_reset_url": site_url(reverse("account_reset_password")),
        }

    def send_account_already_exists_mail(self, email: str) -> None:
        from allauth.core import context as allauth_context

        if allauth_context.request is not None:
            setattr(allauth_context.request, _EXISTS_MAIL_QUEUED, True)
        self.send_mail("account/email/account_already_exists", email, self._account_exists_context())

    # --- sending through the outbox -------------------------------------------------------

    def send_mail(self, template_prefix: str, email: str, context: dict) -> None:
        from core.outbox.services import email_queue

        # Any other "…_url" allauth builds from the request (e.g. the sign-up link in the
        # "unknown account" email) is moved onto SITE_URL as well.
        context = {
            key: rebase_on_site_url(value)
            if key.endswith("_url") and isinstance(value, str) and value.startswith(("http://", "https://"))
            else value
            for key, value in context.items()
        }
        # allauth renders in the active language (the page the person is on).
        language = (translation.get_language() or "en")[:2]
        message = self.render_mail(template_prefix, email, {**context, "email": email, **self._site_context()})
        html = next((body for body, mimetype in getattr(message, "alternatives", []) if mimetype == "text/html"), "")
        text = message.body if message.content_subtype == "plain" else ""
        if message.content_subtype == "html":
            html, text = message.body, text
        email_queue(
            to=email,
            subject=message.subject,
            text=text,
            html=html,
            headers=dict(message.extra_headers),
            language=language,
            template=template_prefix,
            key=None,
        )

    def _site_context(self) -> dict:
        """allauth's templates sign with `current_site.name` and `.domain`: the domain is
        SITE_URL's too (the sites table keeps whatever it was when migrations ran)."""
        from allauth.core import context as allauth_context
        from django.contrib.sites.models import Site

        site = Site.objects.filter(pk=settings.SITE_ID).first()
        current_site = SimpleNamespace(
            name=site.name if site else "Skills Innovation Network", domain=urlsplit(settings.SITE_URL).netloc
        )
        return {"request": allauth_context.request, "current_site": current_site}
