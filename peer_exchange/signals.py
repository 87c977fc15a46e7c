"""Documented hooks other apps connect to (badges counts hosting through this), so
peer_exchange imports no other area app and none imports its private modules.

`session_hosted(sender, *, user, session, hosted_count)`: sent once per session and host
when the host publishes the session's summary (the session has taken place).
"""

from django.dispatch import Signal

session_hosted = Signal()
