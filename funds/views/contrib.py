"""What people add to the map: a network member suggests a call; anyone reports outdated
information on a published call. Thin: forms validate, services write."""

from __future__ import annotations

import hashlib

from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from ..choices import EditorialStatus
from ..forms import CallReportForm, CallSuggestionForm
from ..models import Funder, FundingCall
from ..services.curation import CallError, call_report_outdated, call_submit_suggestion

# Reports one person (signed-in user, else session, else address) may send per hour.
REPORTS_PER_HOUR = 5
REPORT_WINDOW_SECONDS = 3600


@login_required
@require_http_methods(["GET", "POST"])
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
    if request.method == "POST" and form.is_valid():
        try:
            call = call_submit_suggestion(
                actor=request.user,
                data=form.service_data(),
                funder_name=form.cleaned_data["funder_name"],
                funder_type=form.cleaned_data.get("funder_type") or "other",
            )
        except CallError as error:
            for field, messages in error.errors.items():
                for message in messages:
                    form.add_error(field if field in form.fields else None, message)
            if not error.errors:
                form.add_error(None, str(error))
        else:
            return redirect(f"{reverse('funds:call-suggest')}?thanks={call.pk}")
    funder_names = Funder.objects.order_by("name").values_list("name", flat=True)[:1000]
    status = 400 if request.method == "POST" else 200
    return render(request, "funds/suggest.html", {"form": form, "funder_names": funder_names}, status=status)


def _client_key(request) -> str:
    if request.user.is_authenticated:
        who = f"user:{request.user.pk}"
    else:
        who = f"ip:{request.META.get('REMOTE_ADDR', '')}"
    return "funds:report-rate:" + hashlib.sha256(who.encode()).hexdigest()[:32]


def _rate_limited(request) -> bool:
    """Count this report against the sender's hourly allowance; True when over it."""
    key = _client_key(request)
    cache.add(key, 0, REPORT_WINDOW_SECONDS)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, REPORT_WINDOW_SECONDS)
        count = 1
    return count > REPORTS_PER_HOUR


@require_http_methods(["GET", "POST"])
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
            if _rate_limited(request):
                form.add_error(None, _("You have sent many reports in a short time. Please try again in an hour."))
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
