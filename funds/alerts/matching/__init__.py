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

Each alert's criteria are a `funds.criteria.CallCriteria` (the object the /funds/ filters
and the alert form build too), indexed field by field (`alerts.KIND_OF_FIELD`). The
semantics are those of `FundingCallQuerySet.matching`, which `selectors.
alert_matching_calls` applies per alert and tests/funds/test_criteria.py compares with
the matcher for every field (the tests use it as the oracle): any of the chosen
categories, types of support, funder types, applicant types and languages; a region
matches calls open worldwide and calls whose region index holds it; a country matches
calls open worldwide, calls that list it, and calls that explicitly list its region;
amount bounds need a USD amount on the call; words are matched as /funds/ does (websearch
syntax, or every word as a prefix). Paused alerts, inactive owners and calls the owner
dismissed never match.

Files: `alerts.py` (the alert side: criteria rows and the numpy index), `calls.py` (what
the matcher knows of each call), `words.py` (the one query per batch for words),
`batch.py` (a batch against every chunk of alerts).
"""

from .alerts import ALERT_CHUNK, SIGNATURE_FIELDS, AlertIndex, search_prefix, sync_alert_signature
from .batch import BatchMatches, ChunkMatches, iter_matches, match_calls
from .calls import CallFacts, load_call_facts

__all__ = [
    "ALERT_CHUNK",
    "SIGNATURE_FIELDS",
    "AlertIndex",
    "BatchMatches",
    "CallFacts",
    "ChunkMatches",
    "iter_matches",
    "load_call_facts",
    "match_calls",
    "search_prefix",
    "sync_alert_signature",
]
