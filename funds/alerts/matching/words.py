"""Words, the one criterion that needs the database (each call's weighted tsvector): one
query per batch tests every distinct phrasing of the active alerts against its calls."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

from django.db import connection

from funds.models import FundingCall
from funds.search import SEARCH_CONFIG
from funds.search.words import search_portable

from ..models import Alert


def _distinct_words() -> list[tuple[str, str]]:
    """Every distinct (words, prefix form) of the active alerts."""
    rows = Alert.objects.active().exclude(q="").order_by().values_list("q", "search_prefix").distinct()
    return sorted({(q.strip(), prefix or "") for q, prefix in rows if q and q.strip()})


# Every distinct phrasing against every call of the batch, each tsquery parsed once. The
# SQL is a constant (SEARCH_CONFIG is a code constant); values travel as parameters.
_WORDS_SQL = f"""
WITH words AS MATERIALIZED (
    SELECT w.i,
           websearch_to_tsquery('{SEARCH_CONFIG}', w.q) AS web,
           CASE WHEN w.prefix <> '' THEN to_tsquery('{SEARCH_CONFIG}', w.prefix) END AS prefix
    FROM unnest(%(qs)s::text[], %(prefixes)s::text[]) WITH ORDINALITY AS w(q, prefix, i)
),
batch AS MATERIALIZED (
    SELECT id, search_vector FROM {FundingCall._meta.db_table} WHERE id = ANY(%(ids)s::bigint[])
)
SELECT words.i, batch.id
FROM words CROSS JOIN batch
WHERE batch.search_vector @@ words.web OR batch.search_vector @@ words.prefix
"""  # noqa: S608


def _word_matches(call_ids: Sequence[int]) -> dict[int, set[tuple[str, str]]]:
    """{call id: the distinct alert phrasings that match it}, as /funds/ searches."""
    words = _distinct_words()
    found: dict[int, set[tuple[str, str]]] = defaultdict(set)
    if not words or not call_ids:
        return found
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(
                _WORDS_SQL, {"qs": [q for q, _p in words], "prefixes": [p for _q, p in words], "ids": list(call_ids)}
            )
            for position, call_id in cursor.fetchall():
                found[call_id].add(words[position - 1])
        return found
    # Other databases (SQLite in local development): /funds/'s fallback search, per phrasing.
    batch = FundingCall.objects.filter(pk__in=list(call_ids))
    for key in words:
        for call_id in search_portable(batch, key[0]).values_list("pk", flat=True):
            found[call_id].add(key)
    return found
