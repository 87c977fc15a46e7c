"""The query vocabulary of funding calls, written once: what "published", "open now",
"closing soon", "matching these criteria" and the list's orders mean, as QuerySet methods
and the Q conditions they are made of (the list's one-statement text search annotates
with the conditions rather than filtering by them).

    FundingCall.objects.published().open_now(now).matching(criteria).with_viewer_flags(user)
"""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING

from django.db import models
from django.db.models import (
    Case,
    CharField,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Value,
    When,
)
from django.db.models.functions import Concat
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from taxonomy.regions import region_for_country

from .choices import EditorialStatus, Lifecycle
from .fields import multi_contains
from .search.words import search_words

if TYPE_CHECKING:
    from .criteria import CallCriteria

CLOSING_SOON_DAYS = 14


class Sort:
    DEADLINE = "deadline"
    NEWEST = "newest"
    AMOUNT = "amount"
    RELEVANCE = "relevance"

    choices = [
        (DEADLINE, _("Deadline (open calls first)")),
        (NEWEST, _("Newest first")),
        (AMOUNT, _("Largest amount first")),
        (RELEVANCE, _("Best match (with a search)")),
    ]


# --- The conditions (Q objects, to filter or to annotate with) ------------------------


def started_q(now) -> Q:
    """Opened already (or no opening date)."""
    return Q(opens_on__isnull=True) | Q(opens_on__lte=now.date())


def not_closed_q(now) -> Q:
    """Not past the deadline: rolling, no deadline, or a deadline still ahead."""
    return Q(is_rolling=True) | Q(deadline__isnull=True) | Q(deadline__gte=now)


def open_now_q(now) -> Q:
    """Accepting applications now: opened, and not past the deadline (or rolling)."""
    return started_q(now) & not_closed_q(now)


def lifecycle_q(value: str, *, now) -> Q | None:
    """Plain date predicates (index-friendly) equivalent to with_lifecycle()'s Case; None
    for an unknown value (no condition)."""
    started = started_q(now)
    if value == Lifecycle.OPEN:
        return open_now_q(now)
    if value == Lifecycle.CLOSING_SOON:
        return started & Q(
            is_rolling=False,
            deadline__gte=now,
            deadline__lte=now + timedelta(days=CLOSING_SOON_DAYS),
        )
    if value == Lifecycle.UPCOMING:
        return Q(opens_on__gt=now.date())
    if value == Lifecycle.CLOSED:
        return started & Q(is_rolling=False, deadline__lt=now)
    return None


def lifecycle_group(now):
    """0 accepting applications, 1 upcoming, 2 closed: open calls always come first.
    Written on the columns (not on the `lifecycle` annotation's nested CASE) so that
    sorting 50,000 rows costs a few comparisons each."""
    return Case(
        When(opens_on__gt=now.date(), then=Value(1)),
        When(not_closed_q(now), then=Value(0)),
        default=Value(2),
        output_field=IntegerField(),
    )


def ordering(sort: str, now) -> list:
    """ORDER BY for a sort key (`rank` annotation needed for relevance). Ends with the
    primary key so that pages never overlap."""
    group = lifecycle_group(now)
    past = Q(is_rolling=False, deadline__lt=now)
    closed_last = Case(When(past, then=Value(1)), default=Value(0), output_field=IntegerField())
    # Open calls with a deadline to come first, soonest first; then rolling ones (NULL).
    # Exactly the rows and the order of open_with_deadline() + ORDER BY deadline, pk,
    # which call_page uses as an index-ordered shortcut.
    soonest = Case(When(deadline__lt=now, then=Value(None)), default=F("deadline"))
    by_deadline = [group.asc(), soonest.asc(nulls_last=True), F("deadline").desc(nulls_last=True)]
    if sort == Sort.NEWEST:
        return [F("published_at").desc(nulls_last=True), "-pk"]
    if sort == Sort.AMOUNT:
        return [group.asc(), F("amount_usd").desc(nulls_last=True), *by_deadline[1:], "pk"]
    if sort == Sort.RELEVANCE:
        return [closed_last.asc(), F("rank").desc(nulls_last=True), *by_deadline, "pk"]
    return [*by_deadline, "pk"]


def open_with_deadline(now) -> Q:
    """Open calls whose deadline is still ahead: the head of the default order, which the
    (deadline, id) order of an index can serve directly."""
    return started_q(now) & Q(deadline__gte=now)


# --- What the criteria mean (funds/criteria.py) --------------------------------------


def _any_of(conditions) -> Q:
    combined = Q()
    for condition in conditions:
        combined |= condition
    return combined


def _criteria_conditions(queryset: QuerySet, criteria: CallCriteria) -> tuple[QuerySet, list]:
    """The queryset (with the aliases some conditions need) and one condition per field
    the criteria set, words excepted."""
    model = queryset.model
    conditions: list = []
    if criteria.category_ids:
        through = model.categories.through
        conditions.append(
            Exists(through.objects.filter(fundingcall_id=OuterRef("pk"), skillcategory_id__in=criteria.category_ids))
        )
    if criteria.regions:
        conditions.append(Q(is_global=True) | _any_of(multi_contains("region_index", r) for r in criteria.regions))
    if criteria.countries:
        condition = Q(is_global=True)
        for code in criteria.countries:
            condition |= Q(_countries__contains=f",{code},")
            # Explicitly listed regions only: region_index also holds the regions of listed
            # countries, and a call for Kenya alone is not open to Nigeria.
            if region := region_for_country(code):
                condition |= multi_contains("eligible_regions", region)
        queryset = queryset.alias(
            _countries=Concat(Value(","), F("eligible_countries"), Value(","), output_field=CharField())
        )
        conditions.append(condition)
    if criteria.instruments:
        conditions.append(Q(instrument__in=criteria.instruments))
    if criteria.funder_types:
        conditions.append(Q(funder__type__in=criteria.funder_types))
    if criteria.applicant_types:
        conditions.append(_any_of(multi_contains("applicant_types", a) for a in criteria.applicant_types))
    if criteria.languages:
        through = model.languages.through
        conditions.append(
            Exists(through.objects.filter(fundingcall_id=OuterRef("pk"), language__code__in=criteria.languages))
        )
    if criteria.amount_min_usd is not None:
        conditions.append(Q(amount_usd__gte=criteria.amount_min_usd))
    if criteria.amount_max_usd is not None:
        conditions.append(Q(amount_usd__lte=criteria.amount_max_usd))
    return queryset, conditions


# --- The vocabulary ----------------------------------------------------------------------


class FundingCallQuerySet(models.QuerySet):
    """`FundingCall.objects.published().open_now(now).matching(criteria).with_viewer_flags(user)`"""

    def published(self):
        return self.filter(status=EditorialStatus.PUBLISHED)

    def open_now(self, now=None):
        """Accepting applications now: opened, and not past the deadline (or rolling)."""
        return self.filter(open_now_q(now or timezone.now()))

    def not_closed(self, now=None):
        """Open or upcoming: not past the deadline (rolling calls never are)."""
        return self.filter(not_closed_q(now or timezone.now()))

    def in_lifecycle(self, value: str, *, now=None):
        """In one lifecycle (a Lifecycle value); an unknown value filters nothing."""
        condition = lifecycle_q(value, now=now or timezone.now())
        return self if condition is None else self.filter(condition)

    def closing_within(self, days: int, *, now=None):
        """Open now, with a fixed deadline in the next `days` days."""
        now = now or timezone.now()
        return self.open_now(now).filter(
            is_rolling=False, deadline__isnull=False, deadline__lte=now + timedelta(days=int(days))
        )

    def added_within(self, days: int, *, now=None):
        """Published in the last `days` days."""
        return self.filter(published_at__gte=(now or timezone.now()) - timedelta(days=int(days)))

    def rolling(self):
        return self.filter(is_rolling=True)

    def matching(self, criteria: CallCriteria, *, ranked: bool = False):
        """Calls meeting `criteria` (funds/criteria.py states what each field means).

        The words go last: PostgreSQL tests a row's conditions in the order written
        (they cost the same to its planner), and `search_vector @@ query` has to fetch
        the row's out-of-line vector; last, it only does so for the rows the cheap column
        conditions kept. With `ranked`, a text search annotates `rank` (the relevance
        order needs it)."""
        queryset, conditions = _criteria_conditions(self, criteria)
        if conditions:
            queryset = queryset.filter(*conditions)
        if criteria.q:
            queryset = search_words(queryset, criteria.q, ranked=ranked)
        return queryset

    def not_dismissed_by(self, user):
        """Without the calls a signed-in `user` marked as not relevant."""
        if user is None or not user.is_authenticated:
            return self
        return self.exclude(Exists(self._dismissals(user)))

    def with_viewer_flags(self, user):
        """Annotate `is_bookmarked` and `is_dismissed` for a signed-in viewer (nothing for
        anyone else: templates read a missing flag as False)."""
        if user is None or not user.is_authenticated:
            return self
        bookmarks = self.model.bookmarks.rel.related_model.objects.filter(user=user, call=OuterRef("pk"))
        return self.annotate(is_bookmarked=Exists(bookmarks), is_dismissed=Exists(self._dismissals(user)))

    def _dismissals(self, user):
        return self.model.dismissals.rel.related_model.objects.filter(user=user, call=OuterRef("pk"))

    def with_lifecycle(self, now=None):
        """Annotate `lifecycle` (a Lifecycle value) from the dates, as of `now`."""
        now = now or timezone.now()
        return self.annotate(
            lifecycle=Case(
                When(opens_on__gt=now.date(), then=Value(Lifecycle.UPCOMING.value)),
                When(is_rolling=True, then=Value(Lifecycle.OPEN.value)),
                When(deadline__lt=now, then=Value(Lifecycle.CLOSED.value)),
                When(
                    deadline__lte=now + timedelta(days=CLOSING_SOON_DAYS),
                    then=Value(Lifecycle.CLOSING_SOON.value),
                ),
                default=Value(Lifecycle.OPEN.value),
                output_field=CharField(),
            )
        )

    def in_list_order(self, sort: str, *, now=None):
        """Ordered as the list shows a Sort (relevance needs the `rank` of a ranked
        search: without one, the deadline order)."""
        if sort == Sort.RELEVANCE and "rank" not in self.query.annotations:
            sort = Sort.DEADLINE
        return self.order_by(*ordering(sort, now or timezone.now()))
