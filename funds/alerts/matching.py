"""Matching newly announced funding calls against every saved alert, a batch at a time.

The question is "which alerts does each of these calls match?", for a batch of up to a
thousand calls and tens of thousands of alerts. Asking the database once per alert costs a
round trip and a query plan per alert; pairing every alert with every call in SQL costs
~50 million pair tests per 1,000 calls, and writing a row per matching pair costs more
still (bench/README.md has the figures). So the matcher turns the question around:

1. It loads the batch's calls (`load_call_facts`, three queries) and, streamed a chunk of
   alerts at a time from one query, the criteria of every active alert.
2. For each chunk it builds an *inverted index* in numpy: for each criterion kind
   (category, region, country, type of support, funder type, who can apply, language)
   and each value, the positions of the alerts that ask for it, plus a mask of the
   alerts that leave the criterion empty ("any"). Amount bounds are two float columns.
3. A call's matching alerts are then a handful of vectorised operations: for each kind,
   "any" OR the alerts listing one of the call's values, all ANDed together with the
   amount test, the words test and the dismissals: a fraction of a millisecond per call
   and chunk of alerts, index building included (bench/README.md has the figures).
4. Words are the one criterion that needs the database (the call's weighted tsvector):
   one query per batch tests every *distinct* set of alert words against the batch's
   calls (`_word_matches`), so 10,000 alerts that share 200 phrasings cost 200 × calls
   tests, not 10,000 × calls.

The result is, for each alert, the list of calls of the batch it matches; the services
store it as one `AlertInbox` row per alert (services/matcher.py). Queries per batch are a
constant handful whatever the number of alerts; memory is bounded by the alert chunk and
the batch.

Semantics mirror the /funds/ filters (funds/filters.py) and `selectors.alert_matching_calls`
(the per-alert ORM filter, which the tests use as the oracle): any of the chosen
categories, types of support, funder types, applicant types and languages; a region
matches calls open worldwide and calls whose region index holds it; a country matches
calls open worldwide, calls that list it, and calls that explicitly list its region;
amount bounds need a USD amount on the call; words are matched as /funds/ does (websearch
syntax, or every word as a prefix). Paused alerts, inactive owners and calls the owner
dismissed never match.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from decimal import Decimal

import numpy as np
from django.db import connection
from django.db.models import CharField, StringAgg, Value
from django.db.models.functions import Cast

from funds.filters import prefix_tsquery, search_portable
from funds.models import CallDismissal, FundingCall
from funds.search import SEARCH_CONFIG
from taxonomy.regions import region_for_country

from .models import Alert

# Alerts loaded and indexed at a time (one server-side cursor, fetched in chunks): bounds
# the matcher's memory whatever the number of alerts.
ALERT_CHUNK = 10_000

# Criterion kinds tested through the inverted index, in the order they are applied.
KINDS = ("category", "applicant_type", "instrument", "region", "language", "funder_type", "country")


# --- The alert side ------------------------------------------------------------------

_SEARCH_OPERATORS = re.compile(r'["-]|\bor\b', flags=re.IGNORECASE)


def search_prefix(q: str) -> str:
    """The prefix tsquery /funds/ adds to a plain search (`youth:* & apprentice:*`), or ""
    when the words use websearch operators (then /funds/ uses websearch alone)."""
    q = (q or "").strip()
    if not q or _SEARCH_OPERATORS.search(q):
        return ""
    return prefix_tsquery(q)


SIGNATURE_FIELDS = ("search_prefix",)


def sync_alert_signature(alert: Alert) -> Alert:
    """Set the alert's derived columns from its criteria (not saved)."""
    alert.search_prefix = search_prefix(alert.q)
    return alert


@dataclass(frozen=True)
class AlertRow:
    """The criteria of one active alert, as the matcher reads them."""

    id: int
    user_id: int
    words: tuple[str, str] | None  # (q, its prefix form), None without words
    amount_min: float
    amount_max: float
    values: dict[str, tuple]  # kind -> values; an empty tuple means "any"


def _listed(value) -> tuple[str, ...]:
    """A MultiChoiceField as read by values_list (",a,b," or a list) -> ("a", "b")."""
    if isinstance(value, str):
        value = value.split(",")
    return tuple(str(v) for v in value or () if v)


def _alert_rows(chunk_size: int) -> Iterator[AlertRow]:
    """Every active alert with its criteria, from one query (streamed on PostgreSQL)."""
    rows = (
        Alert.objects.active()
        .order_by("pk")
        .annotate(
            category_list=StringAgg(
                Cast("categories__id", output_field=CharField()), delimiter=Value(","), default=""
            )
        )
        .values_list(
            "pk", "user_id", "q", "search_prefix", "amount_min_usd", "amount_max_usd", "category_list",
            "regions", "countries", "instruments", "funder_types", "applicant_types", "languages",
        )
    )
    for (pk, user_id, q, prefix, amount_min, amount_max, category_list, regions, countries,
         instruments, funder_types, applicant_types, languages) in rows.iterator(chunk_size=chunk_size):
        country_codes = tuple(c.upper() for c in _listed(countries))
        yield AlertRow(
            id=pk,
            user_id=user_id,
            words=(q.strip(), prefix or "") if q and q.strip() else None,
            amount_min=float(amount_min) if amount_min is not None else -np.inf,
            amount_max=float(amount_max) if amount_max is not None else np.inf,
            values={
                "category": tuple(int(c) for c in (category_list or "").split(",") if c),
                "region": _listed(regions),
                "country": country_codes,
                "country_region": tuple({r for c in country_codes if (r := region_for_country(c))}),
                "instrument": _listed(instruments),
                "funder_type": _listed(funder_types),
                "applicant_type": _listed(applicant_types),
                "language": _listed(languages),
            },
        )


class AlertIndex:
    """A chunk of alerts as numpy columns and inverted lists (see the module docstring)."""

    def __init__(self, rows: Sequence[AlertRow]):
        n = len(rows)
        self.size = n
        self.ids = np.fromiter((r.id for r in rows), dtype=np.int64, count=n)
        self.amount_min = np.fromiter((r.amount_min for r in rows), dtype=np.float64, count=n)
        self.amount_max = np.fromiter((r.amount_max for r in rows), dtype=np.float64, count=n)
        self.has_bounds = (self.amount_min > -np.inf) | (self.amount_max < np.inf)
        lists: dict[str, dict[object, list[int]]] = defaultdict(lambda: defaultdict(list))
        words: dict[tuple[str, str], list[int]] = defaultdict(list)
        users: dict[int, list[int]] = defaultdict(list)
        self.any = {kind: np.ones(n, dtype=bool) for kind in KINDS}
        for i, row in enumerate(rows):
            users[row.user_id].append(i)
            if row.words is not None:
                words[row.words].append(i)
            for kind, values in row.values.items():
                if values and kind in self.any:
                    self.any[kind][i] = False
                for value in values:
                    lists[kind][value].append(i)
        self.lists = {
            kind: {value: np.asarray(positions, dtype=np.intp) for value, positions in by_value.items()}
            for kind, by_value in lists.items()
        }
        self.words = {key: np.asarray(positions, dtype=np.intp) for key, positions in words.items()}
        self.no_words = np.ones(n, dtype=bool)
        for positions in self.words.values():
            self.no_words[positions] = False
        self.users = {user: np.asarray(positions, dtype=np.intp) for user, positions in users.items()}

    def _accepting(self, kind: str, values: Iterable, *, start: np.ndarray | None = None) -> np.ndarray:
        """Alerts whose `kind` criterion accepts one of `values` (or is empty)."""
        mask = (self.any[kind] if start is None else start).copy()
        by_value = self.lists.get(kind, {})
        for value in values:
            positions = by_value.get(value)
            if positions is not None:
                mask[positions] = True
        return mask

    def match(self, call: CallFacts, *, word_keys: Iterable[tuple[str, str]], dismissed_by: Iterable[int]) -> np.ndarray:
        """The ids of the alerts of this chunk that `call` matches."""
        ok = self._accepting("category", call.category_ids)
        ok &= self._accepting("applicant_type", call.applicant_types)
        ok &= self._accepting("instrument", (call.instrument,))
        if not call.is_global:
            ok &= self._accepting("region", call.region_index)
            # A country alert: the call lists one of its countries, or explicitly the
            # region of one of them.
            by_country = self._accepting("country", call.countries)
            ok &= self._accepting("country_region", call.eligible_regions, start=by_country)
        ok &= self._accepting("language", call.languages)
        ok &= self._accepting("funder_type", (call.funder_type,))
        if call.amount_usd is None:
            ok &= ~self.has_bounds
        else:
            amount = float(call.amount_usd)
            ok &= (self.amount_min <= amount) & (amount <= self.amount_max)
        words = self.no_words.copy()
        for key in word_keys:
            positions = self.words.get(key)
            if positions is not None:
                words[positions] = True
        ok &= words
        for user_id in dismissed_by:
            positions = self.users.get(user_id)
            if positions is not None:
                ok[positions] = False
        return self.ids[ok]


# --- The call side -------------------------------------------------------------------


@dataclass(frozen=True)
class CallFacts:
    """What the matcher needs to know about one call."""

    id: int
    instrument: str
    funder_type: str
    applicant_types: tuple[str, ...]
    is_global: bool
    region_index: tuple[str, ...]
    eligible_regions: tuple[str, ...]
    countries: tuple[str, ...]
    category_ids: tuple[int, ...]
    languages: tuple[str, ...]
    amount_usd: Decimal | None


def load_call_facts(call_ids: Sequence[int]) -> list[CallFacts]:
    """Three queries, whatever the number of calls."""
    ids = list(call_ids)
    if not ids:
        return []
    categories: dict[int, list[int]] = defaultdict(list)
    for call_id, category_id in FundingCall.categories.through.objects.filter(fundingcall_id__in=ids).values_list(
        "fundingcall_id", "skillcategory_id"
    ):
        categories[call_id].append(category_id)
    languages: dict[int, list[str]] = defaultdict(list)
    for call_id, code in FundingCall.languages.through.objects.filter(fundingcall_id__in=ids).values_list(
        "fundingcall_id", "language__code"
    ):
        languages[call_id].append(code)
    rows = (
        FundingCall.objects.filter(pk__in=ids)
        .order_by("pk")
        .values_list(
            "pk", "instrument", "funder__type", "applicant_types", "is_global", "region_index",
            "eligible_regions", "eligible_countries", "amount_usd",
        )
    )
    return [
        CallFacts(
            id=pk,
            instrument=instrument or "",
            funder_type=funder_type or "",
            applicant_types=_listed(applicant_types),
            is_global=bool(is_global),
            region_index=_listed(region_index),
            eligible_regions=_listed(eligible_regions),
            countries=_country_codes(countries),
            category_ids=tuple(sorted(categories.get(pk, ()))),
            languages=tuple(sorted(languages.get(pk, ()))),
            amount_usd=amount,
        )
        for pk, instrument, funder_type, applicant_types, is_global, region_index, eligible_regions, countries, amount
        in rows
    ]


def _country_codes(value) -> tuple[str, ...]:
    """CountryField(multiple=True) reads back as "GH,NG" through values_list."""
    if isinstance(value, str):
        value = value.split(",")
    return tuple(str(getattr(c, "code", c)).strip().upper() for c in value or () if c)


# --- Words: one query per batch -------------------------------------------------------------


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


# --- The batch --------------------------------------------------------------------------


@dataclass
class ChunkMatches:
    """What one batch of calls matched in one chunk of alerts: `alert_ids[i]` matches the
    calls `calls[i]` (in batch order); `per_call` counts the alerts each call matched."""

    alert_ids: list[int]
    calls: list[np.ndarray]
    per_call: dict[int, int]


def iter_matches(call_ids: Sequence[int], *, chunk_size: int = ALERT_CHUNK) -> Iterator[ChunkMatches]:
    """The active alerts matching at least one of `call_ids`, with the calls each matches,
    a chunk of alerts at a time (so memory is bounded by the chunk, whatever the number
    of alerts). Reads only; run it in a transaction (alerts are streamed through a
    server-side cursor on PostgreSQL)."""
    facts = load_call_facts(call_ids)
    if not facts:
        return
    ids = np.asarray([f.id for f in facts], dtype=np.int64)
    words = _word_matches(ids.tolist())
    dismissed: dict[int, list[int]] = defaultdict(list)
    for call_id, user_id in CallDismissal.objects.filter(call_id__in=ids.tolist()).values_list("call_id", "user_id"):
        dismissed[call_id].append(user_id)

    def matches(rows: list[AlertRow]) -> ChunkMatches:
        index = AlertIndex(rows)
        hits = [index.match(f, word_keys=words.get(f.id, ()), dismissed_by=dismissed.get(f.id, ())) for f in facts]
        sizes = [h.size for h in hits]
        per_call = {f.id: size for f, size in zip(facts, sizes, strict=True) if size}
        alert_ids = np.concatenate(hits)
        if not alert_ids.size:
            return ChunkMatches(alert_ids=[], calls=[], per_call=per_call)
        calls = np.repeat(ids, sizes)
        order = np.argsort(alert_ids, kind="stable")  # stable: calls stay in batch order
        alert_ids, calls = alert_ids[order], calls[order]
        starts = np.flatnonzero(np.r_[True, alert_ids[1:] != alert_ids[:-1]])
        return ChunkMatches(
            alert_ids=alert_ids[starts].tolist(), calls=np.split(calls, starts[1:]), per_call=per_call
        )

    chunk: list[AlertRow] = []
    for row in _alert_rows(chunk_size):
        chunk.append(row)
        if len(chunk) >= chunk_size:
            yield matches(chunk)
            chunk = []
    if chunk:
        yield matches(chunk)


@dataclass
class BatchMatches:
    """Everything one batch of calls matched (for tests and small batches)."""

    by_alert: dict[int, list[int]]  # alert id -> ids of the calls it matches, in batch order
    per_call: dict[int, int]  # call id -> number of alerts it matches

    @property
    def pairs(self) -> int:
        return sum(self.per_call.values())


def match_calls(call_ids: Sequence[int], *, chunk_size: int = ALERT_CHUNK) -> BatchMatches:
    """`iter_matches`, gathered in one result."""
    result = BatchMatches(by_alert={}, per_call={})
    for chunk in iter_matches(call_ids, chunk_size=chunk_size):
        for alert_id, calls in zip(chunk.alert_ids, chunk.calls, strict=True):
            result.by_alert[alert_id] = calls.tolist()
        for call_id, count in chunk.per_call.items():
            result.per_call[call_id] = result.per_call.get(call_id, 0) + count
    return result


__all__ = [
    "SIGNATURE_FIELDS",
    "AlertIndex",
    "BatchMatches",
    "ChunkMatches",
    "iter_matches",
    "CallFacts",
    "load_call_facts",
    "match_calls",
    "search_prefix",
    "sync_alert_signature",
]
