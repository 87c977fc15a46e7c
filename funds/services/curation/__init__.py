"""Curation of the funding-calls map: create, edit, publish, reject, archive and verify
calls; member suggestions and their review; reports of outdated information.

Every service is keyword-only, owns its transaction and checks who acts (see
require_curator): the admin's permission checks are not the only gate. Each write to a
call leaves one audit row (core.audit.services.log_action: who changed which fields, from
what to what), which is the call's change history. Rules people can break raise
CallError, whose message is meant for people; programming mistakes raise ValueError.
Emails go through core.mail in the recipient's preferred language: they are
stored in the outbox inside the service's transaction and sent after commit, so a
rolled-back write (a failed or dry-run import) sends nothing.
"""

from .bulk import BATCH_SIZE, CallsCreated, calls_create_many
from .calls import (
    CALL_FIELDS,
    CALL_M2M_FIELDS,
    RESERVED_SLUGS,
    CallError,
    call_create,
    call_log_change,
    call_pending_changes,
    call_update,
    require_curator,
    serialise_call,
)
from .editorial import (
    call_archive,
    call_mark_verified,
    call_publish,
    call_reject,
    call_set_status,
    status_change_allowed,
)
from .reports import call_report_outdated, call_report_resolve, staff_recipients
from .suggestions import (
    SUGGESTION_FIELDS,
    SuggestionLimitReached,
    call_find_duplicate,
    call_submit_suggestion,
    funder_get_or_create,
    funder_save,
    normalize_source_url,
)

__all__ = [
    "BATCH_SIZE",
    "CallsCreated",
    "calls_create_many",
    "CALL_FIELDS",
    "CALL_M2M_FIELDS",
    "CallError",
    "RESERVED_SLUGS",
    "SUGGESTION_FIELDS",
    "SuggestionLimitReached",
    "call_archive",
    "call_create",
    "call_find_duplicate",
    "call_log_change",
    "call_pending_changes",
    "call_mark_verified",
    "call_publish",
    "call_reject",
    "call_report_outdated",
    "call_report_resolve",
    "call_set_status",
    "call_submit_suggestion",
    "call_update",
    "funder_get_or_create",
    "funder_save",
    "normalize_source_url",
    "require_curator",
    "serialise_call",
    "staff_recipients",
    "status_change_allowed",
]
