"""The alert side of the matcher: every active alert's criteria, read in one streamed
query, and a chunk of them as an inverted index in numpy (AlertIndex)."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
from django.db.models import CharField, StringAgg, Value
from django.db.models.functions import Cast

from funds.criteria import CallCriteria
from funds.search.words import prefix_tsquery
from taxonomy.regions import region_for_country

from ..models import Alert

if TYPE_CHECKING:
    from .calls import CallFacts


# Alerts loaded and indexed at a time (one server-side cursor, fetched in chunks): bounds
# the matcher's memory whatever the number of alerts.
ALERT_CHUNK = 10_000


# Criterion kinds tested through the inverted index, in the order they are applied.
KINDS = ("category", "applicant_type", "instrument", "region", "language", "funder_type", "country")


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


# The index's kind for each field of CallCriteria; words and amounts are tested apart
# (tests/funds/test_criteria.py fails when a field of the criteria is in neither).
KIND_OF_FIELD = {
    "category_ids": "category",
    "regions": "region",
    "countries": "country",
    "instruments": "instrument",
    "funder_types": "funder_type",
    "applicant_types": "applicant_type",
    "languages": "language",
}
TESTED_APART = ("q", "amount_min_usd", "amount_max_usd")


@dataclass(frozen=True)
class AlertRow:
    """The criteria of one active alert, as the matcher reads them."""

    id: int
    user_id: int
    words: tuple[str, str] | None  # (q, its prefix form), None without words
    amount_min: float
    amount_max: float
    values: dict[str, tuple]  # kind -> values; an empty tuple means "any"

    @classmethod
    def of(cls, *, id: int, user_id: int, criteria: CallCriteria, prefix: str) -> AlertRow:  # noqa: A002
        """The row of an alert with these criteria (`prefix`: its saved search_prefix)."""
        values = {kind: getattr(criteria, name) for name, kind in KIND_OF_FIELD.items()}
        # A country also accepts calls that explicitly list its region.
        values["country_region"] = tuple({r for c in criteria.countries if (r := region_for_country(c))})
        low, high = criteria.amount_min_usd, criteria.amount_max_usd
        return cls(
            id=id,
            user_id=user_id,
            words=(criteria.q, prefix or "") if criteria.q else None,
            amount_min=float(low) if low is not None else -np.inf,
            amount_max=float(high) if high is not None else np.inf,
            values=values,
        )


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
        # The criteria Alert.criteria() gives, from the columns of one query (written from
        # a CallCriteria by the services: normalised already).
        criteria = CallCriteria.from_columns(
            q=q.strip(),
            category_ids=tuple(int(c) for c in (category_list or "").split(",") if c),
            regions=_listed(regions),
            countries=tuple(c.upper() for c in _listed(countries)),
            instruments=_listed(instruments),
            funder_types=_listed(funder_types),
            applicant_types=_listed(applicant_types),
            languages=_listed(languages),
            amount_min_usd=amount_min,
            amount_max_usd=amount_max,
        )
        yield AlertRow.of(id=pk, user_id=user_id, criteria=criteria, prefix=prefix)


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
