"""Who may download a translation request's documents and its translation: the member
who asked, the volunteer who accepted it, and staff. Nobody else — not even a volunteer
who is only being offered it (the offer shows the title, languages and deadline)."""

from __future__ import annotations

from .models import TranslationRequest


def may_download(user, request: TranslationRequest) -> bool:
    if not user.is_authenticated or not user.is_active:
        return False
    if user.is_staff or user.pk == request.requester_id:
        return True
    return request.translator is not None and request.translator.user_id == user.pk
