"""The signed offer link: the volunteer (signed in) accepts or declines. Thin."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from . import services


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def offer(request, token: str):
    found = services.offer_from_token(token)
    if found is None:
        raise Http404
    error, status = "", 200
    if request.method == "POST":
        answer = (
            services.offer_accept
            if request.POST.get("answer") == "accept"
            else services.offer_decline
        )
        try:
            answer(offer=found, actor=request.user)
        except services.TranslationError as exc:
            error, status = str(exc), 409
        else:
            messages.success(request, _("Thank you: your answer is recorded."))
            return redirect("home")
    elif found.volunteer.user_id != request.user.pk:
        error, status = _("This offer was made to someone else."), 403
    return render(
        request, "translations/offer.html", {"offer": found, "error": error}, status=status
    )
