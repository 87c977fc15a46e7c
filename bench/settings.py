"""Settings for the benchmark server: the portal's own settings (DEBUG off, from the
environment bench/funds_list.py sets) plus a urlconf with a bare view as the ceiling."""

from network_portal.settings import *  # noqa: F403

ROOT_URLCONF = "bench.urls"
