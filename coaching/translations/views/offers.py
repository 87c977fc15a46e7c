"""Answering an offer: on the volunteer's page (a POST per offer) or through the signed
link in the email. Both require the offered volunteer to be signed in; anyone else is
refused (403) and nothing changes. Thin."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from .. import services
from ..models import Offer
from .work import render_work


def _answer(request, offer: Offer):
    """Run the answer in POST; None when done, else the refusal (message, status)."""
    answer = request.POST.get("answer")
    if answer not in ("accept", "decline"):
        return _("Choose to accept or decline."), 400
    service = services.offer_accept if answer == "accept" else services.offer_decline
    try:
        service(offer=offer, actor=request.user)
    except services.TranslationError as error:
        return str(error), error.status
    if answer == "accept":
        messages.success(
            request, _("Thank you: the translation is yours. The documents are on your page.")
        )
    else:
        messages.success(request, _("Thank you: we will ask another volunteer."))
    return None


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def offer(request, token: str):
    """The signed link: bound to the offer and its volunteer, who must be signed in."""
    found = services.offer_from_token(token)
    if found is None:
        raise Http404
    error, status = "", 200
    mine = found.volunteer.user_id == request.user.pk
    if not mine:
        error, status = _("This offer was made to someone else."), 403
    elif request.method == "POST":
        refusal = _answer(request, found)
        if refusal is None:
            return redirect("translations:work")
        error, status = refusal
    elif not services.offer_is_answerable(found):
        error = _("This translation has already been taken or the offer has ended.")
    context = {"offer": found, "error": error, "mine": mine}
    return render(request, "translations/offer.html", context, status=status)


@login_required
@require_POST
def offer_answer(request, pk: int):
    """Accept or decline from "My translation work"."""
    found = get_object_or_404(Offer.objects.select_related("volunteer"), pk=pk)
    if found.volunteer.user_id != request.user.pk:
        raise Http404  # someone else's offer: not even its existence is shown
    refusal = _answer(request, found)
    if refusal is None:
        return redirect("translations:work")
    error, status = refusal
    return render_work(request, error=error, status=status)
