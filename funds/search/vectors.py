"""Full-text search vectors for funding calls (PostgreSQL).

Weights: A title; B funder name, summary and tags; C description. The 'simple'
configuration keeps words as written, so French and Spanish calls are found as well as
English ones (no language-specific stemming that would mangle the other two).
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db import connection

SEARCH_CONFIG = "simple"  # also spelled out in _UPDATE_SQL below

_UPDATE_SQL = """
UPDATE funds_fundingcall AS c SET search_vector =
    setweight(to_tsvector('simple', coalesce(c.title, '')), 'A') ||
    setweight(to_tsvector('simple', coalesce(f.name, '') || ' ' || coalesce(c.summary, '')
        || ' ' || replace(coalesce(c.tags, ''), ',', ' ')), 'B') ||
    setweight(to_tsvector('simple', coalesce(c.description, '')), 'C')
FROM funds_funder AS f
WHERE f.id = c.funder_id
"""


def update_search_vectors(call_ids: Iterable[int] | None = None) -> None:
    """Recompute the search vector of the given calls (all calls when None).

    A no-op on databases other than PostgreSQL, where search falls back to LIKE.
    Call it inside the writing service's transaction, after the rows are saved.
    """
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        if call_ids is None:
            cursor.execute(_UPDATE_SQL)
            return
        ids = list(call_ids)
        if ids:
            cursor.execute(_UPDATE_SQL + " AND c.id = ANY(%s)", [ids])
