"""The library's filters, all in the query string: /peer-exchange/library/?kind=sop&q=budget"""

from __future__ import annotations

import django_filters
from django.utils.translation import gettext_lazy as _

from taxonomy.filters import category_filter, language_filter, region_filter

from .models import Output


class OutputFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="search", max_length=200)
    category = category_filter()
    kind = django_filters.ChoiceFilter(
        label=_("Type"),
        choices=Output.Kind.choices,
        empty_label=_("All types"),
        error_messages={"invalid_choice": _("There is no type “%(value)s”.")},
    )
    language = language_filter()
    region = region_filter()

    class Meta:
        model = Output
        fields: list[str] = []

    def search(self, queryset, name, value):
        return queryset.search(value)
