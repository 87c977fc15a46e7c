"""The library's filters, all in the query string: /coaching/lessons/?category=…&language=fr&q=budget"""

from __future__ import annotations

import django_filters
from django.utils.translation import gettext_lazy as _

from taxonomy.filters import category_filter, language_filter

from .models import Lesson


class LessonFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="search", max_length=200)
    category = category_filter()
    language = language_filter()

    class Meta:
        model = Lesson
        fields: list[str] = []

    def search(self, queryset, name, value):
        return queryset.search(value)
