"""Coaching request pages: mine, a new one, one request (history, documents, outcome),
and the one view that serves a private document after checking who asks. Thin."""

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

from . import selectors, services
from .documents import CONTENT_TYPES
from .errors import RequestError
from .forms import (
    AdvisorChoiceForm,
    DocumentForm,
    OutcomeForm,
    RequestChoiceForm,
    RequestForm,
)
from .models import CoachingRequest, RequestDocument
from .permissions import may_see


def _open_calls():
    return (
        apps.get_model("funds", "FundingCall")
        .objects.filter(deadline__gte=timezone.now())
        .order_by("deadline")
    )


def _request(request, pk: int) -> CoachingRequest:
    coaching_request = get_object_or_404(
        CoachingRequest.objects.select_related(
            "call", "coach", "advisor", "requested_advisor", "member__profile"
        ),
        pk=pk,
    )
    if not may_see(request.user, coaching_request):
        raise Http404
    return coaching_request


@login_required
@require_safe
def request_list(request):
    return render(
        request,
        "requests/request_list.html",
        {"requests": selectors.requests_of(user=request.user)},
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def request_new(request):
    form = RequestForm(
        request.POST or None, calls=_open_calls(), initial={"call": request.GET.get("call")}
    )
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            created = services.request_open(member=request.user, **form.cleaned_data)
        except RequestError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Your request is open. ILO staff will assign a coach."))
            return redirect(created)
    if request.method == "POST":
        status = 400
    return render(request, "requests/request_form.html", {"form": form}, status=status)


def _detail(
    request,
    coaching_request,
    *,
    outcome_form=None,
    document_form=None,
    advisor_form=None,
    status=200,
):
    is_member = request.user.pk == coaching_request.member_id
    # Offered until staff assign an advisor (the member can still ask from an advisor's page).
    if (
        advisor_form is None
        and is_member
        and not coaching_request.is_closed
        and coaching_request.advisor_id is None
    ):
        advisor_form = AdvisorChoiceForm(
            advisors=selectors.advisors_for(request=coaching_request),
            initial={"advisor": coaching_request.requested_advisor_id},
        )
    context = {
        "coaching_request": coaching_request,
        **selectors.request_page(request=coaching_request),
        "outcome_form": outcome_form or OutcomeForm(),
        "document_form": document_form or DocumentForm(),
        "advisor_form": advisor_form,
        "is_member": is_member,
    }
    return render(request, "requests/request_detail.html", context, status=status)


@login_required
@require_safe
def request_detail(request, pk: int):
    return _detail(request, _request(request, pk))


@login_required
@require_POST
def request_outcome(request, pk: int):
    coaching_request = _request(request, pk)
    form = OutcomeForm(request.POST)
    if form.is_valid():
        try:
            services.request_report_outcome(
                request=coaching_request, actor=request.user, **form.cleaned_data
            )
        except RequestError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Thank you: the outcome is recorded."))
            return redirect(coaching_request)
    return _detail(request, coaching_request, outcome_form=form, status=400)


@login_required
@require_POST
def request_advisor(request, pk: int):
    """The request's member asks for an advisor from the ranked select."""
    coaching_request = _request(request, pk)
    if request.user.pk != coaching_request.member_id:
        raise PermissionDenied
    form = AdvisorChoiceForm(
        request.POST, advisors=selectors.advisors_for(request=coaching_request)
    )
    if form.is_valid():
        try:
            services.request_advisor_ask(
                request=coaching_request, actor=request.user, advisor=form.cleaned_data["advisor"]
            )
        except RequestError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("ILO staff have been told which advisor you asked for."))
            return redirect(coaching_request)
    return _detail(request, coaching_request, advisor_form=form, status=400)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def advisor_ask(request, advisor_pk: int):
    """From an advisor's page: ask for them on one of my open requests."""
    if not request.user.is_network_member:
        raise PermissionDenied
    advisor = selectors.advisor_get(pk=advisor_pk)
    if advisor is None:
        return render(request, "requests/advisor_ask.html", {"unavailable": True}, status=404)
    form = RequestChoiceForm(
        request.POST or None, requests=selectors.open_requests_of(user=request.user)
    )
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            coaching_request = form.cleaned_data["coaching_request"]
            try:
                services.request_advisor_ask(
                    request=coaching_request, actor=request.user, advisor=advisor
                )
            except RequestError as error:
                form.add_error(None, str(error))
            else:
                messages.success(
                    request, _("ILO staff have been told which advisor you asked for.")
                )
                return redirect(coaching_request)
    return render(
        request, "requests/advisor_ask.html", {"form": form, "advisor": advisor}, status=status
    )


@login_required
@require_POST
def document_upload(request, pk: int):
    coaching_request = _request(request, pk)
    form = DocumentForm(request.POST, request.FILES)
    if form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            services.document_upload(
                request=coaching_request,
                actor=request.user,
                name=upload.name,
                data=upload.read(services.max_bytes() + 1),
            )
        except RequestError as error:
            form.add_error("file", str(error))
        else:
            messages.success(request, _("The document is stored privately."))
            return redirect(coaching_request)
    return _detail(request, coaching_request, document_form=form, status=400)


@login_required
@require_safe
def document_download(request, pk: int):
    document = get_object_or_404(RequestDocument.objects.select_related("request"), pk=pk)
    if not may_see(request.user, document.request):
        raise Http404
    response = FileResponse(
        document.file.open("rb"),
        as_attachment=True,
        filename=document.name,
        content_type=CONTENT_TYPES[document.kind],
    )
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_required
@require_safe
def outcome_statistics(request):
    if not request.user.is_staff:
        raise Http404
    return render(request, "requests/statistics.html", selectors.outcome_statistics())
