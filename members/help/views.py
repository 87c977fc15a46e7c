"""Find help's pages. Thin: reads through selectors, writes through services; the
message form is rate-limited per sender (core.ratelimit)."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from core import ratelimit
from core.lists import render_list
from members.filters import active_filters
from members.models import MemberProfile

from . import regions, selectors, services
from .forms import HelpOfferForm, MessageForm, NeedForm
from .models import HelpOffer


def _require_member(request) -> None:
    if not request.user.is_network_member:
        raise PermissionDenied


def _message_limits() -> tuple[ratelimit.Limit, ratelimit.Limit]:
    """Messages one member may send: each lands in someone's inbox."""
    return (
        ratelimit.Limit("findhelp.contact", settings.FIND_HELP_MESSAGES_PER_HOUR, 3600),
        ratelimit.Limit("findhelp.contact", settings.FIND_HELP_MESSAGES_PER_DAY, 86400),
    )


def _message_refused(request) -> str:
    hourly, daily = _message_limits()
    limit = ratelimit.exceeded([hourly, daily], who=ratelimit.requester(request))
    if limit is hourly:
        return _("You have sent many messages in a short time. Please try again in an hour.")
    if limit is daily:
        return _(
            "You have sent as many messages as one person can in a day. Please try again tomorrow."
        )
    return ""


@login_required
@require_safe
def find_help(request):
    """State a need; see who could help, ranked and explained."""
    if not request.user.is_network_member:
        return render(request, "findhelp/members_only.html", status=403)
    form = NeedForm(request.GET or None)
    results, status = None, 200
    if form.is_bound:
        if form.is_valid():
            results = selectors.suggestions(user=request.user, need=form.need())
        else:
            status = 400
    return render(
        request,
        "findhelp/find_help.html",
        {
            "form": form,
            "results": results,
            "kind": form.cleaned_data.get("kind", "") if results is not None else "",
        },
        status=status,
    )


@login_required
@require_safe
def advisor_list(request):
    """Members browse the technical advisors by category, expertise, kind, language, region."""
    if not request.user.is_network_member:
        return render(request, "findhelp/members_only.html", status=403)
    filterset = selectors.advisor_filterset(filters=request.GET)
    page_obj = Paginator(selectors.advisor_list(filterset), settings.PORTAL_PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render_list(
        request,
        "findhelp/advisor_list.html",
        {"filter": filterset, "page_obj": page_obj, "active_filters": active_filters(filterset)},
        form=filterset.form,
    )


@login_required
@require_safe
def advisor_detail(request, pk: int):
    if not request.user.is_network_member:
        return render(request, "findhelp/members_only.html", status=403)
    advisor = selectors.advisor_get(pk=pk)
    if advisor is None:
        raise Http404
    return render(request, "findhelp/advisor_detail.html", {"advisor": advisor})


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def contact(request, kind: str, pk: int):
    """Write to someone find help suggested; their address is never shown."""
    _require_member(request)
    recipient = selectors.recipient_get(user=request.user, kind=kind, pk=pk)
    if recipient is None:
        raise Http404
    form = MessageForm(request.POST or None, initial={"kind": request.GET.get("kind", "")})
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            refused = _message_refused(request)
            if refused:
                form.add_error(None, refused)
                status = 429
            else:
                try:
                    services.contact_send(
                        sender=request.user,
                        recipient=recipient,
                        subject=form.cleaned_data["subject"],
                        body=form.cleaned_data["body"],
                        request_key=form.cleaned_data["request_key"],
                        kind=form.cleaned_data.get("kind", ""),
                    )
                except services.ContactError as error:
                    form.add_error(None, str(error))
                else:
                    messages.success(
                        request,
                        _("Your message has been sent. Replies come to your email address."),
                    )
                    return redirect(reverse("findhelp:find-help"))
    return render(
        request,
        "findhelp/contact.html",
        {"form": form, "recipient_name": str(recipient)},
        status=status,
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def offer_edit(request):
    """A member says what help they offer and whether they may be written to."""
    _require_member(request)
    profile = MemberProfile.objects.filter(user=request.user).first()
    if profile is None:
        raise PermissionDenied
    offer = HelpOffer.objects.filter(profile=profile).first()
    initial = (
        {"kinds": offer.kinds, "accepts_contact": offer.accepts_contact}
        if offer
        else {"accepts_contact": True}
    )
    form = HelpOfferForm(request.POST or None, initial=initial)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                services.help_offer_update(
                    profile=profile,
                    actor=request.user,
                    kinds=form.cleaned_data["kinds"],
                    accepts_contact=form.cleaned_data["accepts_contact"],
                )
            except services.ContactError as error:
                form.add_error(None, str(error))
            else:
                messages.success(request, _("Saved."))
                return redirect("findhelp:offer")
    return render(request, "findhelp/offer.html", {"form": form}, status=status)


@require_http_methods(["GET", "HEAD", "POST"])
def opt_out(request, token: str):
    """The link in every message: stop receiving messages through the portal."""
    recipient = services.recipient_from_token(token)
    if recipient is None:
        return render(request, "findhelp/opt_out.html", {"invalid": True}, status=404)
    if request.method == "POST":
        services.recipient_opt_out(
            recipient=recipient, actor=request.user if request.user.is_authenticated else None
        )
        return render(request, "findhelp/opt_out.html", {"done": True})
    return render(request, "findhelp/opt_out.html", {"recipient_name": str(recipient)})


@require_safe
def region_list(request):
    """The network's five regions (public)."""
    return render(request, "regions/region_list.html", {"regions": regions.regions_overview()})


@require_safe
def region_detail(request, region: str):
    """A region: its representatives, ILO offices, members by country; members also see
    focal points and advisors. Public data only for anonymous visitors."""
    found = regions.region_or_none(region)
    if found is None:
        raise Http404
    return render(
        request,
        "regions/region_detail.html",
        {"page": regions.region_page(user=request.user, region=found)},
    )
