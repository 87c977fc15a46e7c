"""The coaching list's filters, all in the query string: /coaching/?kind=briefing&month=2027-01"""

from __future__ import annotations

import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from events.models import Session
from taxonomy.filters import category_filter, language_filter

from .apps import KINDS


class SessionFilter(django_filters.FilterSet):
    kind = django_filters.ChoiceFilter(
        label=_("Kind"),
        choices=list(KINDS.items()),
        empty_label=_("All kinds"),
        error_messages={"invalid_choice": _("There is no kind of session “%(value)s”.")},
    )
    category = category_filter()
    language = language_filter()
    format = django_filters.ChoiceFilter(
        label=_("Format"),
        choices=Session.Format.choices,
        empty_label=_("All formats"),
        error_messages={"invalid_choice": _("There is no format “%(value)s”.")},
    )
    month = django_filters.CharFilter(
        label=_("Month"),
        method="in_month",
        widget=forms.TextInput(attrs={"type": "month"}),
        help_text=_("YYYY-MM"),
    )

    class Meta:
        model = Session
        fields: list[str] = []

    def in_month(self, queryset, name, value):
        try:
            year, month = (int(part) for part in value.split("-", 1))
            if not 1 <= month <= 12 or not 2000 <= year <= 2100:
                raise ValueError
        except ValueError:
            self.form.add_error("month", _("Give a month as YYYY-MM."))
            return queryset.none()
        return queryset.filter(starts_at__year=year, starts_at__month=month)
