"""Coaching pages: the list, a session with its one button, "my sessions". Thin:
selectors read, events' services write."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from core.errors import DomainError
from events import selectors as event_selectors
from events import services as event_services

from . import selectors, services
from .forms import FeedbackApplicationForm


@require_safe
def session_list(request):
    filterset = selectors.session_filterset(user=request.user, filters=request.GET)
    page_obj = Paginator(selectors.filtered(filterset), settings.PORTAL_PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "coaching/session_list.html",
        {
            "filter": filterset,
            "page_obj": page_obj,
            "past": selectors.past_sessions_with_recordings(user=request.user),
            "viewer_tz": selectors.viewer_time_zone(request.user),
        },
    )


def _detail(request, session, *, application_form=None, status=200):
    context = {
        "session": session,
        **selectors.session_page(session=session, user=request.user),
        "application_form": application_form
        or (FeedbackApplicationForm() if session.kind == "feedback" else None),
    }
    return render(request, "coaching/session_detail.html", context, status=status)


@require_safe
def session_detail(request, pk: int):
    session = selectors.session_get(user=request.user, pk=pk)
    if session is None:
        raise Http404(_("No coaching session has this address."))
    return _detail(request, session)


@login_required
@require_POST
def session_register(request, pk: int):
    session = selectors.session_get(user=request.user, pk=pk)
    if session is None:
        raise Http404(_("No coaching session has this address."))
    try:
        if session.kind == "feedback":
            form = FeedbackApplicationForm(request.POST, request.FILES)
            if not form.is_valid():
                return _detail(request, session, application_form=form, status=400)
            services.feedback_application_submit(
                session=session, user=request.user, **form.cleaned_data
            )
        else:
            event_services.registration_register(session=session, user=request.user)
    except DomainError as error:
        messages.error(request, str(error))
        return redirect(session.get_absolute_url())
    return redirect(session.get_absolute_url())


@login_required
@require_safe
def my_sessions(request):
    feed = event_selectors.calendar_feed_of(user=request.user)
    return render(
        request,
        "coaching/my_sessions.html",
        {
            "registrations": selectors.my_registrations(user=request.user),
            "viewer_tz": selectors.viewer_time_zone(request.user),
            "feed_url": request.build_absolute_uri(
                reverse("events:calendar-feed", kwargs={"token": feed.token})
            ),
        },
    )
