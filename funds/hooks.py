"""Extension points of the funds area for other apps, so funds imports none of them.

A call page section: an app registers a function `section(call, user)` returning
`{"template": ..., "context": {...}}` or None; the call page renders each one (coaching
lists a call's upcoming briefings this way). `call_reminder_notes(call)` gathers short
lines (e.g. "Briefing on 12 May") that deadline reminders add for bookmarkers.
"""

from __future__ import annotations

from collections.abc import Callable

_sections: list[Callable] = []


def register_call_section(section: Callable) -> None:
    if section not in _sections:
        _sections.append(section)


def call_sections(call, user) -> list[dict]:
    found = []
    for section in _sections:
        rendered = section(call, user)
        if rendered:
            found.append(rendered)
    return found


def call_reminder_notes(call) -> list[dict]:
    """Each section's `reminder_notes` (a list of {"text", "url"}) for this call."""
    notes = []
    for section in _sections:
        notes.extend((section(call, None) or {}).get("reminder_notes", []))
    return notes
