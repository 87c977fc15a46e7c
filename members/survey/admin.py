"""Staff curation of the needs assessment. Versions are opened and members invited
through services (admin actions); responses and announcements are read-only records."""

from __future__ import annotations

from django.contrib import admin, messages
from django.db.models import Count
from django.utils.translation import gettext_lazy as _

from core.admin import ReadOnlyAdmin, run_on_selected

from . import services
from .models import Answer, NeedAnnouncement, Response, Survey
from .tasks import survey_invite_members as survey_invite_members_task


@admin.register(Survey)
class SurveyAdmin(ReadOnlyAdmin):
    list_display = ["version", "status", "opened_at", "closed_at", "response_count"]
    actions = ["open_next_version", "invite_members"]

    def get_queryset(self, request):
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
        """Queued: a large network is invited by the worker, not in the request."""
        if not request.user.has_perm("survey.change_survey"):
            self.message_user(request, _("You may not invite members."), messages.WARNING)
            return
        for survey in queryset:
            if not survey.is_open:
                self.message_user(
                    request, _("Only the open version can be sent to members."), messages.WARNING
                )
                continue
            survey_invite_members_task.delay_on_commit(survey.pk, request.user.pk)
            self.message_user(
                request,
                _("Invitations to %(survey)s are being sent.") % {"survey": survey},
                messages.SUCCESS,
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
