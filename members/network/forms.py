"""The map's filters, all in the query string (the same for the map, its JSON and its
text version): /members/map/?region=africa&category=rpl-certification&keyword=solar&focus=…

Unknown values, too many keywords or overlong text are form errors: the views answer 400
with the message, and never say whether a private organization exists."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from taxonomy.models import Expertise, Language, SkillCategory
from taxonomy.regions import Region

MAX_KEYWORDS = 5
MAX_SEARCH_WORDS = 8


class MapFilterForm(forms.Form):
    q = forms.CharField(
        label=_("Search organizations"),
        required=False,
        max_length=100,
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off"}),
        help_text=_("Part of an organization's name"),
    )
    region = forms.ChoiceField(
        label=_("Region"),
        required=False,
        choices=[("", _("All regions")), *Region.choices],
        error_messages={"invalid_choice": _("There is no region “%(value)s”.")},
    )
    country = forms.ChoiceField(
        label=_("Country"),
        required=False,
        choices=[],  # filled per form, sorted in the active language
        error_messages={"invalid_choice": _("There is no country with the code “%(value)s”.")},
    )
    category = forms.ModelChoiceField(
        label=_("Skills category"),
        required=False,
        to_field_name="slug",
        queryset=SkillCategory.objects.active(),
        empty_label=_("All categories"),
        error_messages={"invalid_choice": _("There is no skills category “%(value)s”.")},
    )
    language = forms.ModelChoiceField(
        label=_("Language"),
        required=False,
        to_field_name="code",
        queryset=Language.objects.all(),
        empty_label=_("All languages"),
        error_messages={"invalid_choice": _("There is no language with the code “%(value)s”.")},
    )
    keyword = forms.ModelMultipleChoiceField(
        label=_("Keywords"),
        required=False,
        to_field_name="slug",
        queryset=Expertise.objects.all(),
        help_text=_("Organizations with any of these (up to 5)."),
        error_messages={
            "invalid_choice": _("There is no keyword “%(value)s”."),
            "invalid_pk_value": _("There is no keyword “%(pk)s”."),
        },
    )
    focus = forms.SlugField(
        label=_("Focus on an organization"),
        required=False,
        max_length=220,
        widget=forms.HiddenInput,
        error_messages={"invalid": _("There is no such organization on the map.")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["country"].choices = [("", _("All countries")), *countries]

    def _clean_fields(self):
        # Check the keyword list's length before it is looked up in the database.
        raw = self.data.getlist("keyword") if hasattr(self.data, "getlist") else []
        if len(raw) > MAX_KEYWORDS or any(len(value) > 100 for value in raw):
            self.add_error(
                "keyword", _("Choose at most %(count)d keywords.") % {"count": MAX_KEYWORDS}
            )
            self.fields["keyword"].disabled = True  # skip the lookup; the error stays
        super()._clean_fields()

    def criteria(self) -> dict:
        """The filters as plain values (call after is_valid())."""
        data = self.cleaned_data
        return {
            "words": (data.get("q") or "").casefold().split()[:MAX_SEARCH_WORDS],
            "region": data.get("region") or "",
            "country": data.get("country") or "",
            "category": data["category"].slug if data.get("category") else "",
            "language": data["language"].code if data.get("language") else "",
            "keywords": {k.slug for k in data.get("keyword") or ()},
            "focus": data.get("focus") or "",
        }
