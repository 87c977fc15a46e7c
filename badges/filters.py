"""Filters of the "Members of the Skills Innovation Network" page:
/recognition/network-members/?region=africa&category=rpl-certification"""

from __future__ import annotations

import django_filters
from django.utils.translation import gettext_lazy as _

from members.models import MemberProfile, Organization
from taxonomy.models import SkillCategory
from taxonomy.regions import Region, countries_in_region


class NetworkMemberFilter(django_filters.FilterSet):
    region = django_filters.ChoiceFilter(
        label=_("Region"), choices=Region.choices, method="in_region", empty_label=_("All regions")
    )
    category = django_filters.ModelChoiceFilter(
        label=_("Skills category"),
        queryset=SkillCategory.objects.all(),
        to_field_name="slug",
        method="in_category",
        empty_label=_("All categories"),
    )

    class Meta:
        model = Organization
        fields = ["region", "category"]

    def in_region(self, queryset, name, value):
        return queryset.filter(country__in=countries_in_region(value))

    def in_category(self, queryset, name, value):
        """Organizations whose approved people work in that skills category."""
        people = MemberProfile.objects.approved().filter(categories=value, organization__isnull=False)
        return queryset.filter(pk__in=people.values("organization"))
