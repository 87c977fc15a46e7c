"""Peer-exchange pages. Thin: selectors read, services write, DomainError → a message."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from core.errors import DomainError
from events import services as event_services

from . import selectors, services
from .forms import HostOfferForm, OutputFileForm, OutputForm, ScheduleForm, TopicForm
from .models import GuidePage, Output, PeerSession
from .permissions import is_member, is_peer_staff


@require_safe
def index(request):
    return render(request, "peer_exchange/index.html", selectors.index_page(user=request.user))


@require_safe
def topic_list(request):
    page_obj = Paginator(
        selectors.topics_for_voting(user=request.user), settings.PORTAL_PAGE_SIZE
    ).get_page(request.GET.get("page"))
    context = {"page_obj": page_obj, "votes_left": selectors.votes_left(user=request.user)}
    return render(request, "peer_exchange/topic_list.html", context)


@login_required
def topic_propose(request):
    form = TopicForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            topic = services.topic_propose(actor=request.user, **form.cleaned_data)
        except DomainError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Your topic is proposed: members can vote for it now."))
            return redirect("peer_exchange:topic-detail", pk=topic.pk)
    status = 400 if request.method == "POST" else 200
    return render(request, "peer_exchange/topic_form.html", {"form": form}, status=status)


def _topic(pk):
    topic = selectors.topic_get(pk=pk)
    if topic is None:
        raise Http404(_("No topic has this address."))
    return topic


@require_safe
def topic_detail(request, pk: int):
    topic = _topic(pk)
    schedule_form = None
    if topic.is_open and is_peer_staff(request.user):
        schedule_form = ScheduleForm(sessions=selectors.open_peer_sessions(user=request.user))
    voted = request.user.is_authenticated and topic.votes.filter(user=request.user).exists()
    context = {"topic": topic, "voted": voted, "schedule_form": schedule_form,
               "votes_left": selectors.votes_left(user=request.user)}  # fmt: skip
    return render(request, "peer_exchange/topic_detail.html", context)


@login_required
@require_POST
def topic_vote(request, pk: int):
    topic = _topic(pk)
    try:
        if request.POST.get("withdraw"):
            services.topic_unvote(topic=topic, actor=request.user)
            messages.success(request, _("Your vote is withdrawn."))
        else:
            services.topic_vote(topic=topic, actor=request.user)
            messages.success(request, _("Thank you for your vote."))
    except DomainError as error:
        messages.error(request, str(error))
    return redirect("peer_exchange:topic-detail", pk=topic.pk)


@login_required
@require_POST
def topic_schedule(request, pk: int):
    topic = _topic(pk)
    form = ScheduleForm(request.POST, sessions=selectors.open_peer_sessions(user=request.user))
    if not form.is_valid():
        messages.error(request, _("Choose an upcoming session."))
        return redirect("peer_exchange:topic-detail", pk=topic.pk)
    try:
        services.topic_schedule(topic=topic, peer=form.cleaned_data["peer"], actor=request.user)
    except DomainError as error:
        messages.error(request, str(error))
        return redirect("peer_exchange:topic-detail", pk=topic.pk)
    messages.success(request, _("The topic is scheduled; its proposer and voters are told."))
    return redirect("peer_exchange:session-detail", pk=form.cleaned_data["peer"].session_id)


def _session(request, pk):
    session = selectors.session_get(user=request.user, pk=pk)
    if session is None:
        raise Http404(_("No peer-exchange session has this address."))
    return session


@require_safe
def session_detail(request, pk: int):
    session = _session(request, pk)
    context = {"session": session, **selectors.session_page(session=session, user=request.user)}
    return render(request, "peer_exchange/session_detail.html", context)


@login_required
@require_POST
def session_register(request, pk: int):
    session = _session(request, pk)
    try:
        event_services.registration_register(session=session, user=request.user)
    except DomainError as error:
        messages.error(request, str(error))
    return redirect(session.get_absolute_url())


@login_required
@require_POST
def host_swap(request, pk: int):
    session = _session(request, pk)
    try:
        if request.POST.get("take"):
            services.host_swap_take(peer=session.peer, actor=request.user)
            messages.success(request, _("Thank you: you host this session now."))
        else:
            services.host_swap_request(peer=session.peer, actor=request.user)
            messages.success(request, _("The backup and the volunteers are asked to take over."))
    except DomainError as error:
        messages.error(request, str(error))
    return redirect(session.get_absolute_url())


@login_required
def output_edit(request, pk: int):
    session = _session(request, pk)
    peer: PeerSession = session.peer
    output = Output.objects.filter(session=peer).first()
    form = OutputForm(request.POST or None, instance=output, prefix="output")
    file_form = OutputFileForm(request.POST or None, request.FILES or None, prefix="file")
    if request.method == "POST" and form.is_valid():
        data = {name: form.cleaned_data[name] for name in OutputForm.Meta.fields}
        try:
            output = services.output_save(peer=peer, actor=request.user, data=data,
                                          categories=form.cleaned_data["categories"])  # fmt: skip
            if request.FILES and file_form.is_valid():
                services.output_file_add(output=output, actor=request.user,
                                         title=file_form.cleaned_data["title"], upload=file_form.cleaned_data["file"])  # fmt: skip
            if request.POST.get("publish"):
                services.output_publish(output=output, actor=request.user)
        except DomainError as error:
            form.add_error(None, str(error))
        else:
            if not request.FILES or file_form.is_valid():
                messages.success(request, _("The summary is saved."))
                return redirect(session.get_absolute_url())
    elif request.method != "POST" and not (
        is_peer_staff(request.user)
        or peer.backup_host_id == request.user.pk
        or any(h.pk == request.user.pk for h in session.hosts.all())
    ):
        raise PermissionDenied(_("Only the session's host may write its summary."))
    status = 400 if request.method == "POST" else 200
    context = {"session": session, "form": form, "file_form": file_form, "output": output}
    return render(request, "peer_exchange/output_form.html", context, status=status)


@require_safe
def library(request):
    filterset = selectors.library_filterset(user=request.user, filters=request.GET)
    page_obj = Paginator(selectors.filtered(filterset), settings.PORTAL_PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(
        request, "peer_exchange/library.html", {"filter": filterset, "page_obj": page_obj}
    )


@require_safe
def output_detail(request, pk: int):
    output = selectors.output_get(user=request.user, pk=pk)
    if output is None:
        raise Http404(_("No published output has this address, or it is for members only."))
    language = (request.LANGUAGE_CODE or "en")[:2]
    return render(request, "peer_exchange/output_detail.html",
                  {"output": output, "other_language": output.language.code[:2] != language})  # fmt: skip


@login_required
def host_offer(request):
    if not is_member(request.user):
        raise PermissionDenied(_("Only network members may offer to host."))
    offer = getattr(request.user, "peer_host_offer", None)
    initial = (
        {"is_active": offer.is_active, "can_facilitate": offer.can_facilitate}
        if offer
        else {"is_active": True}
    )
    form = HostOfferForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        services.host_offer_set(actor=request.user, **form.cleaned_data)
        messages.success(request, _("Your hosting offer is saved."))
        return redirect("peer_exchange:session-list")
    return render(request, "peer_exchange/host_offer.html", {"form": form})


@login_required
@require_safe
def emerging(request):
    if not is_peer_staff(request.user):
        raise PermissionDenied(_("This panel is for ILO staff."))
    return render(request, "peer_exchange/emerging.html", selectors.emerging_topics())


@require_safe
def guide(request, page: str):
    if page not in GuidePage.Page.values:
        raise Http404(_("No guide page has this address."))
    context = {
        "page": selectors.guide_page(page=page),
        "page_key": page,
        "pages": GuidePage.Page.choices,
    }
    return render(request, "peer_exchange/guide.html", context)
