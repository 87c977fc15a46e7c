"""Forms for the member's own pages. They only validate input; saving goes through
members.services (the ModelForms are never .save()d)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from core.uploads import LOGO, PHOTO, ImageUploadField
from taxonomy.models import Expertise, Language, SkillCategory

from .models import MemberProfile, MembershipApplication, Organization
from .services import (
    ORGANIZATION_FIELDS,
    ORGANIZATION_M2M_FIELDS,
    PROFILE_FIELDS,
    PROFILE_M2M_FIELDS,
)


class ProfileForm(forms.ModelForm):
    photo = ImageUploadField(spec=PHOTO, label=_("Photo"), required=False)
    languages = forms.ModelMultipleChoiceField(
        label=_("Languages you speak"),
        queryset=Language.objects.all(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    categories = forms.ModelMultipleChoiceField(
        label=_("Skills categories you work in"),
        queryset=SkillCategory.objects.active(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    expertise = forms.ModelMultipleChoiceField(
        label=_("Technical expertise you can share"),
        queryset=Expertise.objects.all(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    class Meta:
        model = MemberProfile
        fields = [
            "full_name",
            "photo",
            "organization",
            "organization_role",
            "country",
            "bio",
            "linkedin_url",
            "website",
            "languages",
            "categories",
            "expertise",
            "preferred_language",
            "time_zone",
            "visibility",
        ]
        widgets = {
            "bio": forms.Textarea(attrs={"rows": 6}),
            "visibility": forms.RadioSelect,
        }
        help_texts = {
            "organization": _(
                "Pick your organization if it is already on the portal, or register it on the "
                "organization page. Its people (or the ILO team) confirm that you belong to "
                "it before you are shown as one of them; they see your name and email address "
                "to do so."
            ),
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        # The organization one is in, or the one one has asked to join: saving the form
        # unchanged keeps an open request.
        if self.instance.requested_organization_id:
            self.initial["organization"] = self.instance.requested_organization_id
        self.fields["full_name"].required = True
        self.fields["country"].required = True
        self.fields["organization"].queryset = Organization.objects.joinable_by(user).order_by(
            "name"
        )
        self.fields["organization"].empty_label = _("No organization")

    def service_data(self) -> dict:
        return {
            k: v for k, v in self.cleaned_data.items() if k in PROFILE_FIELDS | PROFILE_M2M_FIELDS
        }


class OrganizationForm(forms.ModelForm):
    logo = ImageUploadField(spec=LOGO, label=_("Logo"), required=False)
    project_languages = forms.ModelMultipleChoiceField(
        label=_("Languages of the project"),
        queryset=Language.objects.all(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    class Meta:
        model = Organization
        fields = [
            "name",
            "type",
            "country",
            "website",
            "description",
            "logo",
            "project_name",
            "project_objectives",
            "project_beneficiaries",
            "project_impact",
            "project_results",
            "project_languages",
            "project_video_url",
        ]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 5}),
            "project_objectives": forms.Textarea(attrs={"rows": 3}),
            "project_beneficiaries": forms.Textarea(attrs={"rows": 3}),
            "project_impact": forms.Textarea(attrs={"rows": 3}),
            "project_results": forms.Textarea(attrs={"rows": 3}),
        }

    def service_data(self) -> dict:
        return {
            k: v
            for k, v in self.cleaned_data.items()
            if k in ORGANIZATION_FIELDS | ORGANIZATION_M2M_FIELDS
        }


class MembershipApplicationForm(forms.ModelForm):
    """The application itself; its needs assessment is the open survey's form
    (members.survey.forms.SurveyForm), shown on the same page."""

    class Meta:
        model = MembershipApplication
        fields = ["motivation", "can_host_peer_sessions", "can_translate"]
        widgets = {"motivation": forms.Textarea(attrs={"rows": 5})}
        help_texts = {
            "can_translate": _("For example, translating application documents for other members."),
        }


class OrganizationRejectForm(forms.Form):
    """Why an organization is rejected: in the admin and on the members' review page."""

    reason = forms.CharField(
        label=_("Reason (sent to whoever registered it)"),
        widget=forms.Textarea(attrs={"rows": 4, "cols": 80}),
        max_length=3000,
    )


class DeclineForm(forms.Form):
    """The admin's intermediate page for declining applications."""

    reason = forms.CharField(
        label=_("Reason (sent to the applicants)"),
        widget=forms.Textarea(attrs={"rows": 5, "cols": 80}),
        max_length=3000,
    )
