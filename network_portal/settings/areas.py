"""Logging, and the knobs of the portal's own apps (page size, the network map, funds,
sessions, coaching, translations, lessons)."""

from .base import VAR_DIR, env

# --- Logging --------------------------------------------------------------------------
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="INFO")},
    "loggers": {"django.db.backends": {"level": "WARNING"}},
}

PORTAL_PAGE_SIZE = 24
# The network map links two organizations when what they share weighs at least this much
# (a keyword 2, a skills category 1, a language other than English 1: members/network/graph.py).
NETWORK_MAP_LINK_THRESHOLD = env.int("NETWORK_MAP_LINK_THRESHOLD", default=3)
# Per-category open counts on /funds/ are cached this many seconds: freshness for speed, see
# bench/README.md.
FUNDS_FACET_CACHE_SECONDS = env.int("FUNDS_FACET_CACHE_SECONDS", default=120)
# Sessions (events/): how long a seat offered to the waiting list stays open, in hours;
# shorter when the session is close (events/offers.py: offer_window).
EVENTS_OFFER_HOURS = env.int("EVENTS_OFFER_HOURS", default=24)

# Coaching requests' private documents: outside MEDIA_ROOT, served only by a
# permission-checked view (coaching/requests/views.py).
PRIVATE_MEDIA_ROOT = env.path("PRIVATE_MEDIA_ROOT", default=VAR_DIR / "private")
COACHING_DOCUMENT_MAX_BYTES = env.int("COACHING_DOCUMENT_MAX_BYTES", default=10 * 1024 * 1024)
# Volunteer translators: hours a volunteer has to answer an offer before it passes on;
# shorter near the deadline (coaching/translations/services/offers.py: offer_window).
TRANSLATION_OFFER_HOURS = env.int("TRANSLATION_OFFER_HOURS", default=48)
# How many library lessons a member may have awaiting staff review at once (coaching/lessons).
LESSONS_PENDING_MAX = env.int("LESSONS_PENDING_MAX", default=5)
