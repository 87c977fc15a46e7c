"""Forms of the curation side: a member's suggestion, a report of outdated information,
and the admin's call form, spreadsheet import and rejection reason."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.slugs import unique_slug
from core.text import MultiLineFormField, SingleLineFormField
from taxonomy.models import Language, SkillCategory
from taxonomy.regions import Region

from .choices import CURRENCIES, EditorialStatus, FunderType, Instrument
from .models import CallReport, FundingCall
from .services.curation import RESERVED_SLUGS, status_change_allowed


class DateInput(forms.DateInput):
    input_type = "date"


class CallSuggestionForm(forms.Form):
    """The short form a network member fills in to suggest a call: the source link and
    the key facts. Staff complete the rest before publishing."""

    # One-line fields lose line breaks and control characters (core.text).
    title = SingleLineFormField(label=_("Name of the call"), max_length=300)
    funder_name = SingleLineFormField(
        label=_("Funder"),
        max_length=200,
        help_text=_("The organization that offers the funds."),
        widget=forms.TextInput(attrs={"list": "funder-names", "autocomplete": "off"}),
    )
    funder_type = forms.ChoiceField(
        label=_("Type of funder"), choices=FunderType.choices, initial=FunderType.OTHER, required=False
    )
    source_url = forms.URLField(
        label=_("Link to the official page"),
        max_length=500,
        assume_scheme="https",
        help_text=_("Where the call is published by the funder, so that staff can check it."),
    )
    apply_url = forms.URLField(label=_("Application link (if different)"), max_length=500, required=False, assume_scheme="https")
    instrument = forms.ChoiceField(label=_("Kind of funding"), choices=Instrument.choices)
    summary = MultiLineFormField(
        label=_("What it funds, in two or three sentences"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    opens_on = forms.DateField(label=_("Opens on"), required=False, widget=DateInput)
    deadline = forms.DateField(label=_("Deadline"), required=False, widget=DateInput)
    is_rolling = forms.BooleanField(label=_("No fixed deadline (rolling)"), required=False)
    amount_max = forms.DecimalField(
        label=_("Largest award"), required=False, min_value=0, max_digits=14, decimal_places=2
    )
    currency = forms.ChoiceField(label=_("Currency"), choices=CURRENCIES, initial="USD")
    is_global = forms.BooleanField(label=_("Open to applicants worldwide"), required=False)
    eligible_regions = forms.MultipleChoiceField(
        label=_("Regions where applicants may be"),
        choices=Region.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    categories = forms.ModelMultipleChoiceField(
        label=_("Skills categories"),
        queryset=SkillCategory.objects.active(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    languages = forms.ModelMultipleChoiceField(
        label=_("Languages applications are accepted in"),
        queryset=Language.objects.all(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 6}),
    )
    description = MultiLineFormField(
        label=_("Anything else staff should know"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def clean(self):
        data = super().clean()
        deadline, opens_on = data.get("deadline"), data.get("opens_on")
        if deadline and deadline < timezone.localdate():
            self.add_error("deadline", _("This deadline has passed: suggest calls that are still open or coming."))
        if deadline and opens_on and deadline < opens_on:
            self.add_error("deadline", _("The deadline cannot be before the opening date."))
        if data.get("is_rolling") and deadline:
            self.add_error("is_rolling", _("A rolling call has no deadline: leave the deadline empty."))
        return data

    def service_data(self) -> dict:
        """The cleaned values as call_submit_suggestion's `data` (the deadline at the
        end of its day, UTC, for staff to adjust)."""
        data = {k: v for k, v in self.cleaned_data.items() if k not in {"funder_name", "funder_type"}}
        if data.get("deadline"):
            data["deadline"] = dt.datetime.combine(data["deadline"], dt.time(23, 59), tzinfo=dt.UTC)
        if not data.get("amount_max"):
            data.pop("amount_max", None)
        return data


class CallReportForm(forms.ModelForm):
    """"Report outdated information": the message, and an email for people who are not
    signed in (optional)."""

    class Meta:
        model = CallReport
        fields = ["message", "email"]
        widgets = {"message": forms.Textarea(attrs={"rows": 5, "maxlength": 2000})}
        help_texts = {
            "message": _("For example: the deadline moved, the link is broken, the call was cancelled."),
            "email": _("Only if you want us to tell you when it is fixed."),
        }

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["message"].max_length = 2000
        if user is not None and user.is_authenticated:
            del self.fields["email"]


class CallImportForm(forms.Form):
    file = forms.FileField(
        label=_("Spreadsheet"),
        help_text=_("An Excel workbook (.xlsx) or a CSV file with the columns of the template."),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.csv"}),
    )
    dry_run = forms.BooleanField(
        label=_("Dry run: check the file and show what would change, without saving"),
        required=False,
        initial=True,
    )
    partial = forms.BooleanField(
        label=_("Import the valid rows and give me back the rejected ones to fix"),
        help_text=_("Without this, a file with any error imports nothing (all or nothing)."),
        required=False,
    )
    include_hidden = forms.BooleanField(
        label=_("Import hidden rows and columns too"),
        help_text=_("Hidden rows and columns are skipped by default: they often hold old calls or private notes."),
        required=False,
    )
    date_order = forms.ChoiceField(
        label=_("Dates such as 03/04/2027"),
        choices=[
            ("auto", _("Day first in French and Spanish files; otherwise ask (reported as ambiguous)")),
            ("day-first", _("Day first (3 April 2027)")),
            ("month-first", _("Month first (March 4, 2027)")),
        ],
        initial="auto",
        required=False,
    )


class RejectCallsForm(forms.Form):
    reason = MultiLineFormField(
        label=_("Reason"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Sent by email to the member who suggested each call."),
    )


class FundingCallAdminForm(forms.ModelForm):
    """The admin's call form. The slug is made from the title when left empty, and the
    editorial state may only move the way the services allow."""

    class Meta:
        model = FundingCall
        fields = [
            "title", "slug", "funder", "co_funders", "reference", "instrument", "summary", "description",
            "categories", "tags", "is_global", "eligible_regions", "eligible_countries", "applicant_types",
            "languages", "amount_min", "amount_max", "currency", "amount_usd", "awards_count",
            "cofinancing_required", "cofinancing_rate", "opens_on", "deadline", "deadline_timezone",
            "is_rolling", "apply_url", "source_url", "contact", "status", "review_note",
        ]  # fmt: skip

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "slug" in self.fields:
            self.fields["slug"].required = False
            self.fields["slug"].help_text = _("The call's address on the portal. Made from the title when left empty.")

    def clean(self):
        data = super().clean()
        if "slug" in self.fields and not data.get("slug"):
            if self.instance.pk:
                data["slug"] = FundingCall.objects.only("slug").get(pk=self.instance.pk).slug
            elif data.get("title"):
                data["slug"] = unique_slug(FundingCall, data["title"], max_length=300, reserved=RESERVED_SLUGS)
        if "slug" in self.fields and (data.get("slug") or "").lower() in RESERVED_SLUGS:
            self.add_error("slug", _("“%(slug)s” is the address of one of the portal's own pages.") % {"slug": data["slug"]})
        status = data.get("status")
        if status == EditorialStatus.REJECTED and not (data.get("review_note") or "").strip():
            self.add_error("review_note", _("Give a reason for the decision: it is sent to the member who suggested the call."))
        if status and self.instance.pk:
            old = FundingCall.objects.only("status").get(pk=self.instance.pk).status
            if not status_change_allowed(old, status):
                self.add_error(
                    "status",
                    _("A call that is %(old)s cannot be %(new)s.")
                    % {"old": EditorialStatus(old).label.lower(), "new": EditorialStatus(status).label.lower()},
                )
        elif status == EditorialStatus.REJECTED:
            self.add_error("status", _("A new call cannot start rejected."))
        return data
