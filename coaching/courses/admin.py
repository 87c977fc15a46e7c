"""Staff curate courses (steps inline, the completion rule) and export completions."""

import csv

from django.contrib import admin
from django.http import HttpResponse
from django.utils.translation import gettext_lazy as _

from core.spreadsheets import formula_safe_row

from .models import Completion, Course, Enrollment, Question, Quiz, QuizAttempt, Step


class StepInline(admin.StackedInline):
    model = Step
    extra = 1
    raw_id_fields = ("session", "library_lesson")
    fields = (
        "position",
        "kind",
        "session",
        "required",
        "library_lesson",
        "title",
        "video_url",
        "materials_url",
        "captions",
        "estimated_minutes",
    )


@admin.register(Course)
class CourseAdmin(admin.ModelAdmin):
    list_display = ("title", "is_published", "min_sessions", "badge_slug")
    list_filter = ("is_published", "categories")
    search_fields = ("title",)
    prepopulated_fields = {"slug": ("title",)}
    filter_horizontal = ("categories", "languages")
    inlines = (StepInline,)


@admin.register(Enrollment)
class EnrollmentAdmin(admin.ModelAdmin):
    list_display = ("user", "course", "enrolled_at")
    list_filter = ("course",)
    list_select_related = ("user", "course")
    search_fields = ("user__email",)
    readonly_fields = ("course", "user", "enrolled_at")


@admin.register(Completion)
class CompletionAdmin(admin.ModelAdmin):
    list_display = ("user", "course", "completed_at")
    list_filter = ("course",)
    list_select_related = ("user", "course")
    search_fields = ("user__email",)
    readonly_fields = ("course", "user", "completed_at", "sessions_attended", "lessons_completed")
    actions = ("export_csv",)

    def has_add_permission(self, request):
        return False

    @admin.action(description=_("Export the selected completions (CSV)"))
    def export_csv(self, request, queryset):
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = 'attachment; filename="course-completions.csv"'
        writer = csv.writer(response)
        writer.writerow(
            ["course", "email", "name", "completed_at", "sessions_attended", "lessons_completed"]
        )
        for c in queryset.select_related("course", "user").order_by(
            "course__title", "completed_at"
        ):
            writer.writerow(formula_safe_row([
                c.course.title, c.user.email, c.user.get_full_name(), c.completed_at.isoformat(),
                " ".join(map(str, c.sessions_attended)), " ".join(map(str, c.lessons_completed)),
            ]))  # fmt: skip
        return response


class QuestionInline(admin.TabularInline):
    model = Question
    extra = 3
    fields = ("position", "text", "answers", "correct")


@admin.register(Quiz)
class QuizAdmin(admin.ModelAdmin):
    """A lesson step's quiz: its questions inline (answers one a line, the right one's number)."""

    list_display = ("step", "course", "pass_mark")
    list_select_related = ("step__course",)
    raw_id_fields = ("step",)
    inlines = (QuestionInline,)

    @admin.display(description=_("course"))
    def course(self, obj):
        return obj.step.course


@admin.register(QuizAttempt)
class QuizAttemptAdmin(admin.ModelAdmin):
    list_display = ("enrollment", "quiz", "score", "passed", "submitted_at")
    list_filter = ("passed",)
    list_select_related = ("enrollment__user", "enrollment__course", "quiz__step")
    readonly_fields = ("enrollment", "quiz", "answers", "score", "passed", "submitted_at")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
