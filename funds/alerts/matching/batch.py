"""A batch of newly announced calls against every active alert, a chunk of alerts at a
time (the steps are in the package's docstring)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

import numpy as np

from funds.models import CallDismissal

from .alerts import ALERT_CHUNK, AlertIndex, AlertRow, _alert_rows
from .calls import load_call_facts
from .words import _word_matches


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
