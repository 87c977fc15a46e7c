"""Who may see a request and its private documents: the member, the assigned coach,
its translators and staff. Nobody else, signed in or not."""

from __future__ import annotations

from .models import CoachingRequest


def may_see(user, request: CoachingRequest) -> bool:
    if not user.is_authenticated or not user.is_active:
        return False
    if user.is_staff or user.pk in (request.member_id, request.coach_id):
        return True
    return request.translators.filter(pk=user.pk).exists()
