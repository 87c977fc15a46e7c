"""Staff curation of recognition. Awards and documents are never edited or deleted here:
they are issued (one or many members at once), revoked with a reason and superseded
through badges.services, each leaving one audit entry."""

from __future__ import annotations

from django.contrib import admin
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from core.admin import run_on_selected

from . import services
from .forms import AwardForm, BadgeClassAdminForm, LetterForm, ReasonForm
from .models import BadgeAward, BadgeClass, Document, Issuer
from .tasks import certificate_issue as certificate_issue_task


@admin.register(Issuer)
class IssuerAdmin(admin.ModelAdmin):
    list_display = ("name", "url", "email")

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def get_readonly_fields(self, request, obj=None):
        return ("slug",)


@admin.register(BadgeClass)
class BadgeClassAdmin(admin.ModelAdmin):
    form = BadgeClassAdminForm
    list_display = ("name", "kind", "slug", "validity_days", "threshold", "is_active")
    list_filter = ("kind", "is_active")
    search_fields = ("name", "slug")

    def get_readonly_fields(self, request, obj=None):
        # The slug is in every assertion's badge URL once awarded.
        return ("slug",) if obj is not None and obj.awards.exists() else ()

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and (obj is None or not obj.awards.exists())


class _CredentialAdmin(admin.ModelAdmin):
    """Shared by awards and documents: read-only rows, a custom "add" page, revoke with a
    reason and supersede as actions."""

    revoke_service = None
    supersede_service = None

    def save_model(self, request, obj, form, change):
        """Every field is read-only: rows change through the actions' services only."""

    def has_delete_permission(self, request, obj=None):
        return False

    def get_readonly_fields(self, request, obj=None):
        return [field.name for field in self.model._meta.fields]

    def _revoke(self, request, queryset, *, title: str):
        form = ReasonForm(request.POST if "reason" in request.POST else None)
        if form.is_bound and form.is_valid():
            revoke = type(self).revoke_service
            run_on_selected(
                self,
                request,
                queryset,
                lambda row: revoke(row, actor=request.user, reason=form.cleaned_data["reason"]),
                done_message=lambda n: ngettext("%(count)d revoked; the member was told.", "%(count)d revoked; the members were told.", n) % {"count": n},
            )
            return None
        context = {
            **self.admin_site.each_context(request),
            "title": title,
            "opts": self.model._meta,
            "rows": queryset,
            "form": form,
            "action_checkbox_name": ACTION_CHECKBOX_NAME,
            "action": "revoke",
        }
        return TemplateResponse(request, "admin/badges/revoke_reason.html", context)

    def _supersede(self, request, queryset):
        supersede = type(self).supersede_service
        run_on_selected(
            self,
            request,
            queryset,
            lambda row: supersede(row, actor=request.user),
            done_message=lambda n: ngettext("%(count)d superseded by a new one.", "%(count)d superseded by new ones.", n) % {"count": n},
        )

    def _form_page(self, request, form, *, title: str, template: str):
        context = {**self.admin_site.each_context(request), "title": title, "opts": self.model._meta, "form": form}
        return TemplateResponse(request, template, context)


def _revoke_award(award, *, actor, reason):
    return services.award_revoke(award=award, actor=actor, reason=reason)


def _supersede_award(award, *, actor):
    return services.award_supersede(award=award, actor=actor)


def _revoke_document(document, *, actor, reason):
    return services.document_revoke(document=document, actor=actor, reason=reason)


def _supersede_document(document, *, actor):
    return services.document_supersede(document=document, actor=actor)


@admin.register(BadgeAward)
class BadgeAwardAdmin(_CredentialAdmin):
    list_display = ("badge_class", "recipient", "issued_at", "expires_at", "status_display", "verification_code")
    list_filter = ("badge_class", "issued_at")
    search_fields = ("recipient__email", "recipient__profile__full_name", "verification_code", "uuid")
    list_select_related = ("badge_class", "recipient")
    actions = ["revoke", "supersede", "issue_certificates"]
    revoke_service = staticmethod(_revoke_award)
    supersede_service = staticmethod(_supersede_award)

    @admin.display(description=gettext_lazy("status"))
    def status_display(self, obj):
        return obj.get_status_display()

    @admin.action(description=gettext_lazy("Revoke the selected badges…"), permissions=["change"])
    def revoke(self, request, queryset):
        return self._revoke(request, queryset.select_related("badge_class", "recipient"), title=_("Revoke badges"))

    @admin.action(description=gettext_lazy("Supersede the selected badges (issue new ones)"), permissions=["change"])
    def supersede(self, request, queryset):
        self._supersede(request, queryset)

    @admin.action(description=gettext_lazy("Issue certificates for the selected badges"), permissions=["add"])
    def issue_certificates(self, request, queryset):
        if not request.user.has_perm("badges.add_document"):
            raise PermissionDenied
        ids = list(queryset.filter(revoked_at__isnull=True, superseded_at__isnull=True).values_list("pk", flat=True))
        for award_id in ids:
            certificate_issue_task.delay_on_commit(award_id)
        self.message_user(
            request,
            ngettext("%(count)d certificate is being issued.", "%(count)d certificates are being issued.", len(ids)) % {"count": len(ids)},
        )

    def add_view(self, request, form_url="", extra_context=None):
        """Award a badge to one or many members at once."""
        if not self.has_add_permission(request):
            raise PermissionDenied
        form = AwardForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            data = form.cleaned_data
            done = run_on_selected(
                self,
                request,
                data["recipients"],
                lambda user: services.award_grant(
                    badge_class=data["badge_class"],
                    recipient=user,
                    actor=request.user,
                    citation=data["citation"],
                    evidence_url=data["evidence_url"],
                ),
                done_message=lambda n: ngettext("Badge awarded to %(count)d member.", "Badge awarded to %(count)d members.", n) % {"count": n},
                label=lambda user: user.get_full_name(),
            )
            if done:
                return redirect(reverse("admin:badges_badgeaward_changelist"))
        return self._form_page(request, form, title=_("Award a badge"), template="admin/badges/award_form.html")


@admin.register(Document)
class DocumentAdmin(_CredentialAdmin):
    list_display = ("title", "recipient_name", "kind", "issued_at", "status_display", "verification_code")
    list_filter = ("kind", "issued_at")
    search_fields = ("recipient__email", "recipient_name", "verification_code", "sha256")
    list_select_related = ("recipient",)
    actions = ["revoke", "supersede"]
    revoke_service = staticmethod(_revoke_document)
    supersede_service = staticmethod(_supersede_document)

    @admin.display(description=gettext_lazy("status"))
    def status_display(self, obj):
        return obj.get_status_display()

    @admin.action(description=gettext_lazy("Revoke the selected letters or certificates…"), permissions=["change"])
    def revoke(self, request, queryset):
        return self._revoke(request, queryset, title=_("Revoke letters or certificates"))

    @admin.action(description=gettext_lazy("Supersede the selected documents (issue new versions)"), permissions=["change"])
    def supersede(self, request, queryset):
        self._supersede(request, queryset)

    def add_view(self, request, form_url="", extra_context=None):
        """Issue a letter of introduction (certificates come from awards)."""
        if not self.has_add_permission(request):
            raise PermissionDenied
        form = LetterForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            data = form.cleaned_data
            done = run_on_selected(
                self,
                request,
                [data["recipient"]],
                lambda user: services.letter_issue(
                    recipient=user,
                    actor=request.user,
                    addressee=data["addressee"],
                    purpose=data["purpose"],
                    signatory_name=data["signatory_name"],
                    signatory_title=data["signatory_title"],
                ),
                done_message=lambda n: _("Letter of introduction issued; the member was told."),
                label=lambda user: user.get_full_name(),
            )
            if done:
                return redirect(reverse("admin:badges_document_changelist"))
        return self._form_page(request, form, title=_("Issue a letter of introduction"), template="admin/badges/letter_form.html")
