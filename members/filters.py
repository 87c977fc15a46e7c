"""The member directory's filters: every one of them lives in the query string, e.g.
/members/?category=rpl-certification&region=africa&q=apprentice"""

from __future__ import annotations

import django_filters
from django import forms
from django.db.models import Exists, OuterRef, Q
from django.http import QueryDict
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from taxonomy.filters import category_filter, language_filter, region_filter
from taxonomy.models import Expertise
from taxonomy.regions import countries_in_region

from .models import MemberProfile, Organization, OrganizationType

MAX_SEARCH_WORDS = 8


class MemberFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label=_("Search"),
        method="search",
        max_length=200,
        help_text=_("Name, organization, bio or expertise"),
        widget=forms.TextInput(attrs={"type": "search"}),
    )
    category = category_filter()
    region = region_filter(method="in_region")
    country = django_filters.ChoiceFilter(
        label=_("Country"),
        choices=[],  # filled per request, sorted in the active language: see __init__
        empty_label=_("All countries"),
        error_messages={"invalid_choice": _("There is no country with the code “%(value)s”.")},
    )
    language = language_filter(field_name="languages")
    expertise = django_filters.ModelChoiceFilter(
        label=_("Technical expertise"),
        field_name="expertise",
        to_field_name="slug",
        queryset=Expertise.objects.all(),
        empty_label=_("All expertise"),
        error_messages={"invalid_choice": _("There is no expertise “%(value)s”.")},
    )
    role = django_filters.ChoiceFilter(
        label=_("Network role"),
        field_name="network_role",
        choices=MemberProfile.NetworkRole.choices,
        empty_label=_("All roles"),
        error_messages={"invalid_choice": _("There is no network role “%(value)s”.")},
    )

    class Meta:
        model = MemberProfile
        fields = ["q", "category", "region", "country", "language", "expertise", "role"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["country"].extra["choices"] = list(countries)

    def search(self, queryset, name, value):
        """Every word must appear in the name, organization, bio or an expertise (in any of
        the three languages). Expertise is matched with EXISTS so that no row repeats."""
        for word in value.split()[:MAX_SEARCH_WORDS]:
            expertise = Expertise.objects.filter(members=OuterRef("pk")).filter(
                Q(name_en__icontains=word) | Q(name_fr__icontains=word) | Q(name_es__icontains=word)
            )
            queryset = queryset.filter(
                Q(full_name__icontains=word)
                # Only an approved organization is public: a pending one's name finds nobody.
                | Q(
                    organization__name__icontains=word,
                    organization__review_status=Organization.ReviewStatus.APPROVED,
                )
                | Q(organization_role__icontains=word)
                | Q(bio__icontains=word)
                | Exists(expertise)
            )
        return queryset

    def in_region(self, queryset, name, value):
        return queryset.filter(country__in=countries_in_region(value))


class OrganizationFilter(django_filters.FilterSet):
    """Filters of the public "Our members" page."""

    q = django_filters.CharFilter(
        label=_("Search"),
        field_name="name",
        lookup_expr="icontains",
        max_length=200,
        widget=forms.TextInput(attrs={"type": "search"}),
    )
    region = region_filter(method="in_region")
    type = django_filters.ChoiceFilter(
        label=_("Type"), choices=OrganizationType.choices, empty_label=_("All types")
    )

    class Meta:
        model = Organization
        fields = ["q", "region", "type"]

    def in_region(self, queryset, name, value):
        return queryset.filter(country__in=countries_in_region(value))


def active_filters(filterset: django_filters.FilterSet) -> list[dict]:
    """The filters in use, each with a readable value and the query string without it
    (and without the page number), for "remove this filter" links."""
    if not filterset.is_bound:
        return []
    form = filterset.form
    valid = form.is_valid()
    result = []
    for name, field in form.fields.items():
        raw = filterset.data.get(name, "")
        if not raw or not str(raw).strip():
            continue
        value = form.cleaned_data.get(name) if valid else None
        if value is None or value == "":
            shown = raw
        elif isinstance(value, str) and getattr(field, "choices", None):
            shown = dict(field.choices).get(value, value)
        else:
            shown = value
        remaining = QueryDict(mutable=True)
        data = filterset.data
        for key in data:
            if key not in (name, "page"):
                remaining.setlist(
                    key, data.getlist(key) if hasattr(data, "getlist") else [data[key]]
                )
        result.append(
            {
                "name": name,
                "label": field.label,
                "value": str(shown),
                "remove_query": remaining.urlencode(),
            }
        )
    return result
