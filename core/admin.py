"""Admin building blocks shared by every app."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from core.errors import DomainError


class ReadOnlyAdmin(admin.ModelAdmin):
    """Records kept by the portal itself (audit trail, change history, import history,
    what the alert jobs found and sent): staff may read them, nobody may add, change or
    delete them through the admin, superusers included."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


def run_on_selected(
    model_admin: admin.ModelAdmin,
    request,
    rows: Iterable,
    act: Callable[[object], object],
    *,
    done_message: Callable[[int], str],
    label: Callable[[object], str] = str,
) -> int:
    """An admin action's loop: call `act(row)` (a service) for each selected row.

    A row the service refuses (a DomainError, or PermissionDenied from a service that
    checks its actor) is reported as "<label>: <reason>" and the others go on; the
    rows done are counted in one success message, `done_message(count)`. Returns the
    count. Each service owns its transaction, so one refusal undoes nothing else.
    """
    done, failures = 0, []
    for row in rows:
        try:
            act(row)
        except (DomainError, PermissionDenied) as error:
            failures.append(f"{label(row)}: {str(error) or _('not allowed')}")
        else:
            done += 1
    if done:
        model_admin.message_user(request, done_message(done), messages.SUCCESS)
    for failure in failures:
        model_admin.message_user(request, failure, messages.WARNING)
    return done
