"""What people add to the map: a network member suggests a call; anyone reports outdated
information on a published call. Thin: forms validate, services write."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from core import ratelimit

from ..choices import EditorialStatus
from ..forms import CallReportForm, CallSuggestionForm
from ..models import Funder, FundingCall
from ..services.curation import (
    CallError,
    SuggestionLimitReached,
    call_report_outdated,
    call_submit_suggestion,
)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def call_suggest(request):
    """Approved members suggest a call; others are told how to join (403)."""
    if not request.user.is_network_member:
        return render(request, "funds/suggest.html", {"not_member": True}, status=403)

    thanks_pk = request.GET.get("thanks", "")
    if request.method == "GET" and thanks_pk.isdigit():
        call = (
            FundingCall.objects.select_related("duplicate_of", "funder")
            .filter(pk=int(thanks_pk), suggested_by=request.user)
            .first()
        )
        if call is not None:
            duplicate = call.duplicate_of
            return render(
                request,
                "funds/suggest.html",
                {
                    "suggestion": call,
                    "duplicate": duplicate,
                    "duplicate_is_public": duplicate is not None and duplicate.status == EditorialStatus.PUBLISHED,
                },
            )

    form = CallSuggestionForm(request.POST or None)
    status = 400 if request.method == "POST" else 200
    if request.method == "POST" and form.is_valid():
        try:
            call = call_submit_suggestion(
                actor=request.user,
                data=form.service_data(),
                funder_name=form.cleaned_data["funder_name"],
                funder_type=form.cleaned_data.get("funder_type") or "other",
            )
        except SuggestionLimitReached as error:
            form.add_error(None, str(error))
            status = 429
        except CallError as error:
            for field, messages in error.errors.items():
                for message in messages:
                    form.add_error(field if field in form.fields else None, message)
            if not error.errors:
                form.add_error(None, str(error))
        else:
            return redirect(f"{reverse('funds:call-suggest')}?thanks={call.pk}")
    funder_names = Funder.objects.order_by("name").values_list("name", flat=True)[:1000]
    return render(request, "funds/suggest.html", {"form": form, "funder_names": funder_names}, status=status)


def _report_limits() -> tuple[ratelimit.Limit, ratelimit.Limit]:
    """Reports one person (signed-in account, else client address) may send: every report
    emails every ILO staff member."""
    return (
        ratelimit.Limit("funds.report", settings.CALL_REPORTS_PER_HOUR, 3600),
        ratelimit.Limit("funds.report", settings.CALL_REPORTS_PER_DAY, 86400),
    )


def _report_refused(request) -> str:
    """Count this report against the sender's allowances: "" when allowed, else why not."""
    hourly, daily = _report_limits()
    limit = ratelimit.exceeded([hourly, daily], who=ratelimit.requester(request))
    if limit is hourly:
        return _("You have sent many reports in a short time. Please try again in an hour.")
    if limit is daily:
        return _("You have sent as many reports as one person can in a day. Please try again tomorrow.")
    return ""


@require_http_methods(["GET", "HEAD", "POST"])
def call_report(request, slug: str):
    """Anyone (signed in or not) tells staff that a published call is outdated."""
    call = get_object_or_404(FundingCall.objects.published().select_related("funder"), slug=slug)
    if request.method == "GET" and request.GET.get("sent") == "1":
        return render(request, "funds/report.html", {"call": call, "sent": True})

    form = CallReportForm(request.POST or None, user=request.user)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            refused = _report_refused(request)
            if refused:
                form.add_error(None, refused)
                status = 429
            else:
                try:
                    call_report_outdated(
                        call=call,
                        message=form.cleaned_data["message"],
                        reporter=request.user if request.user.is_authenticated else None,
                        email=form.cleaned_data.get("email", ""),
                    )
                except CallError as error:
                    form.add_error(None, str(error))
                else:
                    return redirect(f"{reverse('funds:call-report', kwargs={'slug': call.slug})}?sent=1")
    return render(request, "funds/report.html", {"call": call, "form": form}, status=status)
