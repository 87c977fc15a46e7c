"""Demo coaching requests for `manage.py seed_demo`: member@example.org's requests at
various stages (one for a demo call, with a coach, a technical advisor and history; one
funded; one where the member asked for an advisor). Idempotent."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.utils import timezone

from .models import CoachingRequest, Outcome, RequestEvent, Stage


def seed(*, stdout) -> None:
    if CoachingRequest.objects.exists():
        stdout.write("  coaching requests demo already present")
        return
    User = get_user_model()
    member = User.objects.filter(email="member@example.org").first()
    coach = User.objects.filter(email="staff@example.org").first()
    if member is None:
        return
    calls = CoachingRequest._meta.get_field("call").related_model
    call = (
        calls.objects.filter(status="published", deadline__gt=timezone.now())
        .order_by("deadline")
        .first()
    )
    advisors = CoachingRequest._meta.get_field("advisor").related_model
    advisor = advisors.objects.filter(is_active=True).order_by("pk").first()
    rows = [
        ("Apprenticeships for young women in green construction", Stage.PROPOSAL, ["writing", "budget"], call, coach, advisor, ""),
        ("Digital skills for informal traders", Stage.IDEA, ["partners"], None, None, None, ""),
        ("Recognition of prior learning for returning migrants", Stage.RESULT, ["review"], None, coach, None, Outcome.FUNDED),
    ]  # fmt: skip
    for title, stage, needs, request_call, request_coach, request_advisor, outcome in rows:
        request = CoachingRequest.objects.create(
            member=member, title=title, stage=stage, needs=needs, call=request_call,
            deadline=request_call.deadline.date() if request_call else timezone.localdate() + timedelta(days=45),
            coach=request_coach, advisor=request_advisor, outcome=outcome,
            amount=Decimal("85000") if outcome == Outcome.FUNDED else None,
            next_step="Send the draft budget for review" if request_coach else "",
        )  # fmt: skip
        RequestEvent.objects.create(
            request=request, actor=member, changes={"stage": ["", str(Stage.IDEA.label)]}
        )
        if stage != Stage.IDEA:
            RequestEvent.objects.create(
                request=request, actor=coach,
                changes={"stage": [str(Stage.IDEA.label), str(Stage(stage).label)]},
                note="Coach assigned; the concept note is ready.",
            )  # fmt: skip
    # The idea-stage request: the member asked for an advisor; staff have not assigned yet.
    asked = advisors.objects.filter(is_active=True, accepts_contact=True).order_by("-pk").first()
    waiting = CoachingRequest.objects.filter(member=member, stage=Stage.IDEA).first()
    if asked is not None and waiting is not None:
        waiting.requested_advisor = asked
        waiting.save(update_fields=["requested_advisor"])
        RequestEvent.objects.create(
            request=waiting, actor=member, changes={"requested_advisor": ["", asked.name]}
        )
    stdout.write(f"  {len(rows)} coaching requests")
