"""Which call a row describes: an existing one (by Portal ID, else source URL once
normalised, else reference, else funder + title + deadline day) or an earlier row of the
same file (the same keys), so one call is never created twice."""

from __future__ import annotations

import datetime as dt
import zoneinfo
from collections import defaultdict

from django.utils.text import slugify
from django.utils.translation import gettext as _

from ..models import FundingCall
from ..services.curation import RESERVED_SLUGS, normalize_source_url
from .values import fold

__all__ = ["CallIndex", "MatchError", "row_keys"]


class MatchError(Exception):
    def __init__(self, column: str, message: str):
        super().__init__(message)
        self.column, self.message = column, message


def _deadline_day(deadline) -> str:
    if isinstance(deadline, dt.datetime):
        return deadline.date().isoformat()
    if isinstance(deadline, tuple):
        return deadline[0].isoformat()
    return ""


def row_keys(data: dict, funder_name: str | None = None) -> list[tuple]:
    """The keys a row is known by, strongest first."""
    keys = []
    if data.get("slug"):
        keys.append(("slug", data["slug"]))
    url = normalize_source_url(data.get("source_url") or "")
    if url:
        keys.append(("url", url))
    reference = fold(data.get("reference") or "")
    if reference:
        keys.append(("reference", reference))
    funder = fold(funder_name if funder_name is not None else data.get("funder") or "")
    if not url and not reference and funder and data.get("title"):
        keys.append(("funder-title-deadline", funder, fold(data["title"]), _deadline_day(data.get("deadline"))))
    return keys


class CallIndex:
    """The portal's calls by every key rows may use (one query)."""

    def __init__(self):
        self.by_slug: dict[str, int] = {}
        self.by_url: dict[str, list[int]] = defaultdict(list)
        self.by_reference: dict[str, list[int]] = defaultdict(list)
        self.by_funder_title: dict[tuple, list[int]] = defaultdict(list)
        self.reference_of: dict[int, str] = {}
        self.title_of: dict[int, str] = {}
        rows = FundingCall.objects.values_list(
            "pk", "slug", "source_url", "reference", "title", "funder__name", "deadline", "deadline_timezone"
        )
        for pk, slug, url, reference, title, funder, deadline, tz in rows:
            self.add(pk, slug=slug, url=url, reference=reference, title=title, funder=funder, deadline=deadline, tz=tz)

    def free_slug(self, title: str) -> str:
        """A slug for a new call free among the calls (the index holds them all) and not
        a page of the portal: what core.slugs.unique_slug finds, without a query per try."""
        base = slugify(title)[:300] or "call"
        slug, n = base, 2
        while slug in RESERVED_SLUGS or slug in self.by_slug:
            slug, n = f"{base}-{n}", n + 1
        return slug

    def add(self, pk: int, *, slug: str, url: str, reference: str, title: str, funder: str, deadline, tz: str) -> None:
        self.by_slug[slug] = pk
        if url:
            self.by_url[normalize_source_url(url)].append(pk)
        if reference:
            self.by_reference[fold(reference)].append(pk)
        day = deadline.astimezone(zoneinfo.ZoneInfo(tz or "UTC")).date().isoformat() if isinstance(deadline, dt.datetime) else ""
        self.by_funder_title[(fold(funder or ""), fold(title or ""), day)].append(pk)
        self.reference_of[pk] = fold(reference or "")
        self.title_of[pk] = fold(title or "")

    def match(self, data: dict, funder_name: str | None = None) -> int | None:
        """The existing call a row describes, or None for a new call. Raises MatchError
        when several calls match and nothing in the row tells them apart."""
        slug = data.get("slug") or ""
        if slug and slug in self.by_slug:
            return self.by_slug[slug]
        reference = fold(data.get("reference") or "")
        url = normalize_source_url(data.get("source_url") or "")
        if url and self.by_url.get(url):
            candidates = self.by_url[url]
            if len(candidates) > 1 and reference:
                candidates = [pk for pk in candidates if self.reference_of.get(pk) == reference] or candidates
            if len(candidates) > 1 and data.get("title"):
                candidates = [pk for pk in candidates if self.title_of.get(pk) == fold(data["title"])] or candidates
            if len(candidates) == 1:
                return candidates[0]
            raise MatchError("source_url", _("Several calls have this source URL: add their Portal ID or Reference."))
        if reference and self.by_reference.get(reference):
            candidates = self.by_reference[reference]
            if len(candidates) == 1:
                return candidates[0]
            raise MatchError("reference", _("Several calls have this reference: add their Portal ID."))
        for key in row_keys(data, funder_name):
            if key[0] == "funder-title-deadline":
                candidates = self.by_funder_title.get(key[1:], [])
                if len(candidates) == 1:
                    return candidates[0]
                if len(candidates) > 1:
                    raise MatchError("title", _("Several calls of this funder have this title and deadline: add their Portal ID."))
        return None
