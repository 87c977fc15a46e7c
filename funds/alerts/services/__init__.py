"""Writes for alerts, reminders and notification preferences.

Scheduled work (see tasks.py and the beat schedule) recomputes what is due from the
database every time, so every service here is safe to run twice or concurrently:
uniqueness lives in constraints (AlertDelivery, CallAnnouncement, DeadlineReminder) and in
the outbox keys of the emails (see emails.py).

- alerts: alerts people control, notification preferences, one-click unsubscribe;
- unsubscribe_links: revoking the unsubscribe links sent so far;
- matcher: matching newly announced calls against every alert (see matching.py);
- delivery: instant alert emails and daily / weekly digests;
- bookmarks: deadline reminders and notices when a bookmarked call changes.
"""

from .alerts import *  # noqa: F403
from .bookmarks import *  # noqa: F403
from .delivery import *  # noqa: F403
from .matcher import *  # noqa: F403
from .unsubscribe_links import *  # noqa: F403
