"""The technical advisors' list filters, all in the query string:
/members/help/advisors/?category=rpl-certification&language=fr&region=africa&kind=budgeting"""

from __future__ import annotations

import django_filters
from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from taxonomy.filters import category_filter, language_filter, region_filter
from taxonomy.models import Expertise
from taxonomy.regions import countries_in_region

from .models import HelpKind, TechnicalAdvisor


def covering_region_q(region: str) -> Q:
    """Advisors (or offices) whose region is `region` or who cover one of its countries
    (CountryField(multiple=True) is stored as "KE,TZ")."""
    codes = "|".join(countries_in_region(region))
    return Q(region=region) | Q(countries__regex=rf"(^|,)({codes})(,|$)")


class AdvisorFilter(django_filters.FilterSet):
    category = category_filter()
    expertise = django_filters.ModelChoiceFilter(
        label=_("Technical expertise"),
        field_name="expertise",
        to_field_name="slug",
        queryset=Expertise.objects.all(),
        empty_label=_("All expertise"),
        error_messages={"invalid_choice": _("There is no expertise “%(value)s”.")},
    )
    kind = django_filters.ChoiceFilter(
        label=_("Kind of help"),
        choices=HelpKind.choices,
        method="offering",
        empty_label=_("Any kind"),
        error_messages={"invalid_choice": _("There is no kind of help “%(value)s”.")},
    )
    language = language_filter(field_name="languages")
    region = region_filter(method="covering")
    affiliation = django_filters.ChoiceFilter(
        label=_("Advisor type"),
        choices=TechnicalAdvisor.Affiliation.choices,
        empty_label=_("ILO experts and volunteers"),
        error_messages={"invalid_choice": _("There is no advisor type “%(value)s”.")},
    )
    available = django_filters.BooleanFilter(
        label=_("Only advisors taking new requests"),
        method="taking_requests",
        widget=forms.CheckboxInput,
    )

    class Meta:
        model = TechnicalAdvisor
        fields: list[str] = []

    def offering(self, queryset, name, value):
        return queryset.filter(kinds__contains=[value])

    def taking_requests(self, queryset, name, value):
        if value:
            return queryset.exclude(availability=TechnicalAdvisor.Availability.UNAVAILABLE)
        return queryset

    def covering(self, queryset, name, value):
        return queryset.filter(covering_region_q(value))
