"""Settings for the Skills Innovation Network portal.

One source of truth driven by environment variables (and a `.env` file when present),
with safe local defaults so a fresh clone runs on SQLite with in-process tasks.
Production behaviour is switched on by `DJANGO_DEBUG=false`, not by a separate file.
Every variable is documented in README.md. Split by job:

    base.py       apps, middleware, templates, database, Redis/Celery, accounts, rate
                  limits, languages, static and media files, email
    security.py   cookies, HTTPS, HSTS, framing, the Content Security Policy
    areas.py      logging and the portal apps' own settings
"""

# base first: the others read its values.
from .base import *  # noqa: F403, I001
from .security import *  # noqa: F403
from .areas import *  # noqa: F403
