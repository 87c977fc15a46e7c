"""Demo data for the funding-calls map: about 300 realistic calls from about 40 funders.

`seed(stdout=...)` is called by `manage.py seed_demo`. Idempotent: it does nothing when
demo calls already exist. Deterministic (random.Random(2026)) apart from dates, which are
relative to today so that the map always shows upcoming, open, closing-soon, closed and
rolling calls. Fast: bulk inserts and one search-vector update at the end.
"""

from .generator import seed

__all__ = ["seed"]
