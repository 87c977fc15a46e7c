"""Volunteer translations' writes, split by job: offers (matching, answers, expiry),
requests (ask, cancel, deliver), volunteers (the member's setting). Import from here."""

from ..errors import NotYourOffer, TranslationError
from .offers import (
    OFFER_SALT,
    candidates,
    offer_accept,
    offer_decline,
    offer_from_token,
    offer_is_answerable,
    offer_next,
    offer_token,
    offer_window,
    offers_expire,
    untaken_before_deadline,
)
from .requests import (
    checked_kind,
    max_bytes,
    translation_deliver,
    translation_request_cancel,
    translation_request_create,
)
from .volunteers import volunteer_save, volunteer_set_available, volunteer_stop

__all__ = [
    "OFFER_SALT",
    "NotYourOffer",
    "TranslationError",
    "candidates",
    "checked_kind",
    "max_bytes",
    "offer_accept",
    "offer_decline",
    "offer_from_token",
    "offer_is_answerable",
    "offer_next",
    "offer_token",
    "offer_window",
    "offers_expire",
    "translation_deliver",
    "translation_request_cancel",
    "translation_request_create",
    "untaken_before_deadline",
    "volunteer_save",
    "volunteer_set_available",
    "volunteer_stop",
]
