"""Creating and editing calls: the fields, how values are applied and recorded, who may curate."""

from __future__ import annotations

import copy
import datetime as dt
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.audit.models import AuditEntry
from core.audit.services import log_action
from core.errors import DomainError
from core.slugs import unique_slug
from members.models import User
from taxonomy.models import Language, SkillCategory

from ...choices import EditorialStatus, Lifecycle
from ...models import Funder, FundingCall
from ...search import update_search_vectors

# Fixed routes under /funds/ that a call's slug must never shadow.
RESERVED_SLUGS = frozenset({"feed", "mine", "suggest", "export", "deadlines", "alerts"})



class CallError(DomainError):
    """A change the curation rules do not allow. str(error) is shown to people as is;
    `errors` maps field names to messages when the call's data is invalid."""

    def __init__(self, message: str, *, errors: dict[str, list[str]] | None = None):
        super().__init__(message)
        self.errors = errors or {}

    @classmethod
    def from_validation_error(cls, error: ValidationError) -> CallError:
        errors = error.message_dict if hasattr(error, "error_dict") else {"__all__": error.messages}
        message = " ".join(f"{m}" for messages in errors.values() for m in messages)
        return cls(message, errors=errors)


# What curators may set through call_create / call_update. Editorial state is changed by
# its own services (call_publish, call_reject, call_archive, call_set_status).
CALL_FIELDS: tuple[str, ...] = (
    "title",
    "slug",
    "funder",
    "reference",
    "summary",
    "description",
    "instrument",
    "tags",
    "is_global",
    "eligible_regions",
    "eligible_countries",
    "applicant_types",
    "amount_min",
    "amount_max",
    "currency",
    "amount_usd",
    "awards_count",
    "cofinancing_required",
    "cofinancing_rate",
    "opens_on",
    "deadline",
    "deadline_timezone",
    "is_rolling",
    "apply_url",
    "source_url",
    "contact",
    "last_verified_at",
    "review_note",
    "duplicate_of",
    "source",
    "suggested_by",
)
CALL_M2M_FIELDS: tuple[str, ...] = ("co_funders", "categories", "languages")

# Fields that are empty strings rather than NULL when cleared.
_TEXT_FIELDS = frozenset(
    f.name
    for f in FundingCall._meta.concrete_fields
    if isinstance(f, (models.CharField, models.TextField)) and not f.null
)
_LIST_FIELDS = frozenset({"eligible_regions", "eligible_countries", "applicant_types", "region_index"})
_VALIDATION_EXCLUDE = ["search_vector", "region_index"]


# --- Serialising values for the change history ------------------------------------------


def _decimal_str(value) -> str:
    value = value if isinstance(value, Decimal) else Decimal(str(value))
    text = format(value.normalize(), "f")
    return text


def _serialise_value(name: str, value):
    """A JSON-friendly, comparable form of a field value: dates ISO (datetimes in UTC),
    decimals as plain strings, relations as slugs/codes, lists sorted."""
    if value is None:
        return None
    if name in CALL_M2M_FIELDS:
        return sorted(_related_key(obj) for obj in value)
    if name in _LIST_FIELDS:
        return sorted(str(getattr(v, "code", v)) for v in value or [])
    if isinstance(value, models.Model):
        return _related_key(value)
    if isinstance(value, dt.datetime):
        return value.astimezone(dt.UTC).isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, bool):
        return value
    field = FundingCall._meta.get_field(name)
    if isinstance(field, models.DecimalField):
        return _decimal_str(value)
    if isinstance(value, (int, str)):
        return value
    return str(value)


def _related_key(obj) -> str | int:
    if isinstance(obj, Language):
        return obj.code
    if isinstance(obj, (Funder, SkillCategory, FundingCall)):
        return obj.slug
    return obj.pk


def serialise_call(call: FundingCall) -> dict:
    """Every curated field of a saved call in its change-history form (for tests, exports
    and comparisons). Uses prefetched relations when present."""
    data = {name: _serialise_value(name, getattr(call, name)) for name in CALL_FIELDS}
    for name in CALL_M2M_FIELDS:
        data[name] = _serialise_value(name, getattr(call, name).all())
    data["status"] = call.status
    return data


# --- Applying data ----------------------------------------------------------------------


def _normalise_input(name: str, value):
    if name == "tags":
        tags = (t.strip() for t in (value or "").split(","))
        return ", ".join(dict.fromkeys(t for t in tags if t))
    if name in _TEXT_FIELDS and value is None:
        return ""
    if name in _TEXT_FIELDS and isinstance(value, str):
        return value.strip()
    if name == "eligible_countries":
        return [str(getattr(c, "code", c)).upper() for c in value or []]
    if name in {"eligible_regions", "applicant_types"}:
        return list(dict.fromkeys(value or []))
    field = FundingCall._meta.get_field(name)
    if isinstance(field, models.DecimalField) and value is not None and value != "":
        return field.to_python(value)
    if isinstance(field, models.DecimalField | models.IntegerField) and value == "":
        return None
    return value


def _apply(call: FundingCall, data: dict, *, creating: bool) -> tuple[dict, dict]:
    """Copy allowed values onto the call. Returns (changes for the revision, m2m values to
    set after saving)."""
    unknown = set(data) - set(CALL_FIELDS) - set(CALL_M2M_FIELDS)
    if unknown:
        raise ValueError(f"Not editable through the curation services: {', '.join(sorted(unknown))}")
    changes: dict[str, list] = {}
    for name in CALL_FIELDS:
        if name not in data:
            continue
        new = _normalise_input(name, data[name])
        old_s = None if creating else _serialise_value(name, getattr(call, name))
        new_s = _serialise_value(name, new)
        if creating:
            if new_s not in (None, "", [], False):
                changes[name] = [None, new_s]
            setattr(call, name, new)
        elif old_s != new_s:
            changes[name] = [old_s, new_s]
            setattr(call, name, new)
    m2m = {}
    for name in CALL_M2M_FIELDS:
        if name not in data:
            continue
        objs = list(data[name] or [])
        new_s = _serialise_value(name, objs)
        old_s = [] if creating else _serialise_value(name, getattr(call, name).all())
        if old_s != new_s:
            changes[name] = [None if creating else old_s, new_s]
            m2m[name] = objs
    return changes, m2m


def _validate(call: FundingCall) -> None:
    if (call.slug or "").lower() in RESERVED_SLUGS:
        # Whatever path the slug came by (admin form, import, suggestion), a call at
        # /funds/feed/ would be unreachable.
        raise CallError(
            _("“%(slug)s” is the address of one of the portal's own pages.") % {"slug": call.slug},
            errors={"slug": [_("“%(slug)s” is the address of one of the portal's own pages.") % {"slug": call.slug}]},
        )
    try:
        call.full_clean(exclude=_VALIDATION_EXCLUDE)
    except ValidationError as error:
        raise CallError.from_validation_error(error) from None


def require_curator(actor: User | None, *permissions: str, system: bool = True) -> None:
    """Refuse (PermissionDenied) an actor who may not curate: anyone but active staff
    holding every one of `permissions` (e.g. "funds.change_fundingcall").

    `actor=None` is the system, allowed only where `system` is True: the services the
    spreadsheet import reaches (call_create, call_update, call_set_status and the
    publish / reject / archive it delegates to), because `manage.py import_calls` run
    from a shell without --actor imports as the system. No scheduled job curates calls;
    the services only the admin calls (verify, log a change, resolve a report, save a
    funder) refuse None."""
    if actor is None:
        if system:
            return
        raise PermissionDenied
    if not (actor.is_authenticated and actor.is_active and actor.is_staff and actor.has_perms(permissions)):
        raise PermissionDenied


def _record(
    call: FundingCall, *, actor: User | None, action: str, changes: dict | None = None, data: dict | None = None
) -> AuditEntry:
    return log_action(obj=call, action=action, actor=actor, data=data, changes=changes)


def _lock(call: FundingCall) -> FundingCall:
    return FundingCall.objects.select_for_update(of=("self",)).select_related("funder").get(pk=call.pk)


def _save_new(data: dict, *, actor: User | None, status: str, reindex: bool) -> FundingCall:
    if status not in {EditorialStatus.DRAFT, EditorialStatus.PENDING}:
        raise CallError(_("A new call starts as a draft or pending review; publish it afterwards."))
    call = FundingCall(status=status)
    changes, m2m = _apply(call, data, creating=True)
    call.title = (call.title or "").strip()
    if not call.slug:
        call.slug = unique_slug(FundingCall, call.title or "call", max_length=300, reserved=RESERVED_SLUGS)
    call.region_index = call.computed_region_index()
    _validate(call)
    call.save()
    for name, objs in m2m.items():
        if objs:
            # A new call has no links yet: add() skips set()'s read of the current ones.
            getattr(call, name).add(*objs)
    changes["status"] = [None, status]
    _record(call, actor=actor, action="funds.call.created", changes=changes, data={"status": status, "source": call.source})
    if reindex:
        update_search_vectors([call.pk])
    return call


def _save_changes(call: FundingCall, data: dict, *, actor: User | None, reindex: bool) -> tuple[FundingCall, dict]:
    call = _lock(call)
    now = timezone.now()
    was_closed = call.status == EditorialStatus.PUBLISHED and call.lifecycle_at(now) == Lifecycle.CLOSED
    changes, m2m = _apply(call, data, creating=False)
    if not changes:
        return call, {}
    call.region_index = call.computed_region_index()
    reopened = was_closed and call.lifecycle_at(now) != Lifecycle.CLOSED
    if reopened:
        # Re-opened with a new deadline: alerts consider the call again from now on.
        changes["announced_at"] = [_serialise_value("announced_at", call.announced_at), now.isoformat()]
        call.announced_at = now
    _validate(call)
    call.save()
    for name, objs in m2m.items():
        getattr(call, name).set(objs)
    # Re-opening is an update too: one row, named for what it did.
    _record(call, actor=actor, action="funds.call.reopened" if reopened else "funds.call.updated", changes=changes)
    if reindex:
        update_search_vectors([call.pk])
    return call, changes


@transaction.atomic
def call_create(
    *, data: dict, actor: User | None, status: str = EditorialStatus.DRAFT, reindex: bool = True
) -> FundingCall:
    """Create a call from `data` (any of CALL_FIELDS and CALL_M2M_FIELDS, e.g. a form's
    cleaned_data) as a draft (or pending review). Generates a unique slug when none is
    given, keeps region_index and the search vector, and records a "created" revision.
    Raises CallError when the data is invalid, PermissionDenied for an actor without
    funds.add_fundingcall. Pass reindex=False when the caller updates search vectors
    for many calls at once."""
    require_curator(actor, "funds.add_fundingcall")
    return _save_new(data, actor=actor, status=status, reindex=reindex)


@transaction.atomic
def call_update(
    *, call: FundingCall, data: dict, actor: User | None, reindex: bool = True
) -> tuple[FundingCall, dict]:
    """Change a call's fields from `data` (as for call_create). Records an "updated"
    revision with {field: [old, new]} for each changed field; nothing when nothing
    changed. When a published call that had closed gets a future deadline (or becomes
    rolling) it is re-announced (announced_at = now) so alerts reconsider it. Returns the
    fresh call and the recorded changes (empty when nothing changed: the spreadsheet
    import counts unchanged rows with it); raises CallError when the result is invalid,
    PermissionDenied for an actor without funds.change_fundingcall."""
    require_curator(actor, "funds.change_fundingcall")
    return _save_changes(call, data, actor=actor, reindex=reindex)


def call_pending_changes(*, call: FundingCall, data: dict) -> dict:
    """The {field: [old, new]} call_update would record for `data`, without writing or
    changing `call` (prefetched links are used when present): empty when call_update
    would change nothing. Lets a caller skip the update, and its lock, of an unchanged
    call (the spreadsheet import's "same file again")."""
    changes, _m2m = _apply(copy.copy(call), data, creating=False)
    return changes


@transaction.atomic
def call_log_change(
    *, call: FundingCall, actor: User | None, changes: dict, action: str = "funds.call.updated"
) -> AuditEntry:
    """Record changes made around the services (e.g. rounds and attachments edited in
    the admin's inlines) in the call's history. `changes` is {name: [old, new]} with
    JSON-serialisable values. Staff only (funds.change_fundingcall), never the system."""
    require_curator(actor, "funds.change_fundingcall", system=False)
    return _record(call, actor=actor, action=action, changes=changes)
