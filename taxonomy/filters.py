"""The taxonomy's filters for any list page's FilterSet: a skills category by slug, a
language by code, a region — with the same labels and "there is no …" messages everywhere.

    category = category_filter()                      # field "categories"
    language = language_filter(field_name="languages")
"""

from __future__ import annotations

import django_filters
from django.utils.translation import gettext_lazy as _

from .models import Language, SkillCategory
from .regions import Region


def category_filter(*, field_name: str = "categories", **kwargs) -> django_filters.ModelChoiceFilter:
    return django_filters.ModelChoiceFilter(
        label=_("Skills category"),
        field_name=field_name,
        to_field_name="slug",
        queryset=SkillCategory.objects.active(),
        empty_label=_("All categories"),
        error_messages={"invalid_choice": _("There is no skills category “%(value)s”.")},
        **kwargs,
    )


def language_filter(*, field_name: str = "language", **kwargs) -> django_filters.ModelChoiceFilter:
    return django_filters.ModelChoiceFilter(
        label=_("Language"),
        field_name=field_name,
        to_field_name="code",
        queryset=Language.objects.all(),
        empty_label=_("All languages"),
        error_messages={"invalid_choice": _("There is no language with the code “%(value)s”.")},
        **kwargs,
    )


def region_filter(**kwargs) -> django_filters.ChoiceFilter:
    return django_filters.ChoiceFilter(
        label=_("Region"),
        choices=Region.choices,
        empty_label=_("All regions"),
        error_messages={"invalid_choice": _("There is no region “%(value)s”.")},
        **kwargs,
    )
