from django import forms
from django.utils.translation import gettext_lazy as _

from core.documents import check_upload
from taxonomy.models import Language, SkillCategory

from .models import Output

MAX_FILE_BYTES = 10 * 1024 * 1024


class TopicForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    description = forms.CharField(
        label=_("What would you like to discuss?"),
        max_length=3000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    categories = forms.ModelMultipleChoiceField(
        label=_("Skills categories"),
        queryset=SkillCategory.objects.active(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    language = forms.ModelChoiceField(
        label=_("Language"), queryset=Language.objects.all(), required=False
    )


class OutputForm(forms.ModelForm):
    categories = forms.ModelMultipleChoiceField(
        label=_("Skills categories"),
        queryset=SkillCategory.objects.active(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = Output
        fields = ("kind", "title", "summary", "tips", "links", "keywords", "language", "region")
        widgets = {"summary": forms.Textarea(attrs={"rows": 10}), "tips": forms.Textarea(attrs={"rows": 4}),
                   "links": forms.Textarea(attrs={"rows": 3})}  # fmt: skip


class OutputFileForm(forms.Form):
    title = forms.CharField(label=_("File title"), max_length=200, required=False)
    file = forms.FileField(label=_("File"), help_text=_("PDF, DOCX, ODT or XLSX, 10 MB at most."))

    def clean_file(self):
        upload = self.cleaned_data["file"]
        check_upload(upload, max_bytes=MAX_FILE_BYTES)
        return upload


class HostOfferForm(forms.Form):
    is_active = forms.BooleanField(
        label=_("I am willing to host peer-exchange sessions"), required=False
    )
    can_facilitate = forms.CharField(
        label=_("Topics I can facilitate"), max_length=500, required=False
    )
    categories = forms.ModelMultipleChoiceField(
        label=_("Skills categories"),
        queryset=SkillCategory.objects.active(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )


class ScheduleForm(forms.Form):
    peer = forms.ModelChoiceField(label=_("Session"), queryset=None)

    def __init__(self, *args, sessions=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["peer"].queryset = sessions
        self.fields["peer"].label_from_instance = lambda p: (
            f"{p.session.title} — {p.session.starts_at:%Y-%m-%d %H:%M}"
        )
