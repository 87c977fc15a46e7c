"""The member's own recognition: "My recognition" (badges, letters, certificates, what
is public), downloads of the issued files, and the member kit (approved members only)."""

from __future__ import annotations

from pathlib import Path

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from .. import linkedin, selectors, services
from ..models import BadgeAward, Document

KIT_DIR = Path(__file__).resolve().parent.parent / "kit"
KIT_FILES = {"member-mark.png": "image/png", "member-mark.svg": "image/svg+xml"}


def _award_row(request, award: BadgeAward) -> dict:
    verify_url = request.build_absolute_uri(award.get_verify_url())
    return {
        "award": award,
        "status": award.status(),
        "verify_url": verify_url,
        "linkedin_add": linkedin.add_to_profile_url(
            name=award.badge_class.name,
            organization=award.badge_class.issuer.name,
            issued_at=award.issued_at,
            expires_at=award.expires_at,
            credential_id=award.code_display,
            credential_url=verify_url,
        ),
        "linkedin_share": linkedin.share_url(verify_url),
    }


@login_required
@require_safe
def my_recognition(request):
    awards = [_award_row(request, award) for award in selectors.awards_of(request.user)]
    documents = list(selectors.documents_of(request.user))
    return render(request, "badges/my_recognition.html", {"awards": awards, "documents": documents})


def _may_download(user, credential) -> bool:
    return credential.recipient_id == user.pk or (user.is_staff and user.has_perm(f"badges.view_{credential._meta.model_name}"))


def _file_response(field, filename: str, content_type: str) -> FileResponse:
    if not field:
        raise Http404
    response = FileResponse(field.open("rb"), as_attachment=True, filename=filename, content_type=content_type)
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_safe
def award_image(request, uuid):
    award = get_object_or_404(BadgeAward.objects.select_related("badge_class"), uuid=uuid)
    if not _may_download(request.user, award):
        raise Http404
    return _file_response(award.baked_image, f"{award.badge_class.slug}-{award.verification_code}.png", "image/png")


@login_required
@require_safe
def document_file(request, uuid):
    document = get_object_or_404(Document, uuid=uuid)
    if not _may_download(request.user, document):
        raise Http404
    return _file_response(document.file, f"{document.kind}-{document.verification_code}.pdf", "application/pdf")


def _public_choice(request) -> bool:
    return request.POST.get("public") == "1"


@login_required
@require_POST
def award_visibility(request, uuid):
    award = get_object_or_404(BadgeAward, uuid=uuid, recipient=request.user)
    services.award_set_public(award=award, actor=request.user, public=_public_choice(request))
    messages.success(request, _("Saved: what verifiers see of this badge."))
    return redirect("badges:my-recognition")


@login_required
@require_POST
def document_visibility(request, uuid):
    document = get_object_or_404(Document, uuid=uuid, recipient=request.user)
    services.document_set_public(document=document, actor=request.user, public=_public_choice(request))
    messages.success(request, _("Saved: what verifiers see of this document."))
    return redirect("badges:my-recognition")


def _require_member(user) -> None:
    if not user.is_network_member:
        raise PermissionDenied(_("The member kit is for approved members of the network."))


@login_required
@require_safe
def member_kit(request):
    _require_member(request.user)
    return render(request, "badges/member_kit.html")


@login_required
@require_safe
def member_kit_file(request, name: str):
    _require_member(request.user)
    if name not in KIT_FILES:
        raise Http404
    response = FileResponse((KIT_DIR / name).open("rb"), as_attachment=True, filename=name, content_type=KIT_FILES[name])
    response["Cache-Control"] = "private, max-age=3600"
    return response
