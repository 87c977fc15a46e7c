"""The engine's own pages, shared by every app that owns sessions: answering an offer,
feedback, the private calendar feed, check-in and the attendance import, cancelling."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from core.errors import DomainError
from core.mail import user_language

from . import selectors, services
from .calendar import CONTENT_TYPE, feed
from .forms import AttendanceReportForm, FeedbackForm
from .models import Registration, Session
from .notify import session_url
from .permissions import may_manage_attendance


def _back(session: Session) -> str:
    return session.get_absolute_url() or reverse("home")


@require_http_methods(["GET", "HEAD", "POST"])
def offer_respond(request, token: str):
    registration, offer_number = selectors.registration_for_offer(token)
    if registration is None:
        return render(
            request, "events/offer.html", {"error": _("This link is not valid.")}, status=400
        )
    if request.user.is_authenticated and request.user.pk != registration.user_id:
        return render(
            request,
            "events/offer.html",
            {"error": _("This offer was made to someone else.")},
            status=403,
        )
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action == "accept":
                services.offer_accept(
                    registration=registration, offer_number=offer_number, actor=request.user
                )
                messages.success(
                    request,
                    _("Your seat is confirmed. The invitation is on its way to your inbox."),
                )
            elif action == "decline":
                services.offer_decline(
                    registration=registration, offer_number=offer_number, actor=request.user
                )
                messages.info(
                    request, _("You declined the seat; it goes to the next person waiting.")
                )
            else:
                return render(
                    request,
                    "events/offer.html",
                    {"error": _("Choose accept or decline.")},
                    status=400,
                )
        except DomainError as error:
            return render(
                request,
                "events/offer.html",
                {"error": str(error), "session": registration.session},
                status=409,
            )
        return redirect(_back(registration.session))
    current = (
        registration.status == Registration.Status.OFFERED
        and registration.offer_number == offer_number
    )
    return render(
        request,
        "events/offer.html",
        {"registration": registration, "session": registration.session, "current": current},
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def feedback(request, pk: int):
    registration = get_object_or_404(
        Registration.objects.select_related("session"), pk=pk, user=request.user
    )
    form = FeedbackForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.feedback_give(
                registration=registration, actor=request.user, **form.cleaned_data
            )
        except DomainError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Thank you for your feedback."))
            return redirect(_back(registration.session))
    return render(
        request,
        "events/feedback.html",
        {"form": form, "registration": registration, "session": registration.session},
    )


@require_safe
def calendar_feed(request, token: str):
    calendar, registrations = selectors.feed_registrations(token=token)
    if calendar is None:
        raise Http404
    language = user_language(calendar.user)
    body = feed(
        registrations,
        name=_("My network sessions"),
        absolute_url=lambda session: session_url(session, language),
        language=language,
    )
    response = HttpResponse(body, content_type=CONTENT_TYPE)
    response["Cache-Control"] = "private, max-age=300"
    return response


@login_required
@require_POST
def calendar_feed_rotate(request):
    calendar = selectors.calendar_feed_of(user=request.user)
    calendar.rotate()
    calendar.save(update_fields=["token", "created_at"])
    messages.success(request, _("Your calendar address changed; the old one no longer works."))
    return redirect(request.POST.get("next") or reverse("home"))


@login_required
@require_POST
def registration_cancel(request, pk: int):
    registration = get_object_or_404(Registration.objects.select_related("session"), pk=pk)
    if registration.user_id != request.user.pk:
        raise Http404
    try:
        services.registration_cancel(registration=registration, actor=request.user)
    except DomainError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Your registration is cancelled."))
    return redirect(_back(registration.session))


def _managed_session(request, pk: int) -> Session:
    session = get_object_or_404(Session, pk=pk)
    if not may_manage_attendance(request.user, session):
        raise PermissionDenied
    return session


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def check_in(request, pk: int):
    session = _managed_session(request, pk)
    if request.method == "POST":
        registration = get_object_or_404(
            Registration, pk=request.POST.get("registration") or 0, session=session
        )
        try:
            services.attendance_mark(
                registration=registration,
                actor=request.user,
                attended=request.POST.get("attended") == "1",
            )
        except DomainError as error:
            messages.error(request, str(error))
        return redirect(
            reverse("events:check-in", kwargs={"pk": session.pk}) + f"#r{registration.pk}"
        )
    return render(
        request,
        "events/check_in.html",
        {
            "session": session,
            "registrations": selectors.check_in_list(session=session),
            "report_form": AttendanceReportForm(),
            "summary": selectors.feedback_summary(session=session),
        },
    )


@login_required
@require_POST
def attendance_report(request, pk: int):
    session = _managed_session(request, pk)
    form = AttendanceReportForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            report = services.attendance_import(
                session=session, actor=request.user, data=form.cleaned_data["report"].read()
            )
        except DomainError as error:
            form.add_error("report", str(error))
        else:
            messages.success(request, _("%(count)s attendees marked.") % {"count": report.matched})
            if report.unmatched:
                messages.warning(
                    request,
                    _("Not registered, not marked: %(rows)s")
                    % {"rows": ", ".join(report.unmatched[:50])},
                )
            return redirect("events:check-in", pk=session.pk)
    return render(
        request,
        "events/check_in.html",
        {
            "session": session,
            "registrations": selectors.check_in_list(session=session),
            "report_form": form,
            "summary": selectors.feedback_summary(session=session),
        },
        status=400,
    )
