"""What a search for some words means, on PostgreSQL (websearch syntax or every word as a
prefix, ranked over the weighted vector) and elsewhere (SQLite in local development: the same syntax
matched by substring, portable.py). The list's filter, an alert's check and the alert
matcher all search through these, so a word finds the same calls everywhere."""

from __future__ import annotations

import re

from django.contrib.postgres.search import SearchQuery, SearchRank
from django.db import connection
from django.db.models import F, QuerySet, Value

from .portable import search_portable  # SQLite: the same syntax, by substring
from .vectors import SEARCH_CONFIG

MAX_SEARCH_WORDS = 8


def _words(value: str) -> list[str]:
    return re.findall(r"\w+", value)[:MAX_SEARCH_WORDS]


def prefix_tsquery(value: str) -> str:
    """`youth apprentice` → `youth:* & apprentice:*`, so that a word typed in part still
    finds "apprenticeship". Only \\w characters survive, so the result is always valid
    tsquery syntax whatever the visitor typed."""
    return " & ".join(f"{w}:*" for w in _words(value))


def search_query(value: str) -> SearchQuery:
    """websearch syntax ("a phrase", -word, or) OR every word as a prefix."""
    query = SearchQuery(value, search_type="websearch", config=SEARCH_CONFIG)
    prefix = prefix_tsquery(value)
    if prefix and not re.search(r'["-]|\bor\b', value, flags=re.IGNORECASE):
        query = query | SearchQuery(prefix, search_type="raw", config=SEARCH_CONFIG)
    return query


def search_postgres(queryset: QuerySet, value: str, *, ranked: bool = True) -> QuerySet:
    """The calls matching search_query(value), ranked (`rank`) with ts_rank over the
    weighted vector (title A > funder/summary/tags B > description C) unless ranked=False."""
    query = search_query(value)
    queryset = queryset.filter(search_vector=query)
    if not ranked:
        return queryset
    return queryset.annotate(
        rank=SearchRank(F("search_vector"), query, normalization=Value(0))
    )


def search_words(queryset: QuerySet, value: str, *, ranked: bool = True) -> QuerySet:
    """The calls of `queryset` matching the words `value` on this database: ranked
    (`rank`) full-text search on PostgreSQL, the portable fallback elsewhere."""
    value = (value or "").strip()
    if not value:
        return queryset
    if connection.vendor == "postgresql":
        return search_postgres(queryset, value, ranked=ranked)
    return search_portable(queryset, value)
