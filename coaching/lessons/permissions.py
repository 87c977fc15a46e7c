"""Who may act in the lesson library: network members (and staff) browse and submit;
staff who may change lessons review them."""

from __future__ import annotations


def is_member(user) -> bool:
    return bool(
        user is not None
        and user.is_authenticated
        and (user.is_staff or getattr(user, "is_network_member", False))
    )


def may_review(user) -> bool:
    return bool(
        user is not None
        and user.is_authenticated
        and user.is_staff
        and user.has_perm("coaching_lessons.change_lesson")
    )
