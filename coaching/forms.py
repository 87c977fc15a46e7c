from django import forms
from django.utils.translation import gettext_lazy as _

from core.documents import check_upload

MAX_DRAFT_BYTES = 5 * 1024 * 1024
DRAFT_KINDS = ("pdf", "docx", "odt")


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
        if draft:
            check_upload(draft, max_bytes=MAX_DRAFT_BYTES, kinds=DRAFT_KINDS)
        return draft
