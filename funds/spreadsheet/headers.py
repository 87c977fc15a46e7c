"""Finding the header row of a sheet: it may sit below a title row or notes (anywhere in
the first HEADER_SEARCH_ROWS rows), span two rows under a merged cell ("Amount" over
"Minimum" and "Maximum"), and be written in English, French or Spanish, in any case and
punctuation, words in any order."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from django.utils import translation

from .columns import COLUMNS, Column
from .values import clean_text, fold

__all__ = ["HEADER_SEARCH_ROWS", "HeaderRow", "find_header", "header_index", "header_key", "match_header"]

HEADER_SEARCH_ROWS = 10


def header_key(text) -> str:
    return re.sub(r"[^a-z0-9]", "", fold(str(text or "")))


def _words_key(text) -> str:
    return " ".join(sorted(re.findall(r"[a-z0-9]+", fold(str(text or "")))))


@cache
def header_index() -> dict[str, Column]:
    """Every accepted spelling of every column: its English header, its field name, its
    aliases and its header in each of the portal's languages."""
    index: dict[str, Column] = {}
    for column in COLUMNS:
        names = [column.key, *column.aliases]
        for language in ("en", "fr", "es"):
            with translation.override(language):
                names.append(str(column.header))
        for name in names:
            index.setdefault(header_key(name), column)
            index.setdefault(_words_key(name), column)
    return index


def match_header(text) -> Column | None:
    index = header_index()
    return index.get(header_key(text)) or index.get(_words_key(text))


@dataclass
class HeaderRow:
    index: int  # position in the rows given to find_header of the (last) header row
    headers: list[str]  # the header text of each column, "" for none
    columns: list[Column | None]

    @property
    def known(self) -> int:
        return len({c.key for c in self.columns if c is not None})


def _headers_of(values) -> list[str]:
    return [" ".join(clean_text(str(v)).split()) if v is not None else "" for v in values]


def _read(headers: list[str]) -> list[Column | None]:
    return [match_header(h) if h else None for h in headers]


def find_header(rows: list[list]) -> HeaderRow | None:
    """The most likely header among the first rows: the row (or pair of rows, the upper
    one carrying merged group titles) that names the most known columns. None when no
    row names at least two known columns (or the title alone)."""
    best: HeaderRow | None = None
    limit = min(len(rows), HEADER_SEARCH_ROWS)
    for i in range(limit):
        headers = _headers_of(rows[i])
        candidates = [HeaderRow(i, headers, _read(headers))]
        if i + 1 < len(rows):
            # Two header rows: "Amount" (merged over two columns) above "Minimum" / "Maximum".
            below = _headers_of(rows[i + 1])
            width = max(len(headers), len(below))
            upper = headers + [""] * (width - len(headers))
            lower = below + [""] * (width - len(below))
            combined = [f"{a} {b}".strip() if b and b != a else a for a, b in zip(upper, lower, strict=True)]
            pair = HeaderRow(i + 1, combined, _read(combined))
            # Cells that name a column on their own keep that reading.
            for position, (single, column) in enumerate(zip(_read(lower), pair.columns, strict=True)):
                if column is None and single is not None:
                    pair.columns[position], pair.headers[position] = single, lower[position]
            candidates.append(pair)
        for candidate in candidates:
            if best is None or candidate.known > best.known:
                best = candidate
    if best is None:
        return None
    has_title = any(c is not None and c.key == "title" for c in best.columns)
    if best.known >= 2 or (best.known == 1 and has_title):
        return best
    return None
