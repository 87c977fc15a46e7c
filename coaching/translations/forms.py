"""What members type on the translation pages: the volunteer setting (capacity and
language pairs, a small formset) and a translation request with its documents."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.documents import check_upload
from taxonomy.models import Language

from .services.volunteers import MAX_CAPACITY

MAX_DOCUMENTS = 5


class VolunteerForm(forms.Form):
    monthly_capacity = forms.IntegerField(
        label=_("Translations per month"), min_value=1, max_value=MAX_CAPACITY, initial=2,
        help_text=_("You are never offered more than this in a calendar month."),
    )  # fmt: skip


class PairForm(forms.Form):
    source = forms.ModelChoiceField(
        label=_("From"), queryset=Language.objects.all(), required=False
    )
    target = forms.ModelChoiceField(
        label=_("Into"), queryset=Language.objects.all(), required=False
    )

    def clean(self):
        data = super().clean()
        source, target = data.get("source"), data.get("target")
        if bool(source) != bool(target):
            raise forms.ValidationError(_("Choose both languages of the pair, or neither."))
        if source and source == target:
            raise forms.ValidationError(_("A pair needs two different languages."))
        return data


class BasePairFormSet(forms.BaseFormSet):
    def pairs(self) -> list[tuple]:
        return [
            (form.cleaned_data["source"], form.cleaned_data["target"])
            for form in self.forms
            if form.cleaned_data.get("source")
        ]

    def clean(self):
        if any(self.errors):
            return
        if not self.pairs():
            raise forms.ValidationError(_("Give at least one language pair."))


PairFormSet = forms.formset_factory(
    PairForm, formset=BasePairFormSet, extra=2, max_num=10, validate_max=True
)


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class DocumentsField(forms.FileField):
    """Several documents in one input, each checked by content and size (core.documents)."""

    widget = MultipleFileInput

    def clean(self, data, initial=None):
        single = super().clean
        files = [d for d in (data if isinstance(data, list | tuple) else [data]) if d]
        uploads = [single(d, initial) for d in files] if files else [single(None, initial)]
        if len(uploads) > MAX_DOCUMENTS:
            raise forms.ValidationError(
                _("At most %(count)d documents per request.") % {"count": MAX_DOCUMENTS}
            )
        for upload in uploads:
            check_upload(upload, max_bytes=settings.COACHING_DOCUMENT_MAX_BYTES)
        return uploads


class RequestForm(forms.Form):
    title = forms.CharField(label=_("What is to be translated"), max_length=200)
    source = forms.ModelChoiceField(label=_("From"), queryset=Language.objects.all())
    target = forms.ModelChoiceField(label=_("Into"), queryset=Language.objects.all())
    deadline = forms.DateField(label=_("Needed by"), widget=forms.DateInput(attrs={"type": "date"}))
    documents = DocumentsField(
        label=_("Documents (PDF, DOCX, XLSX or ODT)"),
        help_text=_("Up to five files. Only you, the volunteer who accepts and ILO staff can open them."),
    )  # fmt: skip
    coaching_request = forms.ModelChoiceField(
        label=_("Your coaching request (optional)"), queryset=None, required=False
    )
    call = forms.ModelChoiceField(label=_("Funding call (optional)"), queryset=None, required=False)

    def __init__(self, *args, coaching_requests=None, calls=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["coaching_request"].queryset = coaching_requests
        self.fields["call"].queryset = calls

    def clean_deadline(self):
        deadline = self.cleaned_data["deadline"]
        if deadline < timezone.localdate():
            raise forms.ValidationError(
                _("The deadline is in the past: choose today or a later day.")
            )
        return deadline

    def clean(self):
        data = super().clean()
        if data.get("source") and data.get("source") == data.get("target"):
            self.add_error("target", _("Choose two different languages."))
        return data


class DeliveryForm(forms.Form):
    file = forms.FileField(label=_("The translation (PDF, DOCX, XLSX or ODT)"))
