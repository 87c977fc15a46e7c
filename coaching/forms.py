from django import forms
from django.utils.translation import gettext_lazy as _

MAX_DRAFT_BYTES = 5 * 1024 * 1024
DRAFT_TYPES = (".pdf", ".docx", ".odt")


class FeedbackApplicationForm(forms.Form):
    description = forms.CharField(
        label=_("What would you like feedback on?"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("A few lines: your project, the call, where you are stuck."),
    )
    draft = forms.FileField(
        label=_("Draft document (optional)"),
        required=False,
        help_text=_("PDF, DOCX or ODT, 5 MB at most."),
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.docx,.odt"}),
    )

    def clean_draft(self):
        draft = self.cleaned_data.get("draft")
        if not draft:
            return draft
        if draft.size > MAX_DRAFT_BYTES:
            raise forms.ValidationError(_("This file is too large (5 MB at most)."))
        head = draft.read(8)
        draft.seek(0)
        name = draft.name.lower()
        is_pdf = name.endswith(".pdf") and head.startswith(b"%PDF-")
        is_zip_doc = name.endswith((".docx", ".odt")) and head.startswith(b"PK\x03\x04")
        if not (is_pdf or is_zip_doc):
            raise forms.ValidationError(_("Upload a PDF, DOCX or ODT document."))
        return draft
