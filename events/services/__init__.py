"""The engine's writes. Apps call these; see events/README.md for the contract."""

from .attendance import attendance_import, attendance_mark
from .registration import (
    offer_accept,
    offer_decline,
    offers_expire,
    registration_approve,
    registration_cancel,
    registration_refuse,
    registration_register,
    waitlist_move,
    waitlist_position,
)
from .series import session_series_create
from .sessions import (
    feedback_give,
    follow_ups_send,
    reminders_send,
    session_cancel,
    session_message,
    session_publish,
    session_set_capacity,
    session_update,
)

__all__ = [
    "attendance_import",
    "attendance_mark",
    "feedback_give",
    "follow_ups_send",
    "offer_accept",
    "offer_decline",
    "offers_expire",
    "registration_approve",
    "registration_cancel",
    "registration_refuse",
    "registration_register",
    "reminders_send",
    "session_cancel",
    "session_message",
    "session_publish",
    "session_series_create",
    "session_set_capacity",
    "session_update",
    "waitlist_move",
    "waitlist_position",
]
