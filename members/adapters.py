from allauth.account.adapter import DefaultAccountAdapter
from django.utils import translation


class AccountAdapter(DefaultAccountAdapter):
    """Every new account gets an (empty) member profile, so preferences exist from day one,
    and allauth's emails (confirmation, password reset) go through the portal's outbox
    like every other email."""

    def save_user(self, request, user, form, commit=True):
        user = super().save_user(request, user, form, commit=commit)
        if commit:
            from .services import profile_ensure

            profile_ensure(user=user, language=getattr(request, "LANGUAGE_CODE", "en"))
        return user

    def send_mail(self, template_prefix: str, email: str, context: dict) -> None:
        from network_portal.outbox.services import email_queue

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
        from allauth.core import context as allauth_context
        from django.contrib.sites.shortcuts import get_current_site

        request = allauth_context.request
        return {"request": request, "current_site": get_current_site(request)}
