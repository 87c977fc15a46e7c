"""The member's side: "My translation requests", a new request with its documents,
cancelling one nobody has taken, and the permission-checked downloads. Thin."""

from __future__ import annotations

from django.apps import apps
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from core.documents import CONTENT_TYPES

from .. import selectors, services
from ..forms import RequestForm
from ..models import TranslationDocument, TranslationRequest
from ..permissions import may_download


def _form(request):
    coaching_requests = apps.get_model("coaching_requests", "CoachingRequest").objects.filter(
        member=request.user
    )
    calls = (
        apps.get_model("funds", "FundingCall")
        .objects.filter(deadline__gte=timezone.now())
        .order_by("deadline")
    )
    initial = {
        "coaching_request": request.GET.get("coaching_request"),
        "call": request.GET.get("call"),
    }
    return RequestForm(
        request.POST or None,
        request.FILES or None,
        coaching_requests=coaching_requests,
        calls=calls,
        initial=initial,
    )


def _render_list(request, *, error: str = "", status: int = 200):
    context = {"translation_requests": selectors.requests_of(user=request.user), "error": error}
    return render(request, "translations/request_list.html", context, status=status)


@login_required
@require_safe
def request_list(request):
    return _render_list(request)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def request_new(request):
    if not request.user.is_network_member:
        raise PermissionDenied
    form = _form(request)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            data = form.cleaned_data
            documents = [(f.name, f.read(services.max_bytes() + 1)) for f in data.pop("documents")]
            try:
                services.translation_request_create(
                    requester=request.user, documents=documents, **data
                )
            except services.TranslationError as error:
                form.add_error(None, str(error))
            else:
                messages.success(request, _("Your request is recorded: we are asking a volunteer."))
                return redirect("translations:requests")
    return render(request, "translations/request_form.html", {"form": form}, status=status)


@login_required
@require_POST
def request_cancel(request, pk: int):
    translation = get_object_or_404(TranslationRequest, pk=pk, requester=request.user)
    try:
        services.translation_request_cancel(request=translation, actor=request.user)
    except services.TranslationError as error:
        return _render_list(request, error=str(error), status=error.status)
    messages.success(request, _("The request is cancelled."))
    return redirect("translations:requests")


def _file_response(file, *, filename: str, kind: str) -> FileResponse:
    response = FileResponse(
        file.open("rb"), as_attachment=True, filename=filename, content_type=CONTENT_TYPES[kind]
    )
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_required
@require_safe
def document_download(request, pk: int):
    document = get_object_or_404(
        TranslationDocument.objects.select_related("request__translator"), pk=pk
    )
    if not may_download(request.user, document.request):
        raise Http404
    return _file_response(document.file, filename=document.name, kind=document.kind)


@login_required
@require_safe
def translation_download(request, pk: int):
    translation = get_object_or_404(TranslationRequest.objects.select_related("translator"), pk=pk)
    if not translation.translation or not may_download(request.user, translation):
        raise Http404
    kind = translation.translation.name.rsplit(".", 1)[-1]
    return _file_response(
        translation.translation, filename=f"{translation.title[:80]}.{kind}", kind=kind
    )
