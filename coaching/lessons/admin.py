"""Staff review library lessons: endorse, ask for changes (with a note emailed to the
author) or reject — from a lesson's page (the "Decision" field) or, to endorse or reject
several, the list's actions. Every decision goes through the services."""

from __future__ import annotations

from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from core.admin import run_on_selected

from . import services
from .models import Lesson, LessonMaterial

DECISIONS = {
    "endorse": services.lesson_endorse,
    "changes": services.lesson_request_changes,
    "reject": services.lesson_reject,
}


class LessonReviewForm(forms.ModelForm):
    decision = forms.ChoiceField(
        label=_("Decision"),
        required=False,
        choices=[
            ("", _("No decision yet")),
            ("endorse", _("Endorse (Endorsed by ILO)")),
            ("changes", _("Ask the author for changes")),
            ("reject", _("Reject")),
        ],
    )
    note = forms.CharField(
        label=_("Note to the author"),
        required=False,
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Emailed with the decision; required to ask for changes."),
    )

    class Meta:
        model = Lesson
        fields: list[str] = []

    def clean(self):
        cleaned = super().clean()
        decision = cleaned.get("decision")
        if decision and not self.instance.is_awaiting_review:
            raise forms.ValidationError(_("This lesson is not awaiting review."))
        if decision == "changes" and not (cleaned.get("note") or "").strip():
            self.add_error("note", _("Say what the author should change."))
        return cleaned


class MaterialInline(admin.TabularInline):
    model = LessonMaterial
    extra = 0
    fields = ("name", "kind", "size", "uploaded_at")
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Lesson)
class LessonAdmin(admin.ModelAdmin):
    form = LessonReviewForm
    list_display = ("title", "author", "language", "status", "submitted_at", "endorsed_at")
    list_filter = ("status", "language", "categories")
    list_select_related = ("author", "language")
    search_fields = ("title", "author__email")
    readonly_fields = (
        "title", "summary", "categories_list", "language", "video_url", "transcript_url",
        "subtitles_url", "estimated_minutes", "author", "status", "review_note",
        "endorsed_by", "endorsed_at", "submitted_at",
    )  # fmt: skip
    fieldsets = (
        (None, {"fields": ("title", "summary", "categories_list", "language", "estimated_minutes")}),
        (_("Links"), {"fields": ("video_url", "transcript_url", "subtitles_url")}),
        (_("Review"), {"fields": ("author", "submitted_at", "status", "review_note",
                                  "endorsed_by", "endorsed_at", "decision", "note")}),
    )  # fmt: skip
    inlines = (MaterialInline,)
    actions = ("endorse_selected", "reject_selected")

    def has_add_permission(self, request):
        return False  # members submit lessons on the site

    @admin.display(description=_("skills categories"))
    def categories_list(self, obj):
        return ", ".join(c.name for c in obj.categories.all())

    def save_model(self, request, obj, form, change):
        decision = form.cleaned_data.get("decision")
        if decision:
            note = (form.cleaned_data.get("note") or "").strip()
            DECISIONS[decision](lesson=obj, actor=request.user, note=note)

    def save_related(self, request, form, formsets, change):
        for formset in formsets:  # materials: only deletions
            self.save_formset(request, form, formset, change=change)

    @admin.action(description=_("Endorse the selected lessons"))
    def endorse_selected(self, request, queryset):
        run_on_selected(
            self, request, queryset,
            lambda lesson: services.lesson_endorse(lesson=lesson, actor=request.user),
            done_message=lambda n: ngettext("%d lesson endorsed.", "%d lessons endorsed.", n) % n,
        )  # fmt: skip

    @admin.action(description=_("Reject the selected lessons"))
    def reject_selected(self, request, queryset):
        run_on_selected(
            self, request, queryset,
            lambda lesson: services.lesson_reject(lesson=lesson, actor=request.user),
            done_message=lambda n: ngettext("%d lesson rejected.", "%d lessons rejected.", n) % n,
        )  # fmt: skip
