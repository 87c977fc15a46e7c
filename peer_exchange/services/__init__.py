"""Peer exchange's writes (keyword-only, each owns its transaction, checks who may act,
raises PeerExchangeError, writes one audit entry)."""

from .hosts import (
    host_assign,
    host_offer_set,
    host_reminders_send,
    host_swap_request,
    host_swap_take,
    hostless_alerts_send,
)
from .outputs import output_file_add, output_publish, output_save, output_set_public
from .series import series_generate
from .topics import (
    topic_close,
    topic_merge,
    topic_propose,
    topic_schedule,
    topic_unvote,
    topic_vote,
)

__all__ = [
    "host_assign", "host_offer_set", "host_reminders_send", "host_swap_request", "host_swap_take",
    "hostless_alerts_send", "output_file_add", "output_publish", "output_save", "output_set_public",
    "series_generate", "topic_close", "topic_merge", "topic_propose", "topic_schedule", "topic_unvote",
    "topic_vote",
]  # fmt: skip
