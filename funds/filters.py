"""The public catalogue's filters. Every one lives in the query string, e.g.

    /funds/?category=rpl-certification&region=africa&status=open&q=apprenticeship

The same FilterSet drives the list page, its exports, the feeds and the deadlines
calendar, so a link copied from any of them means the same selection of calls.

Invalid values (an unknown category, "abc" as an amount, an over-long query) become form
errors and the filter is left out; the views answer 400 with the form and its messages.
"""

from __future__ import annotations

import re
from datetime import timedelta

import django_filters
from django import forms
from django.contrib.postgres.search import SearchQuery, SearchRank
from django.db import connection
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
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from taxonomy.regions import Region, region_for_country

from .choices import ApplicantType, FunderType, Instrument, Lifecycle
from .fields import multi_contains
from .models import CLOSING_SOON_DAYS, FundingCall
from .portable_search import search_portable  # the SQLite fallback, same syntax
from .search import SEARCH_CONFIG

MAX_QUERY_LENGTH = 200
MAX_SEARCH_WORDS = 8
MAX_AMOUNT = 10**12


STATUS_CHOICES = [
    (Lifecycle.OPEN.value, _("Open now (including closing soon)")),
    (Lifecycle.CLOSING_SOON.value, _("Closing soon (within %(days)s days)") % {"days": CLOSING_SOON_DAYS}),
    (Lifecycle.UPCOMING.value, _("Upcoming (not open yet)")),
    (Lifecycle.CLOSED.value, _("Closed")),
]

ADDED_WITHIN_CHOICES = [("7", _("In the last 7 days")), ("30", _("In the last 30 days"))]


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


# The filters that narrow the selection; `sort` and `page` only order and slice it.
FILTER_NAMES = (
    "q", "category", "region", "country", "instrument", "funder_type", "applicant_type",
    "language", "amount_min", "amount_max", "status", "closing_within", "added_within", "rolling",
)


class CallFilterForm(forms.Form):
    def clean(self):
        data = super().clean()
        low, high = data.get("amount_min"), data.get("amount_max")
        if low is not None and high is not None and low > high:
            self.add_error("amount_max", _("The maximum amount must be at least the minimum amount."))
        return data


_COUNTRY_CHOICES: dict[str, list[tuple[str, str]]] = {}


def country_choices() -> list[tuple[str, str]]:
    """Countries sorted by their name in the active language, built once per language:
    django-countries translates and collates all 250 names on every iteration."""
    language = translation.get_language() or "en"
    choices = _COUNTRY_CHOICES.get(language)
    if choices is None:
        choices = _COUNTRY_CHOICES[language] = [(code, str(name)) for code, name in countries]
    return choices


def _words(value: str) -> list[str]:
    return re.findall(r"\w+", value)[:MAX_SEARCH_WORDS]


def prefix_tsquery(value: str) -> str:
    """`youth apprentice` → `youth:* & apprentice:*`, so that a word typed in part still
    finds "apprenticeship". Only \\w characters survive, so the result is always valid
    tsquery syntax whatever the visitor typed."""
    return " & ".join(f"{w}:*" for w in _words(value))


class CallFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label=_("Search"),
        method="search",
        max_length=MAX_QUERY_LENGTH,
        help_text=_('Words in the title, funder, summary, tags or description. Use "quotes" for a phrase and -word to exclude.'),
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off"}),
    )
    category = django_filters.MultipleChoiceFilter(
        label=_("Skills category"),
        method="in_categories",
        choices=[],  # set per request from the active categories (one query, see __init__)
        widget=forms.CheckboxSelectMultiple,
    )
    region = django_filters.ChoiceFilter(
        label=_("Open to applicants in region"),
        choices=Region.choices,
        method="open_to_region",
        empty_label=_("Any region"),
    )
    country = django_filters.ChoiceFilter(
        label=_("Open to applicants in country"),
        choices=country_choices,
        method="open_to_country",
        empty_label=_("Any country"),
    )
    instrument = django_filters.MultipleChoiceFilter(
        label=_("Type of support"),
        choices=Instrument.choices,
        method="with_instrument",
        widget=forms.CheckboxSelectMultiple,
    )
    funder_type = django_filters.ChoiceFilter(
        label=_("Funder type"),
        choices=FunderType.choices,
        field_name="funder__type",
        empty_label=_("Any funder"),
    )
    applicant_type = django_filters.ChoiceFilter(
        label=_("Who can apply"),
        choices=ApplicantType.choices,
        method="for_applicant_type",
        empty_label=_("Any applicant"),
    )
    language = django_filters.ChoiceFilter(
        label=_("Application language"),
        choices=[],  # set per request (see __init__)
        method="in_language",
        empty_label=_("Any language"),
    )
    amount_min = django_filters.NumberFilter(
        label=_("Amount at least (USD)"),
        field_name="amount_usd",
        lookup_expr="gte",
        min_value=0,
        max_value=MAX_AMOUNT,
        max_digits=14,
        decimal_places=2,
    )
    amount_max = django_filters.NumberFilter(
        label=_("Amount at most (USD)"),
        field_name="amount_usd",
        lookup_expr="lte",
        min_value=0,
        max_value=MAX_AMOUNT,
        max_digits=14,
        decimal_places=2,
    )
    status = django_filters.ChoiceFilter(
        label=_("Status"), choices=STATUS_CHOICES, method="in_lifecycle", empty_label=_("Any status")
    )
    closing_within = django_filters.NumberFilter(
        label=_("Closing within (days)"),
        method="closing_within_days",
        min_value=1,
        max_value=366,
        decimal_places=0,
        max_digits=3,
    )
    added_within = django_filters.ChoiceFilter(
        label=_("Added"), choices=ADDED_WITHIN_CHOICES, method="added_in_last_days", empty_label=_("Any time")
    )
    rolling = django_filters.BooleanFilter(
        label=_("Rolling calls only (no fixed deadline)"),
        method="rolling_only",
        widget=forms.CheckboxInput(attrs={"value": "1"}),
    )
    sort = django_filters.ChoiceFilter(
        label=_("Sort by"), choices=Sort.choices, method="keep", empty_label=None
    )

    class Meta:
        model = FundingCall
        form = CallFilterForm
        fields: list[str] = []

    def __init__(self, data=None, queryset=None, *, categories=(), languages=(), now=None, request=None, prefix=None):
        self.now = now or timezone.now()
        super().__init__(data, queryset if queryset is not None else FundingCall.objects.all(), request=request, prefix=prefix)
        # Choices come from rows the selector already loaded, so validating and rendering
        # the form costs no query of its own.
        self.filters["category"].extra["choices"] = [(c.slug, c.name) for c in categories]
        self.filters["language"].extra["choices"] = [(lang.code, lang.name) for lang in languages]

    # --- the selection ------------------------------------------------------------------

    def filter_queryset(self, queryset: QuerySet) -> QuerySet:
        queryset = self.filter_queryset_except(queryset)
        return self.order(queryset)

    def filter_queryset_except(self, queryset: QuerySet, *skip: str) -> QuerySet:
        """The selection with some filters left out (the category counts leave out the
        category and status filters, so every category shows what choosing it would give)."""
        data = self.form.cleaned_data
        # The text search goes last: PostgreSQL tests a row's conditions in the order
        # written (they cost the same to its planner), and `search_vector @@ query` has to
        # fetch the row's out-of-line vector. Last, it only does so for rows the cheap
        # column conditions kept (for "skills" + a region: 22,000 vectors instead of 50,000).
        for name in sorted(data, key=lambda n: n == "q"):
            if name in skip:
                continue
            queryset = self.filters[name].filter(queryset, data[name])
        return queryset

    @property
    def search_text(self) -> str:
        return (self.form.cleaned_data.get("q") or "").strip() if self.is_bound else ""

    def order(self, queryset: QuerySet) -> QuerySet:
        sort = self.form.cleaned_data.get("sort") if self.is_bound else ""
        has_query = bool(self.search_text)
        if not sort or (sort == Sort.RELEVANCE and not has_query):
            sort = Sort.RELEVANCE if has_query else Sort.DEADLINE
        if sort == Sort.RELEVANCE and "rank" not in queryset.query.annotations:
            sort = Sort.DEADLINE  # a query with nothing searchable in it: no rank to sort by
        return queryset.order_by(*ordering(sort, self.now))

    @property
    def effective_sort(self) -> str:
        sort = self.form.cleaned_data.get("sort") if self.is_bound and hasattr(self.form, "cleaned_data") else ""
        if sort and (sort != Sort.RELEVANCE or self.search_text):
            return sort
        return Sort.RELEVANCE if self.search_text else Sort.DEADLINE

    # --- filter methods -----------------------------------------------------------------

    def keep(self, queryset, name, value):
        return queryset

    def search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        if connection.vendor == "postgresql":
            return search_postgres(queryset, value)
        return search_portable(queryset, value)

    def in_categories(self, queryset, name, value):
        through = FundingCall.categories.through
        return queryset.filter(
            Exists(through.objects.filter(fundingcall_id=OuterRef("pk"), skillcategory__slug__in=value))
        )

    def open_to_region(self, queryset, name, value):
        return queryset.filter(Q(is_global=True) | multi_contains("region_index", value))

    def open_to_country(self, queryset, name, value):
        code = value.upper()
        condition = Q(is_global=True) | Q(_countries__contains=f",{code},")
        region = region_for_country(code)
        if region:
            # Explicitly listed regions only: region_index also holds the regions of listed
            # countries, and a call for Kenya alone is not open to Nigeria.
            condition |= multi_contains("eligible_regions", region)
        return queryset.alias(
            _countries=Concat(Value(","), F("eligible_countries"), Value(","), output_field=CharField())
        ).filter(condition)

    def with_instrument(self, queryset, name, value):
        return queryset.filter(instrument__in=value)

    def for_applicant_type(self, queryset, name, value):
        return queryset.filter(multi_contains("applicant_types", value))

    def in_language(self, queryset, name, value):
        through = FundingCall.languages.through
        return queryset.filter(
            Exists(through.objects.filter(fundingcall_id=OuterRef("pk"), language__code=value))
        )

    def in_lifecycle(self, queryset, name, value):
        return in_lifecycle(queryset, value, now=self.now)

    def closing_within_days(self, queryset, name, value):
        return queryset.open_now(self.now).filter(
            is_rolling=False, deadline__isnull=False, deadline__lte=self.now + timedelta(days=int(value))
        )

    def added_in_last_days(self, queryset, name, value):
        return queryset.filter(published_at__gte=self.now - timedelta(days=int(value)))

    def rolling_only(self, queryset, name, value):
        return queryset.filter(is_rolling=True) if value else queryset


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


def search_query(value: str) -> SearchQuery:
    """websearch syntax ("a phrase", -word, or) OR every word as a prefix."""
    query = SearchQuery(value, search_type="websearch", config=SEARCH_CONFIG)
    prefix = prefix_tsquery(value)
    if prefix and not re.search(r'["-]|\bor\b', value, flags=re.IGNORECASE):
        query = query | SearchQuery(prefix, search_type="raw", config=SEARCH_CONFIG)
    return query


def search_postgres(queryset: QuerySet, value: str, *, ranked: bool = True) -> QuerySet:
    """The calls matching search_query(value), ranked (`rank`) with ts_rank over the
    weighted vector (title A > funder/summary/tags B > description C) unless ranked=False."""
    query = search_query(value)
    queryset = queryset.filter(search_vector=query)
    if not ranked:
        return queryset
    return queryset.annotate(
        rank=SearchRank(F("search_vector"), query, normalization=Value(0))
    )


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
