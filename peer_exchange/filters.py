"""The library's filters, all in the query string: /peer-exchange/library/?kind=sop&q=budget"""

from __future__ import annotations

import django_filters
from django.utils.translation import gettext_lazy as _

from taxonomy.models import Language, SkillCategory
from taxonomy.regions import Region

from .models import Output


class OutputFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="search", max_length=200)
    category = django_filters.ModelChoiceFilter(
        label=_("Skills category"),
        field_name="categories",
        to_field_name="slug",
        queryset=SkillCategory.objects.active(),
        empty_label=_("All categories"),
        error_messages={"invalid_choice": _("There is no skills category “%(value)s”.")},
    )
    kind = django_filters.ChoiceFilter(
        label=_("Type"),
        choices=Output.Kind.choices,
        empty_label=_("All types"),
        error_messages={"invalid_choice": _("There is no type “%(value)s”.")},
    )
    language = django_filters.ModelChoiceFilter(
        label=_("Language"),
        field_name="language",
        to_field_name="code",
        queryset=Language.objects.all(),
        empty_label=_("All languages"),
        error_messages={"invalid_choice": _("There is no language with the code “%(value)s”.")},
    )
    region = django_filters.ChoiceFilter(
        label=_("Region"),
        choices=Region.choices,
        empty_label=_("All regions"),
        error_messages={"invalid_choice": _("There is no region “%(value)s”.")},
    )

    class Meta:
        model = Output
        fields: list[str] = []

    def search(self, queryset, name, value):
        return queryset.search(value)
