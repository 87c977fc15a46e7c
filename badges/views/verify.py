"""Verification for people: /verify/<code>/ shows a credential's live status; /verify/
takes a code, a PDF (checked by its SHA-256) or a baked badge PNG. Lookups are
rate-limited per client address, and a miss says only "not found"."""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from core import ratelimit

from .. import baking, linkedin, selectors
from ..forms import VerifyCodeForm, VerifyFileForm
from ..models import BadgeAward, Status


def _limit() -> ratelimit.Limit:
    return ratelimit.Limit("badges.verify", settings.BADGES_VERIFY_LOOKUPS_PER_10_MINUTES, 600)


def _refused(request) -> bool:
    return ratelimit.exceeded([_limit()], who=f"ip:{ratelimit.client_ip(request)}") is not None


def _too_many(request):
    return render(request, "badges/verify_start.html", _start_context(too_many=True), status=429)


def _start_context(**extra) -> dict:
    return {"code_form": VerifyCodeForm(), "file_form": VerifyFileForm(), **extra}


def _holder(credential) -> dict:
    """Name and organization, only with the holder's consent (is_public)."""
    if not credential.is_public:
        return {}
    if isinstance(credential, BadgeAward):
        profile = getattr(credential.recipient, "profile", None)
        organization = profile.listed_organization if profile else None
        return {
            "name": (profile.full_name if profile else "") or "",
            "organization": organization.name if organization else "",
        }
    return {"name": credential.recipient_name, "organization": credential.organization_name}


@require_safe
def verify_detail(request, code: str):
    credential = selectors.credential_by_code(code)
    if credential is None:
        if _refused(request):
            return _too_many(request)
        return render(request, "badges/verify_start.html", _start_context(not_found=True), status=404)
    verify_url = request.build_absolute_uri(credential.get_verify_url())
    context = {
        "credential": credential,
        "is_award": isinstance(credential, BadgeAward),
        "status": credential.status(),
        "Status": Status,
        "holder": _holder(credential),
        "verify_url": verify_url,
        "share_url": linkedin.share_url(verify_url),
    }
    return render(request, "badges/verify_detail.html", context)


def _lookup_file(data: bytes):
    """(credential or None, message for people)."""
    if data.startswith(b"%PDF-"):
        document = selectors.document_by_sha256(hashlib.sha256(data).hexdigest())
        if document is None:
            return None, _(
                "This PDF was not issued by the network, or it was changed after it was issued "
                "(even one byte makes it a different file)."
            )
        return document, ""
    if data.startswith(baking.PNG_SIGNATURE):
        try:
            assertion = baking.unbake(data)
        except baking.BakingError as error:
            return None, str(error)
        award = selectors.award_by_assertion_id(assertion["id"])
        if award is None:
            return None, str(baking.NOT_A_BADGE)
        return award, ""
    return None, _("Upload a PDF letter or certificate, or a PNG badge image, issued by this network.")


@require_http_methods(["GET", "HEAD", "POST"])
def verify_start(request):
    """Enter a code (GET ?code=) or upload a file (POST); found → its verification page."""
    if request.method == "POST":
        file_form = VerifyFileForm(request.POST, request.FILES)
        if not file_form.is_valid():
            return render(request, "badges/verify_start.html", _start_context(file_form=file_form), status=400)
        if _refused(request):
            return _too_many(request)
        credential, message = _lookup_file(file_form.cleaned_data["file"])
        if credential is None:
            return render(request, "badges/verify_start.html", _start_context(file_message=message), status=404)
        return redirect(credential.get_verify_url())
    if "code" not in request.GET:
        return render(request, "badges/verify_start.html", _start_context())
    code_form = VerifyCodeForm(request.GET)
    if not code_form.is_valid():
        return render(request, "badges/verify_start.html", _start_context(code_form=code_form), status=400)
    if _refused(request):
        return _too_many(request)
    credential = selectors.credential_by_code(code_form.cleaned_data["code"])
    if credential is None:
        return render(request, "badges/verify_start.html", _start_context(code_form=code_form, not_found=True), status=404)
    return redirect(credential.get_verify_url())
