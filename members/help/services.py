"""Writes of find help: sending a message, a member's offer of help, opting out."""

from __future__ import annotations

import uuid

from django.core import signing
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from core.audit.services import log_action
from core.errors import DomainError
from core.mail import absolute_url, send_templated_email, send_to_user
from core.text import multi_line, single_line
from members.models import MemberProfile, User

from .models import ContactMessage, HelpKind, HelpOffer, IloContact, IloOffice, TechnicalAdvisor

OPT_OUT_SALT = "findhelp.opt-out"
RECIPIENT_FIELDS = {
    "member": ("to_member", MemberProfile),
    "advisor": ("to_advisor", TechnicalAdvisor),
    "office": ("to_office", IloOffice),
    "contact": ("to_contact", IloContact),
}
UI_LANGUAGES = ("en", "fr", "es")


class ContactError(DomainError):
    """A message find help refuses to send (str(error) says why)."""


def recipient_kind(recipient) -> str:
    for kind, (_field, model) in RECIPIENT_FIELDS.items():
        if isinstance(recipient, model):
            return kind
    raise ValueError(f"Not a find-help recipient: {recipient!r}")


def opt_out_token(recipient) -> str:
    """A signed token naming `recipient`, for the opt-out link in every message."""
    return signing.dumps([recipient_kind(recipient), recipient.pk], salt=OPT_OUT_SALT)


def recipient_from_token(token: str):
    """The recipient a token names, or None (bad signature, unknown kind, gone)."""
    try:
        kind, pk = signing.loads(token, salt=OPT_OUT_SALT)
    except (signing.BadSignature, ValueError, TypeError):
        return None
    entry = RECIPIENT_FIELDS.get(kind)
    if entry is None or not isinstance(pk, int):
        return None
    return entry[1].objects.filter(pk=pk).first()


def _accepts(recipient) -> bool:
    if isinstance(recipient, MemberProfile):
        offer = HelpOffer.objects.filter(profile=recipient).first()
        return (
            (offer is None or offer.accepts_contact)
            and recipient.user.is_active
            and recipient.membership == MemberProfile.Membership.APPROVED
        )
    return recipient.accepts_contact and recipient.is_active


def _language(recipient) -> str:
    """The language to write to a directory entry in: the first of the portal's languages
    it speaks (English otherwise)."""
    spoken = set(recipient.languages.values_list("code", flat=True))
    return next((code for code in UI_LANGUAGES if code in spoken), "en")


@transaction.atomic
def contact_send(
    *, sender: User, recipient, subject: str, body: str, request_key: uuid.UUID, kind: str = ""
) -> ContactMessage:
    """Send `recipient` (a member's profile, an advisor, an ILO office or contact) a
    message from `sender`, an approved member. The recipient's address is never shown
    to the sender; the message gives the sender's name and, as Reply-To, their address,
    plus a link to opt out of further messages.

    Idempotent per `request_key` (the form's): a second call with the same key returns
    the first message and sends nothing. Raises PermissionDenied for a sender who is not
    a member, ContactError when the recipient opted out, is oneself, or the text is
    empty. Rate limits are the view's (core.ratelimit)."""
    if sender is None or not sender.is_active or not sender.is_network_member:
        raise PermissionDenied
    existing = ContactMessage.objects.filter(request_key=request_key).first()
    if existing is not None:
        if existing.sender_id != sender.pk:
            raise ContactError(_("This message form has expired. Please write your message again."))
        return existing
    subject, body = single_line(subject or "")[:150], multi_line(body or "").strip()
    if not subject or not body:
        raise ContactError(_("Write a subject and a message."))
    field, model = RECIPIENT_FIELDS[recipient_kind(recipient)]
    recipient = model.objects.select_for_update().get(pk=recipient.pk)
    if isinstance(recipient, MemberProfile) and recipient.user_id == sender.pk:
        raise ContactError(_("You cannot write to yourself."))
    if not _accepts(recipient):
        raise ContactError(_("This person or office does not accept messages through the portal."))
    try:
        with transaction.atomic():
            message = ContactMessage.objects.create(
                sender=sender,
                subject=subject,
                body=body,
                kind=kind if kind in HelpKind.values else "",
                request_key=request_key,
                **{field: recipient},
            )
    except IntegrityError:  # the same form sent twice at once: the first one won
        return ContactMessage.objects.get(request_key=request_key, sender=sender)
    context = {
        "message": message,
        "sender_name": sender.get_full_name(),
        "recipient_name": str(recipient),
        "opt_out_path_token": opt_out_token(recipient),
    }
    headers = {"Reply-To": sender.email}
    key = f"findhelp-message:{message.pk}"
    if isinstance(recipient, MemberProfile):
        context["opt_out_url"] = absolute_url(
            "findhelp:opt-out",
            language=recipient.preferred_language or "en",
            token=context["opt_out_path_token"],
        )
        send_to_user(
            user=recipient.user,
            template="findhelp/emails/message",
            context=context,
            key=key,
            headers=headers,
        )
    else:
        language = _language(recipient)
        context["opt_out_url"] = absolute_url(
            "findhelp:opt-out", language=language, token=context["opt_out_path_token"]
        )
        send_templated_email(
            to=recipient.email,
            template="findhelp/emails/message",
            context=context,
            language=language,
            key=key,
            headers=headers,
        )
    log_action(
        obj=message,
        action="findhelp.contact.sent",
        actor=sender,
        data={"to": recipient_kind(recipient), "to_id": recipient.pk, "kind": message.kind},
    )
    return message


@transaction.atomic
def help_offer_update(
    *, profile: MemberProfile, actor: User, kinds: list[str], accepts_contact: bool
) -> HelpOffer:
    """A member says what help they offer and whether members may write to them."""
    if actor is None or actor.pk != profile.user_id:
        raise PermissionDenied
    kinds = list(dict.fromkeys(kinds))
    if not set(kinds) <= set(HelpKind.values):
        raise ContactError(_("Choose kinds of help from the list."))
    offer, _created = HelpOffer.objects.select_for_update().get_or_create(profile=profile)
    changes = {}
    if offer.kinds != kinds:
        changes["kinds"] = [offer.kinds, kinds]
    if offer.accepts_contact != bool(accepts_contact):
        changes["accepts_contact"] = [offer.accepts_contact, bool(accepts_contact)]
    if changes or _created:
        offer.kinds, offer.accepts_contact = kinds, bool(accepts_contact)
        offer.save()
        log_action(obj=offer, action="findhelp.offer.updated", actor=actor, changes=changes)
    return offer


@transaction.atomic
def recipient_opt_out(*, recipient, actor: User | None = None):
    """Stop `recipient` from being suggested or written to (the link in every message,
    which needs no sign-in: the signed token is the proof). Idempotent."""
    if isinstance(recipient, MemberProfile):
        target, _created = HelpOffer.objects.select_for_update().get_or_create(profile=recipient)
    else:
        target = type(recipient).objects.select_for_update().get(pk=recipient.pk)
    if target.accepts_contact:
        target.accepts_contact = False
        target.save(update_fields=["accepts_contact"])
        log_action(
            obj=target,
            action="findhelp.recipient.opted_out",
            actor=actor,
            changes={"accepts_contact": [True, False]},
        )
    return target
