"""Staff curation of the needs assessment. Versions are opened and members invited
through services (admin actions); responses and announcements are read-only records."""

from __future__ import annotations

from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from core.admin import ReadOnlyAdmin, run_on_selected

from . import services
from .models import Answer, NeedAnnouncement, Response, Survey


@admin.register(Survey)
class SurveyAdmin(ReadOnlyAdmin):
    list_display = ["version", "status", "opened_at", "closed_at", "response_count"]
    actions = ["open_next_version", "invite_members"]

    def get_queryset(self, request):
        from django.db.models import Count

        return super().get_queryset(request).annotate(n_responses=Count("responses"))

    @admin.display(description=_("responses"), ordering="n_responses")
    def response_count(self, obj):
        return obj.n_responses

    @admin.action(description=_("Run the survey again: open a new version with the same questions"))
    def open_next_version(self, request, queryset):
        run_on_selected(
            self,
            request,
            queryset[:1],
            lambda survey: services.survey_open_new_version(
                actor=request.user, questions=survey.questions
            ),
            done_message=lambda n: _("A new version is open. Invite the members to answer it."),
        )

    @admin.action(description=_("Invite existing members to answer (only those not yet invited)"))
    def invite_members(self, request, queryset):
        invited = []
        run_on_selected(
            self,
            request,
            queryset,
            lambda survey: invited.append(
                services.survey_invite_members(survey=survey, actor=request.user)
            ),
            done_message=lambda n: (
                ngettext("%(count)s member invited.", "%(count)s members invited.", sum(invited))
                % {"count": sum(invited)}
            ),
        )


class AnswerInline(admin.TabularInline):
    model = Answer
    fields = ["question", "option", "rank", "text"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Response)
class ResponseAdmin(ReadOnlyAdmin):
    list_display = ["profile", "survey", "submitted_at", "answered_in", "region"]
    list_filter = ["survey", "region", "answered_in"]
    list_select_related = ["profile", "survey"]
    inlines = [AnswerInline]


@admin.register(NeedAnnouncement)
class NeedAnnouncementAdmin(ReadOnlyAdmin):
    list_display = ["title", "need", "language", "region", "notified", "created_at"]
    list_filter = ["need", "region"]
