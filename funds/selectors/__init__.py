"""Reads of the public catalogue: every page's queries and joins are decided here, once.

- `lists.py`: the list page — a visitor's selection (`call_search`), its category
  counts and one page of it; the exports, feeds and calendar start from the same
  selection.
- `calls.py`: one call's page, its related calls and calendar; a selection's exports,
  feeds and calendar; a person's bookmarks and dismissals.

A text search's list page has its own measured path, fenced in funds/search/text_page.py.
"""

from .calls import (
    CALENDAR_MAX_EVENTS,
    EXPORT_MAX_ROWS,
    FEED_MAX_ITEMS,
    RELATED_MAX,
    bookmarked_calls,
    call_calendar_items,
    call_export_rows,
    call_feed_items,
    call_get_for_calendar,
    call_get_for_display,
    call_get_public,
    call_related,
    dismissed_calls,
)
from .lists import (
    CallSearch,
    call_category_open_counts,
    call_page,
    call_search,
    clean_page_number,
    filter_choices,
    public_calls,
)

__all__ = [
    "CALENDAR_MAX_EVENTS",
    "EXPORT_MAX_ROWS",
    "FEED_MAX_ITEMS",
    "RELATED_MAX",
    "CallSearch",
    "bookmarked_calls",
    "call_calendar_items",
    "call_category_open_counts",
    "call_export_rows",
    "call_feed_items",
    "call_get_for_calendar",
    "call_get_for_display",
    "call_get_public",
    "call_page",
    "call_related",
    "call_search",
    "clean_page_number",
    "dismissed_calls",
    "filter_choices",
    "public_calls",
]
