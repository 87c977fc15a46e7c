"""The query vocabulary of funding calls: what "published", "open now", "closing soon"
and the list's orders mean, written once as QuerySet methods and the Q conditions they
are made of (the list's one-statement text search annotates with the conditions rather
than filtering by them)."""

from __future__ import annotations

from datetime import timedelta

from django.db import models
from django.db.models import Case, F, IntegerField, Q, QuerySet, Value, When
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .choices import EditorialStatus, Lifecycle

CLOSING_SOON_DAYS = 14


class FundingCallQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=EditorialStatus.PUBLISHED)

    def open_now(self, now=None):
        """Accepting applications now: opened, and not past the deadline (or rolling)."""
        now = now or timezone.now()
        return self.filter(
            Q(opens_on__isnull=True) | Q(opens_on__lte=now.date()),
            Q(is_rolling=True) | Q(deadline__isnull=True) | Q(deadline__gte=now),
        )

    def with_lifecycle(self, now=None):
        """Annotate `lifecycle` (a Lifecycle value) from the dates, as of `now`."""
        now = now or timezone.now()
        return self.annotate(
            lifecycle=models.Case(
                models.When(opens_on__gt=now.date(), then=models.Value(Lifecycle.UPCOMING.value)),
                models.When(is_rolling=True, then=models.Value(Lifecycle.OPEN.value)),
                models.When(deadline__lt=now, then=models.Value(Lifecycle.CLOSED.value)),
                models.When(
                    deadline__lte=now + timedelta(days=CLOSING_SOON_DAYS),
                    then=models.Value(Lifecycle.CLOSING_SOON.value),
                ),
                default=models.Value(Lifecycle.OPEN.value),
                output_field=models.CharField(),
            )
        )


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


def open_now_q(now) -> Q:
    """FundingCallQuerySet.open_now() as a condition (to annotate with, as well as filter)."""
    return (Q(opens_on__isnull=True) | Q(opens_on__lte=now.date())) & (
        Q(is_rolling=True) | Q(deadline__isnull=True) | Q(deadline__gte=now)
    )


def lifecycle_q(value: str, *, now) -> Q | None:
    """Plain date predicates (index-friendly) equivalent to with_lifecycle()'s Case; None
    for an unknown value (no condition)."""
    started = Q(opens_on__isnull=True) | Q(opens_on__lte=now.date())
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


def in_lifecycle(queryset: QuerySet, value: str, *, now) -> QuerySet:
    condition = lifecycle_q(value, now=now)
    return queryset if condition is None else queryset.filter(condition)


def lifecycle_group(now):
    """0 accepting applications, 1 upcoming, 2 closed: open calls always come first.
    Written on the columns (not on the `lifecycle` annotation's nested CASE) so that
    sorting 50,000 rows costs a few comparisons each."""
    return Case(
        When(opens_on__gt=now.date(), then=Value(1)),
        When(Q(is_rolling=True) | Q(deadline__isnull=True) | Q(deadline__gte=now), then=Value(0)),
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
    return (Q(opens_on__isnull=True) | Q(opens_on__lte=now.date())) & Q(deadline__gte=now)
