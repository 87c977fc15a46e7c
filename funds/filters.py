"""The public catalogue's filters. Every one lives in the query string, e.g.

    /funds/?category=rpl-certification&region=africa&status=open&q=apprenticeship

The same FilterSet drives the list page, its exports, the feeds and the deadlines
calendar, so a link copied from any of them means the same selection of calls.

Invalid values (an unknown category, "abc" as an amount, an over-long query) become form
errors and the filter is left out; the views answer 400 with the form and its messages.
"""

from __future__ import annotations

from datetime import timedelta

import django_filters
from django import forms
from django.db import connection
from django.db.models import (
    CharField,
    Exists,
    F,
    OuterRef,
    Q,
    QuerySet,
    Value,
)
from django.db.models.functions import Concat
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from taxonomy.regions import Region, region_for_country

from .choices import ApplicantType, FunderType, Instrument, Lifecycle
from .fields import multi_contains
from .models import FundingCall
from .querysets import CLOSING_SOON_DAYS, Sort, in_lifecycle, ordering
from .search.words import search_portable, search_postgres

MAX_QUERY_LENGTH = 200
MAX_AMOUNT = 10**12


STATUS_CHOICES = [
    (Lifecycle.OPEN.value, _("Open now (including closing soon)")),
    (Lifecycle.CLOSING_SOON.value, _("Closing soon (within %(days)s days)") % {"days": CLOSING_SOON_DAYS}),
    (Lifecycle.UPCOMING.value, _("Upcoming (not open yet)")),
    (Lifecycle.CLOSED.value, _("Closed")),
]

ADDED_WITHIN_CHOICES = [("7", _("In the last 7 days")), ("30", _("In the last 30 days"))]


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


