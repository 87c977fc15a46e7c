"""Who may act on sessions: staff (with the events permissions) and a session's hosts."""

from __future__ import annotations


def is_session_staff(user) -> bool:
    return bool(
        user and user.is_authenticated and user.is_staff and user.has_perm("events.change_session")
    )


def may_manage_attendance(user, session) -> bool:
    if not (user and user.is_authenticated):
        return False
    return is_session_staff(user) or session.hosts.filter(pk=user.pk).exists()


def may_see_meeting_link(user, session, registration=None) -> bool:
    """Confirmed registrants and hosts (and staff) only: never anyone else."""
    if not (user and user.is_authenticated):
        return False
    if (
        registration is not None
        and registration.status == "confirmed"
        and registration.user_id == user.pk
    ):
        return True
    return is_session_staff(user) or session.hosts.filter(pk=user.pk).exists()
