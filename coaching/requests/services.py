"""Coaching requests' writes: open, triage (staff), report the outcome, upload a document.
Each change is one history row the member sees, one audit entry, and emails to the
member and the coach in their own language."""

from __future__ import annotations

import os

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.audit.services import log_action
from core.mail import send_to_user
from members.help.models import TechnicalAdvisor
from members.roles import Role

from .documents import document_kind
from .errors import RequestError
from .models import CoachingRequest, Outcome, RequestDocument, RequestEvent, Stage
from .permissions import may_see


@transaction.atomic
def request_open(
    *, member, title: str, stage: str, needs: list[str], languages=(), call=None, deadline=None
) -> CoachingRequest:
    """A network member asks for coaching; with a call, its deadline is the request's."""
    if not member.is_authenticated or not member.is_network_member:
        raise RequestError(_("Only network members can ask for coaching."))
    if call is not None and call.deadline:
        deadline = call.deadline.date()
    if deadline is not None and deadline < timezone.localdate():
        raise RequestError(_("The deadline is in the past."))
    request = CoachingRequest.objects.create(
        member=member, title=title, stage=stage, needs=list(needs), call=call, deadline=deadline
    )
    request.languages.set(languages)
    RequestEvent.objects.create(
        request=request, actor=member, changes={"stage": ["", str(Stage(stage).label)]}
    )
    log_action(obj=request, action="coaching.request.opened", actor=member)
    return request


def _label(request: CoachingRequest, field: str) -> str:
    value = getattr(request, field)
    if field == "stage":
        return str(Stage(value).label)
    return "" if value is None else str(value)


TRIAGE_FIELDS = ("stage", "coach", "advisor", "next_step", "next_step_on")


@transaction.atomic
def request_triage(
    *, request: CoachingRequest, actor, note: str = "", **changes
) -> CoachingRequest:
    """Staff assign a coach or advisor, set the next step and date, move the stage. One
    history entry for the lot; the member and the coach are emailed. No change, no entry."""
    if not actor.is_staff:
        raise RequestError(_("Only ILO staff triage coaching requests."))
    request = CoachingRequest.objects.select_for_update().get(pk=request.pk)
    unknown = set(changes) - set(TRIAGE_FIELDS)
    if unknown:
        raise ValueError(f"Not triage fields: {sorted(unknown)}")
    diff = {}
    for field, value in changes.items():
        if getattr(request, field) != value:
            old = _label(request, field)
            setattr(request, field, value)
            diff[field] = [old, _label(request, field)]
    if not diff and not note:
        return request
    request.save()
    event = RequestEvent.objects.create(request=request, actor=actor, changes=diff, note=note)
    log_action(obj=request, action="coaching.request.triaged", actor=actor, changes=diff)
    for person in {request.member, request.coach} - {None}:
        send_to_user(
            user=person,
            template="requests/emails/changed",
            context={"request_title": request.title, "request_pk": request.pk, "event": event},
            key=f"coaching.request.changed:{event.pk}:{person.pk}",
        )
    return request


@transaction.atomic
def request_report_outcome(
    *, request: CoachingRequest, actor, outcome: str, amount=None
) -> CoachingRequest:
    """The member says how it ended (funded with the amount, not funded, withdrawn)."""
    if actor.pk != request.member_id:
        raise RequestError(_("Only the member who asked can report the outcome."))
    if outcome not in Outcome.values:
        raise RequestError(_("Choose an outcome."))
    if outcome == Outcome.FUNDED and (amount is None or amount <= 0):
        raise RequestError(_("Give the amount funded."))
    request = CoachingRequest.objects.select_for_update().get(pk=request.pk)
    old = request.outcome
    request.outcome, request.amount = outcome, amount if outcome == Outcome.FUNDED else None
    request.stage = Stage.RESULT
    request.save(update_fields=["outcome", "amount", "stage"])
    RequestEvent.objects.create(
        request=request, actor=actor, changes={"outcome": [old, str(Outcome(outcome).label)]}
    )
    log_action(
        obj=request,
        action="coaching.request.outcome",
        actor=actor,
        changes={"outcome": [old, outcome]},
    )
    return request


@transaction.atomic
def document_upload(*, request: CoachingRequest, actor, name: str, data: bytes) -> RequestDocument:
    """Store a private document (checked by content and size) for those who may see it."""
    if not may_see(actor, request):
        raise RequestError(_("You cannot add documents to this request."))
    kind = document_kind(name=name, data=data)
    clean_name = os.path.basename(name)[:200]
    document = RequestDocument(
        request=request, name=clean_name, kind=kind, size=len(data), uploaded_by=actor
    )
    document.file.save(f"{request.pk}.{kind}", ContentFile(data), save=False)
    document.save()
    log_action(
        obj=document, action="coaching.document.uploaded", actor=actor, data={"request": request.pk}
    )
    return document


def triage_recipients(request: CoachingRequest) -> list:
    """Who hears of what the member asks staff: active people in the "ILO staff" group
    (they triage requests in the admin) and the request's coach."""
    from django.contrib.auth import get_user_model

    staff = get_user_model().objects.filter(groups__name=Role.ILO_STAFF.value, is_active=True)
    people = {user.pk: user for user in staff.order_by("pk").distinct()}
    if request.coach is not None and request.coach.is_active:
        people.setdefault(request.coach_id, request.coach)
    return list(people.values())


@transaction.atomic
def request_advisor_ask(
    *, request: CoachingRequest, actor, advisor: TechnicalAdvisor
) -> CoachingRequest:
    """The member who opened `request` asks for a particular technical advisor. One
    history entry ("asked for advisor X"), one audit entry, and an email to everyone who
    triages (triage_recipients), each in their own language; staff then assign the
    advisor in the admin (or not). Asking again for the same advisor changes nothing.

    Raises RequestError (nothing changed) when the actor is not the request's member or
    not a network member, the request is closed, or the advisor is not listed or does
    not accept contact. The advisor's address is never shown to the member."""
    if not actor.is_authenticated or not actor.is_network_member:
        raise RequestError(_("Only network members can ask for an advisor."))
    request = CoachingRequest.objects.select_for_update().get(pk=request.pk)
    if actor.pk != request.member_id:
        raise RequestError(_("Only the member who opened this request can ask for an advisor."))
    if request.is_closed:
        raise RequestError(_("This request is closed: you can no longer ask for an advisor."))
    advisor = TechnicalAdvisor.objects.contactable().filter(pk=advisor.pk).first()
    if advisor is None:
        raise RequestError(_("This advisor is not available at the moment. Choose another one."))
    if not advisor.is_taking_requests:
        raise RequestError(_("This advisor is not taking new requests at the moment. Choose another one."))
    if request.requested_advisor_id == advisor.pk:
        return request
    old = str(request.requested_advisor or "")
    request.requested_advisor = advisor
    request.save(update_fields=["requested_advisor"])
    event = RequestEvent.objects.create(
        request=request, actor=actor, changes={"requested_advisor": [old, advisor.name]}
    )
    log_action(
        obj=request,
        action="coaching.request.advisor_requested",
        actor=actor,
        changes={"requested_advisor": [old, advisor.name]},
        data={"advisor": advisor.pk},
    )
    for person in triage_recipients(request):
        send_to_user(
            user=person,
            template="requests/emails/advisor_requested",
            context={
                "request_title": request.title,
                "request_pk": request.pk,
                "member_name": actor.get_full_name(),
                "advisor_name": advisor.name,
            },
            key=f"coaching.request.advisor_requested:{event.pk}:{person.pk}",
        )
    return request


@transaction.atomic
def request_assign_requested_advisor(*, request: CoachingRequest, actor) -> CoachingRequest:
    """Staff's one action: make the advisor the member asked for the request's advisor
    (through request_triage: its history entry and emails). Raises RequestError when the
    member asked for nobody or the advisor is no longer available."""
    if request.requested_advisor_id is None:
        raise RequestError(_("The member has not asked for an advisor."))
    if not TechnicalAdvisor.objects.contactable().filter(pk=request.requested_advisor_id).exists():
        raise RequestError(_("This advisor is not available at the moment. Choose another one."))
    return request_triage(request=request, actor=actor, advisor=request.requested_advisor)


def max_bytes() -> int:
    from django.conf import settings

    return settings.COACHING_DOCUMENT_MAX_BYTES
