"""What the home page shows: the funding catalogue first (calls closing soon, calls new this
week), then the network's services, its skills categories and its members' logos.

The call lists are returned as unevaluated QuerySets: home.html evaluates them inside a
template fragment cache, so a cached home page runs no query for them at all, and an
uncached one runs one query per list, whatever the number of calls.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .context_processors import optional_url

HOME_CALLS = 5
# The logo wall has 2, 3, 4 or 6 columns (portal.css .logo-wall): 12 logos fill every row
# at every width, 6 all but the 4-column one.
LOGO_WALL_SIZES = (12, 6)
# The links under each list open /funds/ with the same selection (its `closing_within`
# and `added_within` filters), so the list and "see all" agree.
CLOSING_WITHIN_DAYS = 30
NEW_WITHIN_DAYS = 7


@dataclass(frozen=True)
class NetworkService:
    """One of the services the Core Group asked for (meeting of 3 December 2020).

    `url_name` is the page the card leads to: the card shows its link as soon as that name
    reverses (the app's URLs are included), and "Coming soon" until then. Switching a
    service on is adding its URLs; nothing here changes."""

    key: str
    title: str
    text: str
    url_name: str
    link_label: str

    @property
    def url(self) -> str | None:
        return optional_url(self.url_name)


# Order and wording follow the Core Group's working circles.
NETWORK_SERVICES = [
    NetworkService(
        key="funding",
        title=_("A map of funding calls"),
        text=_(
            "International calls, challenges and funds curated by the ILO and network "
            "members, filtered by skills category, region and language, with deadline alerts."
        ),
        url_name="funds:call-list",
        link_label=_("Browse funding calls"),
    ),
    NetworkService(
        key="coaching",
        title=_("Coaching to apply"),
        text=_(
            "Workshops on what reviewers look for, briefings before deadlines, feedback from "
            "ILO regional evaluators and help with budgets and translations."
        ),
        url_name="coaching:session-list",
        link_label=_("See coaching sessions"),
    ),
    NetworkService(
        key="peer-exchange",
        title=_("Peer-to-peer exchange"),
        text=_(
            "Sessions every two weeks, hosted by members, on presenting projects, soft skills "
            "and lessons learnt, with good practices written up for everyone."
        ),
        url_name="peer_exchange:session-list",
        link_label=_("Join a peer session"),
    ),
    NetworkService(
        key="recognition",
        title=_("Recognition"),
        text=_(
            "Your logo among the network's members, the ILO Top Innovator badge for LinkedIn, "
            "letters of introduction and invitations to high-level events."
        ),
        url_name="badges:network-members",
        link_label=_("See the network's members"),
    ),
    NetworkService(
        key="directory",
        title=_("A directory of innovators"),
        text=_(
            "Find members by country, region, skills category and technical expertise, and "
            "see the projects, beneficiaries and results behind each organization."
        ),
        url_name="members:directory",
        link_label=_("Search the directory"),
    ),
]


def _open_calls(now) -> QuerySet:
    from funds.models import FundingCall

    return (
        FundingCall.objects.published()
        .open_now(now)
        .with_lifecycle(now)
        .select_related("funder")
        .only(
            "pk",
            "slug",
            "title",
            "deadline",
            "deadline_timezone",
            "is_rolling",
            "opens_on",
            "published_at",
            "funder__name",
        )
    )


def funding_highlights(*, now=None) -> dict:
    """The home page's call lists, unevaluated (one query each when the template reads them).

    Keys: closing_soon (open calls with a deadline in the next CLOSING_WITHIN_DAYS days,
    soonest first), new_this_week (open calls published in the last NEW_WITHIN_DAYS days,
    newest first), closing_within and new_within (the day counts, for the "see all" links).
    """
    now = now or timezone.now()
    closing = (
        _open_calls(now)
        .filter(
            is_rolling=False,
            deadline__isnull=False,
            deadline__lte=now + timedelta(days=CLOSING_WITHIN_DAYS),
        )
        .order_by("deadline", "pk")[:HOME_CALLS]
    )
    new = (
        _open_calls(now)
        .filter(published_at__gte=now - timedelta(days=NEW_WITHIN_DAYS))
        .order_by("-published_at", "-pk")[:HOME_CALLS]
    )
    return {
        "closing_soon": closing,
        "new_this_week": new,
        "closing_within": CLOSING_WITHIN_DAYS,
        "new_within": NEW_WITHIN_DAYS,
    }


def logo_wall(organizations: list) -> list:
    """The organizations the logo wall shows: as many as fill its rows (12, else 6), or all
    of them when there are fewer than 6."""
    for size in LOGO_WALL_SIZES:
        if len(organizations) >= size:
            return organizations[:size]
    return organizations
