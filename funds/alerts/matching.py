"""Matching new funding calls against every saved alert, a batch of calls at a time.

The matcher answers "which alerts does each of these calls match?" with ONE statement
per batch of calls on PostgreSQL (an INSERT … SELECT into AlertMatch), however many alerts
exist: the query count grows with the number of batches, never with the number of alerts.

How the statement stays fast with tens of thousands of alerts
-------------------------------------------------------------
Most alerts name a skills category, so the statement first pairs each such alert only
with the calls of the batch in one of its categories (an equi-join on the alerts' M2M
table); alerts without categories meet every call. Each pair met must then be tested
cheaply: each other criterion of an alert is also kept as a 64-bit *signature*
(`Alert.*_bits`, written by the services through `sync_alert_signature`): every value
sets one of bits 0-61 (crc32 of the value), and an empty criterion ("any") sets every
bit. The call side of the batch
is computed here in Python with the same functions, always with bit 62 (ANY_BIT) set,
and passed as arrays. A pair survives a criterion when `alert_bits & call_bits <> 0`:
one AND, whether the alert's criterion is empty or not. A call open worldwide sets every
region and country bit.

Bits are a pre-filter: two values may share a bit. Vocabularies whose values all get
distinct bits (checked at import, see EXACT_KINDS) need nothing more; for the others,
and for countries and languages, an exact check on the text columns runs after the bit
test, i.e. only on the few pairs that are nearly matches.
The full-text test (`search_vector @@ websearch_to_tsquery(...)`) and the dismissal
anti-join come last for the same reason.

Semantics mirror the /funds/ filters (funds/filters.py), so "view these results" shows
what the alert emails about: any of the chosen categories, instruments, funder types,
applicant types and languages; a region or country matches calls open worldwide, calls
whose region index holds the region, and (for a country) calls that list the country or
explicitly its region; amounts bound `amount_usd`; words are matched as /funds/ does
(websearch syntax, or every word as a prefix).

On other databases (SQLite, local development) the fallback runs the per-alert ORM
filter (`selectors.alert_matching_calls`) over the batch: simpler and slower.
"""

from __future__ import annotations

import re
import zlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from functools import cache

from django.db import connection
from django.db.models import Exists, OuterRef
from django.utils import timezone

from funds.choices import ApplicantType, FunderType, Instrument
from funds.filters import prefix_tsquery
from funds.models import CallDismissal, FundingCall
from funds.search import SEARCH_CONFIG
from members.models import User
from members.regions import Region, countries_in_region, region_for_country

from .models import Alert, AlertMatch

SIGNATURE_BITS = 62  # values use bits 0..61 of a signed 64-bit integer
ANY_BIT = 1 << 62  # set on every call: an alert's "any" (ALL_BITS) always shares it
ALL_BITS = (1 << 63) - 1  # an empty criterion: accepts every call
MATCH_WORK_MEM = "64MB"


def value_bit(value: str) -> int:
    """The signature bit of one vocabulary value (stable across processes and releases)."""
    return 1 << (zlib.crc32(str(value).encode()) % SIGNATURE_BITS)


def bits_of(values: Iterable[str]) -> int:
    bits = 0
    for value in values:
        if value:
            bits |= value_bit(value)
    return bits


def _distinct_bits(values: Iterable[str]) -> bool:
    values = list(values)
    return len({value_bit(v) for v in values}) == len(values)


# Closed vocabularies whose values all have distinct bits: a shared bit means a shared
# value, so no exact check is needed. Computed, not assumed: adding a value that
# collides simply turns the exact check on for that criterion.
EXACT_KINDS: frozenset[str] = frozenset(
    kind
    for kind, values in (
        ("region", Region.values),
        ("instrument", Instrument.values),
        ("funder_type", FunderType.values),
        ("applicant_type", ApplicantType.values),
    )
    if _distinct_bits(values)
)


# --- The alert side ------------------------------------------------------------------


_SEARCH_OPERATORS = re.compile(r'["-]|\bor\b', flags=re.IGNORECASE)


def search_prefix(q: str) -> str:
    """The prefix tsquery /funds/ adds to a plain search (`youth:* & apprentice:*`), or ""
    when the words use websearch operators (then /funds/ uses websearch alone)."""
    q = (q or "").strip()
    if not q or _SEARCH_OPERATORS.search(q):
        return ""
    return prefix_tsquery(q)


def _or_all(bits: int) -> int:
    return bits or ALL_BITS


def alert_signature(*, alert: Alert) -> dict[str, object]:
    """The derived columns of an alert from its criteria (see the module docstring):
    ALL_BITS for an empty criterion, the bits of its values otherwise."""
    countries = [c.upper() for c in alert.countries or []]
    return {
        "search_prefix": search_prefix(alert.q),
        "region_bits": _or_all(bits_of(alert.regions or [])),
        "country_bits": _or_all(bits_of(countries)),
        # The regions of the chosen countries: a call listing one of them explicitly is
        # open to the country. 0 without countries (the country test passes anyway).
        "country_region_bits": bits_of(region_for_country(c) for c in countries),
        "instrument_bits": _or_all(bits_of(alert.instruments or [])),
        "funder_type_bits": _or_all(bits_of(alert.funder_types or [])),
        "applicant_type_bits": _or_all(bits_of(alert.applicant_types or [])),
        "language_bits": _or_all(bits_of(alert.languages or [])),
    }


SIGNATURE_FIELDS = (
    "search_prefix",
    "region_bits",
    "country_bits",
    "country_region_bits",
    "instrument_bits",
    "funder_type_bits",
    "applicant_type_bits",
    "language_bits",
)


def sync_alert_signature(alert: Alert) -> Alert:
    """Set the alert's derived columns from its criteria (not saved). Categories need no
    signature: the matcher joins the alerts' M2M table."""
    for name, value in alert_signature(alert=alert).items():
        setattr(alert, name, value)
    return alert


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
    region_countries: tuple[str, ...]
    category_ids: tuple[int, ...]
    languages: tuple[str, ...]
    amount_usd: Decimal | None

    @staticmethod
    def listed(values: Iterable) -> str:
        """",a,b," — the MultiChoiceField form, for exact checks with strpos/LIKE."""
        values = [str(v) for v in values if v]
        return f",{','.join(values)}," if values else ""


def load_call_facts(call_ids: Sequence[int]) -> list[CallFacts]:
    """Three queries, whatever the number of calls."""
    ids = list(call_ids)
    if not ids:
        return []
    categories: dict[int, list[int]] = {}
    for call_id, category_id in FundingCall.categories.through.objects.filter(fundingcall_id__in=ids).values_list(
        "fundingcall_id", "skillcategory_id"
    ):
        categories.setdefault(call_id, []).append(category_id)
    languages: dict[int, list[str]] = {}
    for call_id, code in FundingCall.languages.through.objects.filter(fundingcall_id__in=ids).values_list(
        "fundingcall_id", "language__code"
    ):
        languages.setdefault(call_id, []).append(code)
    rows = (
        FundingCall.objects.filter(pk__in=ids)
        .order_by("pk")
        .values_list(
            "pk", "instrument", "funder__type", "applicant_types", "is_global", "region_index",
            "eligible_regions", "eligible_countries", "amount_usd",
        )
    )
    facts = []
    for pk, instrument, funder_type, applicant_types, is_global, region_index, eligible_regions, countries, amount in rows:
        facts.append(
            CallFacts(
                id=pk,
                instrument=instrument or "",
                funder_type=funder_type or "",
                applicant_types=tuple(applicant_types or ()),
                is_global=bool(is_global),
                region_index=tuple(region_index or ()),
                eligible_regions=tuple(eligible_regions or ()),
                countries=_country_codes(countries),
                region_countries=(
                    () if "region" in EXACT_KINDS
                    else tuple(code for r in eligible_regions or () for code in countries_in_region(r))
                ),
                category_ids=tuple(sorted(categories.get(pk, ()))),
                languages=tuple(sorted(languages.get(pk, ()))),
                amount_usd=amount,
            )
        )
    return facts


def _country_codes(value) -> tuple[str, ...]:
    """CountryField(multiple=True) reads back as "GH,NG" through values_list."""
    if isinstance(value, str):
        value = value.split(",")
    return tuple(str(getattr(c, "code", c)).strip().upper() for c in value or () if c)


def _batch_arrays(facts: Sequence[CallFacts]) -> dict[str, list]:
    def call_bits(bits: int, *, everything: bool = False) -> int:
        return ALL_BITS if everything else bits | ANY_BIT

    return {
        "ids": [f.id for f in facts],
        "instrument": [f.instrument for f in facts],
        "instrument_bits": [call_bits(bits_of([f.instrument])) for f in facts],
        "funder_type": [f.funder_type for f in facts],
        "funder_type_bits": [call_bits(bits_of([f.funder_type])) for f in facts],
        "applicant_types": [CallFacts.listed(f.applicant_types) for f in facts],
        "applicant_type_bits": [call_bits(bits_of(f.applicant_types)) for f in facts],
        "is_global": [f.is_global for f in facts],
        "region_index": [CallFacts.listed(f.region_index) for f in facts],
        "region_bits": [call_bits(bits_of(f.region_index), everything=f.is_global) for f in facts],
        "explicit_region_bits": [bits_of(f.eligible_regions) for f in facts],
        "countries": [CallFacts.listed(f.countries) for f in facts],
        "region_countries": [CallFacts.listed(f.region_countries) for f in facts],
        "country_bits": [call_bits(bits_of(f.countries), everything=f.is_global) for f in facts],
        "category_call_ids": [f.id for f in facts for _category in f.category_ids],
        "category_ids": [category for f in facts for category in f.category_ids],
        "languages": [CallFacts.listed(f.languages) for f in facts],
        "language_bits": [call_bits(bits_of(f.languages)) for f in facts],
    }


# --- PostgreSQL: one INSERT … SELECT per batch ------------------------------------------
# The SQL is assembled from code constants only (table names from the models' _meta,
# column names, SEARCH_CONFIG); every value travels as a query parameter. Hence the
# S608 exemptions below.


def _any_shared(alert_column: str, call_column: str) -> str:
    """Exact test: one of the alert's ",a,b," values is in the call's ",x,y," list."""
    return (
        f"EXISTS (SELECT 1 FROM unnest(string_to_array(a.{alert_column}, ',')) AS v(value) "  # noqa: S608
        f"WHERE v.value <> '' AND strpos(b.{call_column}, ',' || v.value || ',') > 0)"
    )


BIT_COLUMNS = (
    # Tested on every pair met in stage 1, in this order (the most selective first).
    "applicant_type_bits",
    "instrument_bits",
    "region_bits",
    "language_bits",
    "funder_type_bits",
)


def _exact(bits: str, check: str) -> str:
    """An exact check for the alerts that set the criterion (bits are only a pre-filter)."""
    return f"(a.{bits} = {ALL_BITS} OR {check})"


@cache
def _postgres_sql() -> str:
    """The statement for one batch.

    Stage 1 (`candidates`) pairs alerts with calls on narrow rows of integers. Alerts
    that name categories meet only the calls in one of them, by an equi-join on the
    alerts' M2M table (exact, and most alerts name a category); the others meet every
    call. Each pair met is tested with one AND per remaining criterion. Stage 2 joins the
    pairs left to the full rows for the exact checks, amounts, words and dismissals, and
    inserts what survives."""
    alert = Alert._meta.db_table
    alert_categories = Alert.categories.through._meta.db_table
    match = AlertMatch._meta.db_table
    user = User._meta.db_table
    call = FundingCall._meta.db_table
    dismissal = CallDismissal._meta.db_table

    bit_tests = " AND ".join(f"(a.{col} & b.{col}) <> 0" for col in BIT_COLUMNS)
    country_test = (
        "(((a.country_bits & b.country_bits) <> 0 AND (a.country_bits = {all} OR b.is_global OR {exact}))"
        " OR ((a.country_region_bits & b.explicit_region_bits) <> 0{region_exact}))"
    ).format(
        all=ALL_BITS,
        exact=_any_shared("countries", "countries"),
        region_exact="" if "region" in EXACT_KINDS else " AND " + _any_shared("countries", "region_countries"),
    )
    exact_checks = [country_test, _exact("language_bits", _any_shared("languages", "languages"))]
    if "instrument" not in EXACT_KINDS:
        exact_checks.append(_exact("instrument_bits", "strpos(a.instruments, ',' || b.instrument || ',') > 0"))
    if "funder_type" not in EXACT_KINDS:
        exact_checks.append(_exact("funder_type_bits", "strpos(a.funder_types, ',' || b.funder_type || ',') > 0"))
    if "applicant_type" not in EXACT_KINDS:
        exact_checks.append(_exact("applicant_type_bits", _any_shared("applicant_types", "applicant_types")))
    if "region" not in EXACT_KINDS:
        exact_checks.append(_exact("region_bits", f"b.is_global OR {_any_shared('regions', 'region_index')}"))
    exact_checks += [
        "(a.amount_min_usd IS NULL OR c.amount_usd >= a.amount_min_usd)",
        "(a.amount_max_usd IS NULL OR c.amount_usd <= a.amount_max_usd)",
        # Words as /funds/ reads them: websearch syntax, or (without operators) also
        # every word as a prefix. Parsed per pair, but only for the pairs left.
        f"(a.q = '' OR c.search_vector @@ websearch_to_tsquery('{SEARCH_CONFIG}', a.q)"
        f" OR (a.search_prefix <> '' AND c.search_vector @@ to_tsquery('{SEARCH_CONFIG}', a.search_prefix)))",
        f"NOT EXISTS (SELECT 1 FROM {dismissal} d WHERE d.user_id = a.user_id AND d.call_id = b.call_id)",  # noqa: S608
    ]
    checks = "\n      AND ".join(exact_checks)
    narrow_alert_columns = ", ".join(f"a.{col}" for col in BIT_COLUMNS)
    return f"""
WITH batch AS MATERIALIZED (
    SELECT * FROM unnest(
        %(ids)s::bigint[], %(applicant_type_bits)s::bigint[],
        %(instrument_bits)s::bigint[], %(region_bits)s::bigint[], %(language_bits)s::bigint[],
        %(funder_type_bits)s::bigint[], %(country_bits)s::bigint[], %(explicit_region_bits)s::bigint[],
        %(is_global)s::boolean[], %(instrument)s::text[], %(funder_type)s::text[],
        %(applicant_types)s::text[], %(region_index)s::text[], %(countries)s::text[],
        %(region_countries)s::text[], %(languages)s::text[]
    ) AS b(call_id, applicant_type_bits, instrument_bits, region_bits, language_bits,
           funder_type_bits, country_bits, explicit_region_bits, is_global, instrument, funder_type,
           applicant_types, region_index, countries, region_countries, languages)
),
batch_categories AS MATERIALIZED (
    SELECT * FROM unnest(%(category_call_ids)s::bigint[], %(category_ids)s::bigint[]) AS bc(call_id, category_id)
),
narrow_batch AS MATERIALIZED (
    SELECT call_id, {", ".join(BIT_COLUMNS)} FROM batch
),
narrow_alerts AS MATERIALIZED (
    SELECT a.id, {narrow_alert_columns},
           EXISTS (SELECT 1 FROM {alert_categories} ac WHERE ac.alert_id = a.id) AS has_categories
    FROM {alert} a JOIN {user} u ON u.id = a.user_id
    WHERE NOT a.paused AND u.is_active
),
candidates AS MATERIALIZED (
    SELECT DISTINCT a.id AS alert_id, b.call_id
    FROM batch_categories bc
    JOIN {alert_categories} ac ON ac.skillcategory_id = bc.category_id
    JOIN narrow_alerts a ON a.id = ac.alert_id
    JOIN narrow_batch b ON b.call_id = bc.call_id
    WHERE {bit_tests}
    UNION ALL
    SELECT a.id, b.call_id
    FROM narrow_alerts a CROSS JOIN narrow_batch b
    WHERE NOT a.has_categories AND {bit_tests}
),
inserted AS (
    INSERT INTO {match} (alert_id, call_id, state, created_at)
    SELECT a.id, b.call_id, %(pending)s, %(now)s
    FROM candidates p
    JOIN {alert} a ON a.id = p.alert_id
    JOIN batch b ON b.call_id = p.call_id
    JOIN {call} c ON c.id = p.call_id
    WHERE {checks}
    ON CONFLICT (alert_id, call_id) DO NOTHING
    RETURNING call_id
)
SELECT call_id, count(*) FROM inserted GROUP BY call_id
"""  # noqa: S608


def _match_postgres(facts: Sequence[CallFacts], *, now) -> dict[int, int]:
    params = _batch_arrays(facts)
    params.update(now=now, pending=AlertMatch.State.PENDING)
    sql = _postgres_sql()
    with connection.cursor() as cursor:
        # Local to the batch's transaction: room for its hash tables in memory, and no
        # JIT compilation (measured slower than interpreting this one-off statement).
        cursor.execute(f"SET LOCAL work_mem = '{MATCH_WORK_MEM}'")
        cursor.execute("SET LOCAL jit = off")
        cursor.execute(sql, params)
        return dict(cursor.fetchall())


# --- Other databases: the per-alert ORM filter over the batch ---------------------------


def _match_portable(facts: Sequence[CallFacts], *, now) -> dict[int, int]:
    from .selectors import alert_matching_calls

    ids = [f.id for f in facts]
    counts: dict[int, int] = {}
    alerts = Alert.objects.active().prefetch_related("categories").order_by("pk")
    for alert in alerts.iterator(chunk_size=500):
        dismissed = CallDismissal.objects.filter(user_id=alert.user_id, call_id=OuterRef("pk"))
        call_ids = list(
            alert_matching_calls(alert, calls=FundingCall.objects.filter(pk__in=ids))
            .exclude(Exists(dismissed))
            .values_list("pk", flat=True)
        )
        if not call_ids:
            continue
        existing = set(AlertMatch.objects.filter(alert=alert, call_id__in=call_ids).values_list("call_id", flat=True))
        new = [AlertMatch(alert=alert, call_id=c, created_at=now) for c in call_ids if c not in existing]
        AlertMatch.objects.bulk_create(new, ignore_conflicts=True)
        for match in new:
            counts[match.call_id] = counts.get(match.call_id, 0) + 1
    return counts


def match_calls(call_ids: Sequence[int], *, now=None) -> dict[int, int]:
    """Record an AlertMatch for every active alert each call matches, skipping pairs that
    exist (a call never reaches an alert twice), paused alerts, inactive owners and calls
    the owner dismissed. Returns {call id: new matches}. Run it inside a transaction."""
    facts = load_call_facts(call_ids)
    if not facts:
        return {}
    now = now or timezone.now()
    if connection.vendor == "postgresql":
        return _match_postgres(facts, now=now)
    return _match_portable(facts, now=now)


__all__ = [
    "EXACT_KINDS",
    "SIGNATURE_FIELDS",
    "CallFacts",
    "alert_signature",
    "load_call_facts",
    "match_calls",
    "search_prefix",
    "sync_alert_signature",
]
