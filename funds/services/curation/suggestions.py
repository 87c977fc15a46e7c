"""What members add: suggested calls, duplicate detection by source URL, funders."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from functools import lru_cache
from urllib.parse import parse_qsl, urlencode, urlsplit

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from core.audit.services import log_action
from core.slugs import unique_slug
from members.models import User

from ...choices import EditorialStatus, FunderType, Source
from ...models import Funder, FundingCall
from ...search import update_search_vectors
from .calls import CallError, _save_new, require_curator

# --- Member suggestions -----------------------------------------------------------------

# Query parameters added by newsletters, social networks and ad platforms: they do not
# change the page, so two links that differ only by them are the same source.
_TRACKING_PARAMS = frozenset(
    {"fbclid", "gclid", "dclid", "msclkid", "yclid", "mc_cid", "mc_eid", "igshid", "_ga", "_gl", "ref", "ref_src", "si"}
)


@lru_cache(maxsize=8192)  # the import compares each row's link six times
def normalize_source_url(url: str) -> str:
    """A comparable form of a link: no scheme, no "www.", lower-case host, no trailing
    slash, no fragment, no tracking parameters (utm_*, fbclid, ...), other parameters
    sorted. "" for an empty link."""
    url = (url or "").strip()
    if not url:
        return ""
    if "://" not in url:
        url = "http://" + url
    try:
        parts = urlsplit(url)
        port_number = parts.port
    except ValueError:  # not a link we can take apart: compare it as written
        return url.lower()
    host = (parts.hostname or "").lower().removeprefix("www.")
    port = f":{port_number}" if port_number and port_number not in (80, 443) else ""
    path = parts.path.rstrip("/")
    params = sorted(
        (k, v)
        for k, v in parse_qsl(parts.query, keep_blank_values=True)
        if not k.lower().startswith("utm_") and k.lower() not in _TRACKING_PARAMS
    )
    query = f"?{urlencode(params)}" if params else ""
    return f"{host}{port}{path}{query}"


def call_find_duplicate(*, source_url: str, exclude_pk: int | None = None) -> FundingCall | None:
    """The oldest existing call (not rejected) whose source link is the same page as
    `source_url` once normalised, or None."""
    wanted = normalize_source_url(source_url)
    if not wanted:
        return None
    stem = wanted.split("?", 1)[0]
    candidates = (
        FundingCall.objects.filter(source_url__icontains=stem)
        .exclude(status=EditorialStatus.REJECTED)
        .order_by("created_at", "pk")
    )
    if exclude_pk:
        candidates = candidates.exclude(pk=exclude_pk)
    for candidate in candidates.only("pk", "source_url", "slug", "title", "status"):
        if normalize_source_url(candidate.source_url) == wanted:
            return candidate
    return None


def funder_get_or_create(*, name: str, type: str = FunderType.OTHER, country: str = "", actor: User | None = None) -> tuple[Funder, bool]:
    """The funder with this name (case-insensitive), created when missing. No check of
    its own: its callers did (a member's suggestion names its funder; the import)."""
    name = " ".join((name or "").split())
    if not name:
        raise CallError(_("Name the funder."))
    funder = Funder.objects.filter(name__iexact=name).first()
    if funder is not None:
        return funder, False
    funder = Funder.objects.create(
        name=name[:200], slug=unique_slug(Funder, name, max_length=200), type=type or FunderType.OTHER, country=country or ""
    )
    log_action(actor=actor, action="funds.funder.created", obj=funder)
    return funder, True


@transaction.atomic
def funder_save(*, funder: Funder, actor: User | None, changed: Iterable[str] = ()) -> Funder:
    """Save a funder edited by staff (e.g. in the admin). When its name changed, the
    search vectors of its calls are recomputed (the funder's name is searchable).
    Staff only (funds.add_funder / funds.change_funder): PermissionDenied otherwise."""
    creating = funder.pk is None
    require_curator(actor, "funds.add_funder" if creating else "funds.change_funder", system=False)
    funder.save()
    changed = sorted(changed)
    log_action(
        actor=actor,
        action="funds.funder.created" if creating else "funds.funder.updated",
        obj=funder,
        data={"fields": changed},
    )
    if "name" in changed and not creating:
        update_search_vectors(
            list(FundingCall.objects.filter(funder=funder).values_list("pk", flat=True))
        )
    return funder


SUGGESTION_FIELDS = frozenset(
    {
        "title",
        "summary",
        "description",
        "instrument",
        "source_url",
        "apply_url",
        "deadline",
        "is_rolling",
        "opens_on",
        "amount_max",
        "currency",
        "is_global",
        "eligible_regions",
        "eligible_countries",
        "categories",
        "languages",
    }
)


class SuggestionLimitReached(CallError):
    """The member has suggested CALL_SUGGESTIONS_PER_DAY calls in the last 24 hours."""


def _require_suggestion_allowance(actor: User) -> None:
    # Each suggestion lands in the staff's review queue. The member's row is locked so that
    # simultaneous submissions cannot all pass the count.
    User.objects.select_for_update().filter(pk=actor.pk).first()
    maximum = settings.CALL_SUGGESTIONS_PER_DAY
    since = timezone.now() - dt.timedelta(hours=24)
    if FundingCall.objects.filter(suggested_by=actor, created_at__gte=since).count() >= maximum:
        raise SuggestionLimitReached(
            ngettext(
                "You have suggested %(count)d call in the last 24 hours, the most one member can. "
                "Thank you! Please suggest more tomorrow.",
                "You have suggested %(count)d calls in the last 24 hours, the most one member can. "
                "Thank you! Please suggest more tomorrow.",
                maximum,
            )
            % {"count": maximum}
        )


@transaction.atomic
def call_submit_suggestion(
    *, actor: User, data: dict, funder_name: str, funder_type: str = FunderType.OTHER
) -> FundingCall:
    """A network member suggests a call: it is created pending review, with the member
    as its source. The funder is matched by name or created. When another call already
    has the same source page (see normalize_source_url) `duplicate_of` points to it, for
    staff to decide and for the member to be told. Raises PermissionDenied for people
    who are not approved members, CallError for invalid data, SuggestionLimitReached (a
    CallError) after CALL_SUGGESTIONS_PER_DAY suggestions in 24 hours."""
    if actor is None or not actor.is_authenticated or not actor.is_network_member:
        raise PermissionDenied
    unknown = set(data) - SUGGESTION_FIELDS
    if unknown:
        raise ValueError(f"Not part of a suggestion: {', '.join(sorted(unknown))}")
    if not (data.get("source_url") or "").strip():
        raise CallError(_("Give the link to the official page of the call."))
    _require_suggestion_allowance(actor)
    funder, _created = funder_get_or_create(name=funder_name, type=funder_type, actor=actor)
    duplicate = call_find_duplicate(source_url=data["source_url"])
    call = _save_new(
        {
            **data,
            "funder": funder,
            "source": Source.MEMBER,
            "suggested_by": actor,
            "duplicate_of": duplicate,
        },
        actor=actor,
        status=EditorialStatus.PENDING,
        reindex=True,
    )
    log_action(
        actor=actor,
        action="funds.call.suggested",
        obj=call,
        data={"duplicate_of": duplicate.pk if duplicate else None},
    )
    return call
