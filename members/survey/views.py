"""Pages of the needs assessment. Thin: reads through selectors, writes through
services."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from members.models import MemberProfile

from . import exports, loopback, selectors, services
from .forms import NeedAnnouncementForm, ResultsFilterForm, SurveyForm
from .models import NeedAnnouncement

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _require_perm(request, perm: str) -> None:
    if not request.user.has_perm(perm):
        raise PermissionDenied


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def answer(request):
    """A member answers (or revisits) the open version."""
    profile = MemberProfile.objects.filter(user=request.user).first()
    if profile is None or profile.membership != MemberProfile.Membership.APPROVED:
        return render(request, "survey/answer.html", {"not_member": True}, status=403)
    survey = selectors.survey_open()
    if survey is None:
        return render(request, "survey/answer.html", {"survey": None})
    response = selectors.response_of(survey=survey, profile=profile)
    form = SurveyForm(
        request.POST or None, survey=survey, initial_answers=selectors.initial_answers(response)
    )
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                services.response_submit(
                    survey=survey,
                    profile=profile,
                    actor=request.user,
                    answers=form.answers(),
                    language=request.LANGUAGE_CODE,
                )
            except services.SurveyError as error:
                form.add_error(None, str(error))
            else:
                messages.success(request, _("Thank you! Your answers have been saved."))
                return redirect("survey:answer")
    return render(
        request,
        "survey/answer.html",
        {"survey": survey, "form": form, "response": response},
        status=status,
    )


def _results_context(request, *, members_only: bool):
    form = ResultsFilterForm(request.GET or None, members_only=members_only)
    if request.GET and not form.is_valid():
        return {"filter_form": form, "results": None}, 400
    data = form.cleaned_data if form.is_bound else {}
    survey = selectors.survey_for_results(data.get("version"))
    if survey is None:
        return {"filter_form": form, "results": None}, 200
    results = selectors.survey_results(
        survey=survey,
        region=data.get("region", ""),
        language=data.get("language", ""),
        fmt=data.get("format", ""),
        suppress=members_only,
    )
    return {"filter_form": form, "results": results, "min_cell": selectors.MIN_CELL}, 200


@login_required
@require_safe
def results(request):
    """Staff: counts, rankings, the need × region table and free text, for a selection."""
    _require_perm(request, "survey.view_response")
    context, status = _results_context(request, members_only=False)
    context["query"] = request.GET.urlencode()
    return render(request, "survey/results.html", context, status=status)


@login_required
@require_safe
def results_export(request, fmt: str):
    """Staff: the selected responses as CSV or .xlsx (codes, no names)."""
    _require_perm(request, "survey.view_response")
    form = ResultsFilterForm(request.GET or None)
    if request.GET and not form.is_valid():
        return HttpResponse(
            _("Unknown filter values."), status=400, content_type="text/plain; charset=utf-8"
        )
    data = form.cleaned_data if form.is_bound else {}
    survey = selectors.survey_for_results(data.get("version"))
    if survey is None:
        return HttpResponse(
            _("There is no survey yet."), status=404, content_type="text/plain; charset=utf-8"
        )
    responses = selectors.responses_for(
        survey=survey,
        region=data.get("region", ""),
        language=data.get("language", ""),
        fmt=data.get("format", ""),
    )
    name = f"needs-assessment-v{survey.version}"
    if fmt == "xlsx":
        response = HttpResponse(
            exports.responses_xlsx(survey=survey, responses=responses), content_type=XLSX
        )
    else:
        response = HttpResponse(
            exports.responses_csv(survey=survey, responses=responses),
            content_type="text/csv; charset=utf-8",
        )
    response["Content-Disposition"] = f'attachment; filename="{name}.{fmt}"'
    return response


@login_required
@require_safe
def needs_summary(request):
    """Members: what the network needs, with small cells withheld."""
    if not request.user.is_network_member:
        raise PermissionDenied
    context, status = _results_context(request, members_only=not request.user.is_staff)
    return render(request, "survey/summary.html", context, status=status)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def needs_answered(request):
    """Staff tag what they plan with the need it answers; members who asked are told."""
    _require_perm(request, "survey.add_needannouncement")
    form = NeedAnnouncementForm(request.POST or None)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                announcement = loopback.notify_members_with_need(
                    need_code=form.cleaned_data["need"],
                    language=form.cleaned_data["language"],
                    region=form.cleaned_data["region"],
                    subject_url=form.cleaned_data["subject_url"],
                    title=form.cleaned_data["title"],
                    actor=request.user,
                )
            except services.SurveyError as error:
                form.add_error(None, str(error))
            else:
                messages.success(
                    request,
                    _("%(n)s members have been told about “%(title)s”.")
                    % {"n": announcement.notified, "title": announcement.title},
                )
                return redirect("survey:needs-answered")
    announcements = NeedAnnouncement.objects.select_related("created_by")[:50]
    return render(
        request,
        "survey/needs_answered.html",
        {"form": form, "announcements": announcements},
        status=status,
    )
