"""Text search where PostgreSQL's full-text search is not available (SQLite: `make run`
on a bare machine), with the same syntax the search box promises and PostgreSQL's
`websearch_to_tsquery` honours:

- words: every one must appear (in the title, funder, summary, tags or description);
- `"a phrase"`: those words, in that order, next to each other;
- `-word` or `-"a phrase"`: calls that contain it are left out;
- `or` between two terms: either will do (`grants or loans`).

Matching is by substring (SQL LIKE), so a word typed in part still finds longer ones,
as the prefix search does on PostgreSQL. A title hit ranks first (`rank`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.db.models import Case, FloatField, Q, QuerySet, Value, When

MAX_TERMS = 8  # as many as PostgreSQL's prefix search takes words (search.words.MAX_SEARCH_WORDS)
SEARCHED_FIELDS = ("title", "summary", "description", "funder__name", "tags")

# A term: an optional "-", then a "quoted phrase" (the closing quote may be missing) or a
# run of characters up to the next space or quote.
_TERM = re.compile(r'(?P<minus>-?)(?:"(?P<phrase>[^"]*)"?|(?P<word>[^\s"]+))')


@dataclass(frozen=True)
class Term:
    text: str  # a word or the words of a phrase, joined by single spaces
    excluded: bool = False


def parse_search(value: str) -> list[list[Term]]:
    """The query as alternatives (joined by `or`), each a list of terms that must all
    hold. Punctuation inside words is a separator, as PostgreSQL's parser treats it."""
    alternatives: list[list[Term]] = [[]]
    count = 0
    for match in _TERM.finditer(value):
        excluded = bool(match["minus"])
        if match["phrase"] is not None:
            words = re.findall(r"\w+", match["phrase"])
            texts = [" ".join(words)] if words else []
        else:
            if not excluded and match["word"].lower() == "or":
                if alternatives[-1]:
                    alternatives.append([])
                continue
            texts = re.findall(r"\w+", match["word"])
            # "-e-learning" excludes the phrase "e learning", as PostgreSQL does.
            texts = [" ".join(texts)] if excluded and texts else texts
        for text in texts:
            if count == MAX_TERMS:
                break
            alternatives[-1].append(Term(text=text, excluded=excluded))
            count += 1
    return [terms for terms in alternatives if terms]


def _contains(text: str) -> Q:
    condition = Q()
    for field in SEARCHED_FIELDS:
        condition |= Q(**{f"{field}__icontains": text})
    return condition


def search_portable(queryset: QuerySet, value: str) -> QuerySet:
    """The calls matching `value` (see the module's docstring), with a `rank` annotation:
    per wanted term, 1 for a title hit, 0.4 for the summary or tags, 0.1 elsewhere."""
    alternatives = parse_search(value)
    if not alternatives:  # nothing searchable typed ("!!!")
        return queryset.none().annotate(rank=Value(0.0, output_field=FloatField()))
    condition = Q()
    rank = Value(0.0, output_field=FloatField())
    for terms in alternatives:
        every = Q()
        for term in terms:
            every &= ~_contains(term.text) if term.excluded else _contains(term.text)
            if not term.excluded:
                rank = rank + Case(
                    When(title__icontains=term.text, then=Value(1.0)),
                    When(Q(summary__icontains=term.text) | Q(tags__icontains=term.text), then=Value(0.4)),
                    default=Value(0.1),
                    output_field=FloatField(),
                )
        condition |= every
    return queryset.filter(condition).annotate(rank=rank)
