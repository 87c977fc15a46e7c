"""Forms for alerts and notification preferences.

The alert form's criteria fields carry the /funds/ query parameter names (category,
region, country, instrument, funder_type, applicant_type, language, amount_min,
amount_max, q), so a /funds/ query string binds to it as is: unknown parameters (status,
sort, page, …) are ignored, invalid values become form errors.
"""

from __future__ import annotations

import contextlib
from decimal import Decimal
from urllib.parse import parse_qsl, urlencode

from django import forms
from django.http import QueryDict
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from funds.choices import ApplicantType, FunderType, Instrument
from funds.criteria import PARAMS, CallCriteria
from taxonomy.models import Language, SkillCategory
from taxonomy.regions import Region

from .models import DIGEST_HOUR_CHOICES, REMINDER_OFFSET_CHOICES, Alert, Frequency

MAX_AMOUNT = Decimal(10**12)
CRITERIA_PARAMS = tuple(PARAMS.values())
LIST_PARAMS = frozenset({"category", "region", "country", "instrument", "funder_type", "applicant_type", "language"})
# Parameters of /funds/ that only page or order the list: never part of an alert's link.
_DROPPED_FROM_LINK = frozenset({"page", "sort"})


class AlertForm(forms.Form):
    name = forms.CharField(
        label=_("Name of the alert"), max_length=120, help_text=_("Shown in the subject of the emails.")
    )
    frequency = forms.ChoiceField(
        label=_("How often"), choices=Frequency.choices, initial=Frequency.DAILY, widget=forms.RadioSelect
    )
    q = forms.CharField(
        label=_("Words"),
        required=False,
        max_length=200,
        help_text=_('Words in the title, funder, summary, tags or description. Use "quotes" for a phrase and -word to exclude.'),
    )
    category = forms.MultipleChoiceField(label=_("Skills categories"), required=False, widget=forms.CheckboxSelectMultiple)
    region = forms.MultipleChoiceField(
        label=_("Open to applicants in regions"), required=False, choices=Region.choices, widget=forms.CheckboxSelectMultiple
    )
    country = forms.MultipleChoiceField(
        label=_("Open to applicants in countries"),
        required=False,
        choices=lambda: list(countries),
        widget=forms.SelectMultiple(attrs={"size": 8}),
        help_text=_("Calls open worldwide, or to the region of a chosen country, are included."),
    )
    instrument = forms.MultipleChoiceField(
        label=_("Types of support"), required=False, choices=Instrument.choices, widget=forms.CheckboxSelectMultiple
    )
    funder_type = forms.MultipleChoiceField(
        label=_("Funder types"), required=False, choices=FunderType.choices, widget=forms.CheckboxSelectMultiple
    )
    applicant_type = forms.MultipleChoiceField(
        label=_("Who can apply"), required=False, choices=ApplicantType.choices, widget=forms.CheckboxSelectMultiple
    )
    language = forms.MultipleChoiceField(label=_("Application languages"), required=False, widget=forms.CheckboxSelectMultiple)
    amount_min = forms.DecimalField(
        label=_("Amount at least (USD)"), required=False, min_value=0, max_value=MAX_AMOUNT, max_digits=14, decimal_places=2
    )
    amount_max = forms.DecimalField(
        label=_("Amount at most (USD)"), required=False, min_value=0, max_value=MAX_AMOUNT, max_digits=14, decimal_places=2
    )
    source_query = forms.CharField(required=False, max_length=2000, widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.categories = {c.slug: c for c in SkillCategory.objects.active().order_by("ordering", "name_en")}
        self.fields["category"].choices = [(slug, c.name) for slug, c in self.categories.items()]
        self.fields["language"].choices = [(lang.code, lang.name) for lang in Language.objects.order_by("name_en")]

    # --- from and to query strings ---------------------------------------------------------

    @staticmethod
    def criteria_data(query: QueryDict) -> dict[str, list[str] | str]:
        """The criteria parameters of a /funds/ query string; everything else dropped."""
        data: dict[str, list[str] | str] = {}
        for name in CRITERIA_PARAMS:
            values = [v.strip() for v in query.getlist(name) if v.strip()]
            if not values:
                continue
            if name == "country":
                values = [v.upper() for v in values]
            data[name] = values if name in LIST_PARAMS else values[-1]
        return data

    @classmethod
    def data_from_query(cls, query: QueryDict, *, name: str = "", frequency: str = Frequency.DAILY) -> QueryDict:
        """Form data for a /funds/ query string (plus a name and frequency to start from)."""
        data = QueryDict(mutable=True)
        for key, value in cls.criteria_data(query).items():
            data.setlist(key, value if isinstance(value, list) else [value])
        data["name"] = name
        data["frequency"] = frequency
        kept = [(k, v) for k, v in query.lists() if k not in _DROPPED_FROM_LINK]
        data["source_query"] = urlencode(kept, doseq=True)[:2000]
        return data

    @classmethod
    def initial_from_alert(cls, alert: Alert) -> dict:
        return {
            "name": alert.name,
            "frequency": alert.frequency,
            "q": alert.q,
            "category": [c.slug for c in alert.categories.all()],
            "region": alert.regions,
            "country": alert.countries,
            "instrument": alert.instruments,
            "funder_type": alert.funder_types,
            "applicant_type": alert.applicant_types,
            "language": alert.languages,
            "amount_min": alert.amount_min_usd,
            "amount_max": alert.amount_max_usd,
            "source_query": alert.query_string,
        }

    # --- validation -------------------------------------------------------------------

    def clean(self):
        data = super().clean()
        low, high = data.get("amount_min"), data.get("amount_max")
        if low is not None and high is not None and low > high:
            self.add_error("amount_max", _("The maximum amount must be at least the minimum amount."))
        return data

    def criteria(self) -> CallCriteria:
        """The criteria chosen: the same object /funds/ builds from its filters."""
        return CallCriteria.from_params(
            self.cleaned_data, category_ids={slug: c.pk for slug, c in self.categories.items()}
        )

    def canonical_query(self) -> list[tuple[str, str]]:
        data = self.cleaned_data
        pairs: list[tuple[str, str]] = []
        for name in CRITERIA_PARAMS:
            value = data.get(name)
            if value in (None, "", []):
                continue
            if isinstance(value, Decimal):
                value = format(value.normalize(), "f")
            values = value if isinstance(value, list) else [value]
            pairs.extend((name, str(v)) for v in values)
        return pairs

    def query_string(self) -> str:
        """The /funds/ link of the alert: the query string it was saved from when the
        criteria are still those, else one built from the criteria."""
        canonical = self.canonical_query()
        source = self.cleaned_data.get("source_query") or ""
        if source:
            parsed = QueryDict(source)
            if sorted(_flatten(self.criteria_data(parsed))) == sorted(canonical):
                return urlencode([(k, v) for k, v in parse_qsl(source) if k not in _DROPPED_FROM_LINK])
        return urlencode(canonical)

    def suggested_name(self) -> str:
        """A name from the criteria chosen: "Work-based learning · Africa · youth"."""
        data = self.cleaned_data if hasattr(self, "cleaned_data") else {}
        parts: list[str] = []
        parts += [self.categories[s].name for s in data.get("category") or [] if s in self.categories]
        parts += [str(dict(Region.choices).get(r, r)) for r in data.get("region") or []]
        parts += [str(countries.name(c) or c) for c in data.get("country") or []]
        parts += [str(dict(Instrument.choices).get(i, i)) for i in data.get("instrument") or []]
        if data.get("q"):
            parts.append(f"“{data['q']}”")
        return " · ".join(parts)[:120] or str(_("New funding calls"))


def _flatten(data: dict) -> list[tuple[str, str]]:
    pairs = []
    for name, value in data.items():
        if name in ("amount_min", "amount_max"):
            with contextlib.suppress(ArithmeticError):
                value = format(Decimal(value).normalize(), "f")
        values = value if isinstance(value, list) else [value]
        pairs.extend((name, str(v)) for v in values)
    return pairs


class FollowCategoryForm(forms.Form):
    frequency = forms.ChoiceField(
        label=_("How often"), choices=Frequency.choices, initial=Frequency.DAILY, widget=forms.RadioSelect,
        required=False,
    )


class PreferencesForm(forms.Form):
    reminders_enabled = forms.BooleanField(
        label=_("Remind me of the deadlines of calls I bookmarked"), required=False
    )
    reminder_offsets = forms.MultipleChoiceField(
        label=_("When to remind me"),
        choices=REMINDER_OFFSET_CHOICES,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    change_notices_enabled = forms.BooleanField(
        label=_("Tell me when a call I bookmarked changes (deadline moved, withdrawn)"), required=False
    )
    digest_hour = forms.TypedChoiceField(
        label=_("Send my daily and weekly digests at"),
        choices=DIGEST_HOUR_CHOICES,
        coerce=int,
        help_text=_("In the time zone of your profile."),
    )

    def clean(self):
        data = super().clean()
        if data.get("reminders_enabled") and not data.get("reminder_offsets"):
            self.add_error("reminder_offsets", _("Choose at least one day, or turn deadline reminders off."))
        return data
