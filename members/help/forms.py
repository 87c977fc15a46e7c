"""Find help's forms: the need, the message, a member's offer of help. Validation only."""

from __future__ import annotations

import uuid

from django import forms
from django.utils.translation import gettext_lazy as _

from taxonomy.models import Language, SkillCategory

from .models import HelpKind
from .selectors import Need


class NeedForm(forms.Form):
    category = forms.ModelChoiceField(
        label=_("Skills category"),
        queryset=SkillCategory.objects.active(),
        required=False,
        empty_label=_("Any category"),
        to_field_name="slug",
    )
    kind = forms.ChoiceField(
        label=_("Kind of help"), required=False, choices=[("", _("Any kind")), *HelpKind.choices]
    )
    language = forms.ModelChoiceField(
        label=_("In which language?"),
        queryset=Language.objects.all(),
        required=False,
        empty_label=_("Any language"),
        to_field_name="code",
    )

    def clean(self):
        cleaned = super().clean()
        if not self.errors and not cleaned.get("category") and not cleaned.get("kind"):
            raise forms.ValidationError(
                _("Choose a skills category or a kind of help."), code="empty"
            )
        return cleaned

    def need(self) -> Need:
        data = self.cleaned_data
        return Need(
            category=data.get("category"),
            kind=data.get("kind") or "",
            language=data.get("language"),
        )


class MessageForm(forms.Form):
    subject = forms.CharField(label=_("Subject"), max_length=150)
    body = forms.CharField(
        label=_("Your message"),
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_(
            "Say who you are, what you need and how they could help. Your email address is shared with them so they can answer."
        ),
    )
    kind = forms.ChoiceField(
        required=False, choices=[("", ""), *HelpKind.choices], widget=forms.HiddenInput
    )
    request_key = forms.UUIDField(widget=forms.HiddenInput, initial=uuid.uuid4)


class HelpOfferForm(forms.Form):
    kinds = forms.MultipleChoiceField(
        label=_("Help you can offer other members"),
        choices=HelpKind.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    accepts_contact = forms.BooleanField(
        label=_("Members may write to me through the portal"),
        required=False,
        help_text=_("Your email address is never shown; messages are forwarded to you."),
    )
