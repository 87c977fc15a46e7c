"""Settings for the benchmark server: the portal's own settings (DEBUG off, from the
environment bench/funds_list.py sets) plus a urlconf with a bare view as the ceiling.

FUNDS_LIST_CACHE_SECONDS comes from --list-cache (default 0, as in the portal)."""

import os

from network_portal.settings import *  # noqa: F403

ROOT_URLCONF = "bench.urls"
FUNDS_LIST_CACHE_SECONDS = int(os.environ.get("FUNDS_LIST_CACHE_SECONDS", "0"))
