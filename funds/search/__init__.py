"""Full-text search of funding calls.

- `vectors.py`: the weighted search vector of each call (PostgreSQL), kept by the services.
- `words.py`: what a search for some words means — the one rule the list's filter, an
  alert's check and the alert matcher all use (`FundingCallQuerySet.matching`).
- `text_page.py`: the list page's measured fast path for a text search, fenced here on
  purpose (README.md says why and which benchmark pins it).
"""

from .vectors import SEARCH_CONFIG, update_search_vectors

__all__ = ["SEARCH_CONFIG", "update_search_vectors"]
