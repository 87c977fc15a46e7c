"""The public catalogue's filters. Every one lives in the query string, e.g.

    /funds/?category=rpl-certification&region=africa&status=open&q=apprenticeship

The same FilterSet drives the list page, its exports, the feeds and the deadlines
calendar, so a link copied from any of them means the same selection of calls.

Invalid values (an unknown category, "abc" as an amount, an over-long query) become form
errors and the filter is left out; the views answer 400 with the form and its messages.
"""

from __future__ import annotations

import django_filters
from django import forms
from django.db.models import (
    QuerySet,
)
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from taxonomy.regions import Region

from .choices import ApplicantType, FunderType, Instrument, Lifecycle
from .criteria import PARAMS, CallCriteria
from .models import FundingCall
from .querysets import CLOSING_SOON_DAYS, Sort

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


CRITERIA_PARAMS = frozenset(PARAMS.values())


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
    """Declares and validates the list's query string. The selection itself is
    `criteria()` (shared with alerts) plus the list's own date filters, applied through
    the QuerySet vocabulary (funds/querysets.py) by `narrow()`; no filter has a method
    of its own."""

    q = django_filters.CharFilter(
        label=_("Search"),
        max_length=MAX_QUERY_LENGTH,
        help_text=_('Words in the title, funder, summary, tags or description. Use "quotes" for a phrase and -word to exclude.'),
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off"}),
    )
    category = django_filters.MultipleChoiceFilter(
        label=_("Skills category"),
        choices=[],  # set per request from the active categories (one query, see __init__)
        widget=forms.CheckboxSelectMultiple,
    )
    region = django_filters.ChoiceFilter(
        label=_("Open to applicants in region"),
        choices=Region.choices,
        empty_label=_("Any region"),
    )
    country = django_filters.ChoiceFilter(
        label=_("Open to applicants in country"),
        choices=country_choices,
        empty_label=_("Any country"),
    )
    instrument = django_filters.MultipleChoiceFilter(
        label=_("Type of support"),
        choices=Instrument.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    funder_type = django_filters.ChoiceFilter(
        label=_("Funder type"),
        choices=FunderType.choices,
        empty_label=_("Any funder"),
    )
    applicant_type = django_filters.ChoiceFilter(
        label=_("Who can apply"),
        choices=ApplicantType.choices,
        empty_label=_("Any applicant"),
    )
    language = django_filters.ChoiceFilter(
        label=_("Application language"),
        choices=[],  # set per request (see __init__)
        empty_label=_("Any language"),
    )
    amount_min = django_filters.NumberFilter(
        label=_("Amount at least (USD)"),
        min_value=0,
        max_value=MAX_AMOUNT,
        max_digits=14,
        decimal_places=2,
    )
    amount_max = django_filters.NumberFilter(
        label=_("Amount at most (USD)"),
        min_value=0,
        max_value=MAX_AMOUNT,
        max_digits=14,
        decimal_places=2,
    )
    status = django_filters.ChoiceFilter(
        label=_("Status"), choices=STATUS_CHOICES, empty_label=_("Any status")
    )
    closing_within = django_filters.NumberFilter(
        label=_("Closing within (days)"),
        min_value=1,
        max_value=366,
        decimal_places=0,
        max_digits=3,
    )
    added_within = django_filters.ChoiceFilter(
        label=_("Added"), choices=ADDED_WITHIN_CHOICES, empty_label=_("Any time")
    )
    rolling = django_filters.BooleanFilter(
        label=_("Rolling calls only (no fixed deadline)"),
        widget=forms.CheckboxInput(attrs={"value": "1"}),
    )
    sort = django_filters.ChoiceFilter(
        label=_("Sort by"), choices=Sort.choices, empty_label=None
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
        self.category_ids = {c.slug: c.pk for c in categories}
        self.filters["category"].extra["choices"] = [(c.slug, c.name) for c in categories]
        self.filters["language"].extra["choices"] = [(lang.code, lang.name) for lang in languages]

    # --- the selection ------------------------------------------------------------------

    @property
    def cleaned_data(self) -> dict:
        """The valid filters (an invalid one is left out: its error is shown instead)."""
        if not self.is_bound:
            return {}
        self.form.is_valid()
        return getattr(self.form, "cleaned_data", {})

    def criteria(self) -> CallCriteria:
        """The criteria of the selection, as an alert would keep them."""
        return CallCriteria.from_params(self.cleaned_data, category_ids=self.category_ids)

    def filter_queryset(self, queryset: QuerySet) -> QuerySet:
        return self.narrow(queryset).in_list_order(self.effective_sort, now=self.now)

    def narrow(self, queryset: QuerySet, *, skip: tuple[str, ...] = ()) -> QuerySet:
        """The selection, with the filters named in `skip` left out (the category counts
        leave out the category and status filters, so every category shows what choosing
        it would give)."""
        data = self.cleaned_data
        if data.get("status") and "status" not in skip:
            queryset = queryset.in_lifecycle(data["status"], now=self.now)
        if data.get("closing_within") and "closing_within" not in skip:
            queryset = queryset.closing_within(data["closing_within"], now=self.now)
        if data.get("added_within") and "added_within" not in skip:
            queryset = queryset.added_within(data["added_within"], now=self.now)
        if data.get("rolling") and "rolling" not in skip:
            queryset = queryset.rolling()
        criteria = self.criteria().without(*(name for name in skip if name in CRITERIA_PARAMS))
        return queryset.matching(criteria, ranked=True)

    @property
    def search_text(self) -> str:
        return (self.cleaned_data.get("q") or "").strip()

    @property
    def effective_sort(self) -> str:
        """The order asked for; relevance only with words (the default then), else the
        deadline order."""
        sort = self.cleaned_data.get("sort") or ""
        if sort and (sort != Sort.RELEVANCE or self.search_text):
            return sort
        return Sort.RELEVANCE if self.search_text else Sort.DEADLINE
