"""Staff curation: series, sessions (the engine's admin base), topics (close, merge),
hosts, the knowledge base (public flag) and the guide pages."""

from django import forms
from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from core.admin import run_on_selected
from events.admin import SessionAdminBase
from members.models import MembershipApplication

from . import services
from .models import (
    GuidePage,
    HostOffer,
    Output,
    OutputFile,
    PeerExchangeSession,
    PeerSession,
    Series,
    Topic,
)
from .permissions import is_volunteer


@admin.register(Series)
class SeriesAdmin(admin.ModelAdmin):
    list_display = (
        "name",
        "weekday",
        "start_time",
        "time_zone",
        "every_weeks",
        "language",
        "region",
        "is_active",
    )
    list_filter = ("is_active", "region")


class PeerSessionInline(admin.StackedInline):
    model = PeerSession
    fk_name = "session"
    can_delete = False
    fields = ("series", "slot", "backup_host", "swap_requested_at")
    readonly_fields = ("series", "slot", "swap_requested_at")
    autocomplete_fields = ("backup_host",)


class PeerExchangeSessionForm(forms.ModelForm):
    class Meta:
        model = PeerExchangeSession
        fields = (
            "title", "description", "format", "language", "starts_at", "ends_at", "time_zone", "capacity",
            "registration_opens_at", "registration_closes_at", "audience", "hosts", "categories", "meeting_url",
            "venue", "recording_url", "reminder_minutes",
        )  # fmt: skip

    def clean_hosts(self):
        hosts = self.cleaned_data.get("hosts") or []
        refused = [h.get_full_name() for h in hosts if not is_volunteer(h)]
        if refused:
            raise forms.ValidationError(
                _("Only members who volunteered to host: %(names)s did not.")
                % {"names": ", ".join(refused)}
            )
        return hosts


@admin.register(PeerExchangeSession)
class PeerExchangeSessionAdmin(SessionAdminBase):
    app_label_value = "peer_exchange"
    form = PeerExchangeSessionForm
    inlines = (PeerSessionInline, *SessionAdminBase.inlines)


class MergeForm(forms.Form):
    into = forms.ModelChoiceField(
        label=_("Merge into"), queryset=Topic.objects.filter(status__in=["open", "scheduled"])
    )


class TopicAdminForm(forms.ModelForm):
    needs = forms.MultipleChoiceField(
        label=_("Needs it answers"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        choices=lambda: MembershipApplication.Need.choices,
        help_text=_(
            "Members who asked for these in the needs survey are told when the topic is scheduled."
        ),
    )

    class Meta:
        model = Topic
        fields = ("title", "description", "categories", "language", "needs")


@admin.register(Topic)
class TopicAdmin(admin.ModelAdmin):
    form = TopicAdminForm
    list_display = ("title", "status", "proposer", "created_at")
    list_filter = ("status",)
    search_fields = ("title",)
    list_select_related = ("proposer",)
    readonly_fields = ("proposer", "status", "session", "merged_into", "created_at")
    actions = ("close_topics", "merge_into_first")

    @admin.action(description=_("Close the selected topics (votes are given back)"))
    def close_topics(self, request, queryset):
        run_on_selected(self, request, queryset, lambda t: services.topic_close(topic=t, actor=request.user),
                        done_message=lambda n: ngettext("%d topic closed.", "%d topics closed.", n) % n)  # fmt: skip

    @admin.action(description=_("Merge the selected topics into the oldest one"))
    def merge_into_first(self, request, queryset):
        rows = list(queryset.order_by("created_at", "pk"))
        if len(rows) < 2:
            self.message_user(
                request, _("Select the topic to keep and its duplicates."), messages.WARNING
            )
            return
        target = rows[0]
        run_on_selected(self, request, rows[1:],
                        lambda t: services.topic_merge(duplicate=t, into=target, actor=request.user),
                        done_message=lambda n: ngettext("%d topic merged.", "%d topics merged.", n) % n)  # fmt: skip


@admin.register(HostOffer)
class HostOfferAdmin(admin.ModelAdmin):
    list_display = ("user", "is_active", "can_facilitate")
    list_filter = ("is_active",)
    search_fields = ("user__email",)
    autocomplete_fields = ("user",)


class OutputFileInline(admin.TabularInline):
    model = OutputFile
    extra = 0
    readonly_fields = ("title", "file")


@admin.register(Output)
class OutputAdmin(admin.ModelAdmin):
    list_display = ("title", "kind", "language", "status", "is_public", "published_at")
    list_filter = ("kind", "status", "is_public", "language", "region")
    search_fields = ("title", "keywords")
    list_select_related = ("language",)
    readonly_fields = ("session", "author", "status", "published_at", "is_public")
    inlines = (OutputFileInline,)
    actions = ("make_public", "make_members_only")

    @admin.action(description=_("Make public"))
    def make_public(self, request, queryset):
        run_on_selected(self, request, queryset,
                        lambda o: services.output_set_public(output=o, actor=request.user, is_public=True),
                        done_message=lambda n: ngettext("%d output made public.", "%d outputs made public.", n) % n)  # fmt: skip

    @admin.action(description=_("Make members only"))
    def make_members_only(self, request, queryset):
        run_on_selected(self, request, queryset,
                        lambda o: services.output_set_public(output=o, actor=request.user, is_public=False),
                        done_message=lambda n: ngettext("%d output for members only.", "%d outputs for members only.", n) % n)  # fmt: skip


@admin.register(GuidePage)
class GuidePageAdmin(admin.ModelAdmin):
    list_display = ("page", "language", "title", "updated_at")
    list_filter = ("page", "language")
