"""What coaching shows on a funding call's page (funds.hooks): its upcoming briefings."""

from __future__ import annotations

from . import selectors


def call_coaching_section(call, user) -> dict | None:
    sessions = selectors.sessions_for_call(call=call)
    if not sessions:
        return None
    return {
        "template": "coaching/includes/call_section.html",
        "context": {"coaching_sessions": sessions},
        "reminder_notes": [
            {"title": s.title, "starts_at": s.starts_at, "path": s.get_absolute_url()}
            for s in sessions
        ],
    }
