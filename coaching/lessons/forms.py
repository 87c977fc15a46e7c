"""What a member types to submit or edit a lesson; the service checks it again."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from core.documents import check_upload
from taxonomy.models import SkillCategory

from .models import Lesson


class LessonForm(forms.ModelForm):
    categories = forms.ModelMultipleChoiceField(
        label=_("Areas of intervention (skills categories)"),
        queryset=SkillCategory.objects.active(),
        widget=forms.CheckboxSelectMultiple,
    )
    material = forms.FileField(
        label=_("Materials"),
        required=False,
        help_text=_("Optional: a PDF, DOCX, XLSX or ODT document, 10 MB at most."),
    )

    class Meta:
        model = Lesson
        fields = [
            "title",
            "summary",
            "categories",
            "language",
            "video_url",
            "transcript_url",
            "subtitles_url",
            "estimated_minutes",
        ]
        widgets = {
            "video_url": forms.URLInput(attrs={"placeholder": "https://"}),
            "transcript_url": forms.URLInput(attrs={"placeholder": "https://"}),
            "subtitles_url": forms.URLInput(attrs={"placeholder": "https://"}),
        }

    def clean_material(self):
        upload = self.cleaned_data.get("material")
        if upload:
            check_upload(upload, max_bytes=settings.COACHING_DOCUMENT_MAX_BYTES)
        return upload

    def service_arguments(self) -> dict:
        """The keyword arguments of lesson_submit / lesson_edit, from a valid form."""
        data = {name: self.cleaned_data[name] for name in self.Meta.fields if name != "categories"}
        upload = self.cleaned_data.get("material")
        materials = [(upload.name, upload.read())] if upload else []
        return {
            "data": data,
            "categories": list(self.cleaned_data["categories"]),
            "materials": materials,
        }


class AddToCourseForm(forms.Form):
    course = forms.ModelChoiceField(label=_("Course"), queryset=None)

    def __init__(self, *args, **kwargs):
        from coaching.courses.models import Course

        super().__init__(*args, **kwargs)
        self.fields["course"].queryset = Course.objects.order_by("title")
