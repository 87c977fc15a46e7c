"""What people type on recognition's pages and admin forms (validation only, no writes)."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from core.uploads import LOGO, ImageUploadField
from members.models import MemberProfile, User

from .codes import normalise
from .models import BadgeClass

# A PDF of ours is ~50 kB and a baked badge ~100 kB; anything much larger is not ours.
VERIFY_MAX_BYTES = 2 * 1024 * 1024


class VerifyCodeForm(forms.Form):
    code = forms.CharField(
        label=_("Verification code"),
        max_length=20,
        help_text=_("Twelve letters and digits, as printed on the letter, certificate or badge page, e.g. K7QX-3M9P-2AHD."),
    )

    def clean_code(self):
        code = normalise(self.cleaned_data["code"])
        if not code:
            raise forms.ValidationError(_("A verification code has twelve letters and digits (dashes are optional)."))
        return code


class VerifyFileForm(forms.Form):
    file = forms.FileField(
        label=_("A letter, certificate (PDF) or badge image (PNG)"),
        help_text=_("The file is checked, never stored."),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > VERIFY_MAX_BYTES:
            raise forms.ValidationError(
                _("This file is %(size)s; letters, certificates and badges of this network are far smaller (at most %(max)s)."),
                params={"size": filesizeformat(upload.size), "max": filesizeformat(VERIFY_MAX_BYTES)},
            )
        upload.seek(0)
        return upload.read()


def _approved_members():
    return (
        User.objects.filter(is_active=True, is_staff=False, profile__membership=MemberProfile.Membership.APPROVED)
        .select_related("profile")
        .order_by("profile__full_name", "email")
    )


class MemberChoiceMixin:
    def label_from_instance(self, obj):
        return f"{obj.get_full_name()} <{obj.email}>"


class MemberMultipleChoiceField(MemberChoiceMixin, forms.ModelMultipleChoiceField):
    pass


class MemberChoiceField(MemberChoiceMixin, forms.ModelChoiceField):
    pass


class AwardForm(forms.Form):
    """Staff award a badge to one or many members at once."""

    badge_class = forms.ModelChoiceField(label=_("Badge"), queryset=BadgeClass.objects.active())
    recipients = MemberMultipleChoiceField(
        label=_("Members"), queryset=User.objects.none(), widget=forms.SelectMultiple(attrs={"size": 12})
    )
    citation = forms.CharField(
        label=_("Citation"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4, "cols": 80}),
        help_text=_("Required for Top Innovator: why this member is recognised. Shown on the verification page."),
    )
    evidence_url = forms.URLField(label=_("Evidence link"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["recipients"].queryset = _approved_members()


class LetterForm(forms.Form):
    """Staff issue a letter of introduction for a member."""

    recipient = MemberChoiceField(label=_("Member"), queryset=User.objects.none())
    addressee = forms.CharField(label=_("Addressee (optional)"), required=False, max_length=200)
    purpose = forms.CharField(
        label=_("Purpose"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 3, "cols": 80})
    )
    signatory_name = forms.CharField(label=_("Signatory's name"), max_length=150, initial=lambda: settings.BADGES_SIGNATORY_NAME)
    signatory_title = forms.CharField(label=_("Signatory's title"), max_length=150, initial=lambda: settings.BADGES_SIGNATORY_TITLE)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["recipient"].queryset = _approved_members()


class ReasonForm(forms.Form):
    """The admin's intermediate page for revoking (the reason is mandatory)."""

    reason = forms.CharField(
        label=_("Reason (sent to the member and shown to verifiers)"),
        widget=forms.Textarea(attrs={"rows": 5, "cols": 80}),
        max_length=2000,
    )


class BadgeClassAdminForm(forms.ModelForm):
    image = ImageUploadField(label=_("image"), spec=LOGO, required=False)

    class Meta:
        model = BadgeClass
        fields = ["issuer", "slug", "kind", "name", "description", "criteria", "image", "validity_days", "threshold", "is_active"]
