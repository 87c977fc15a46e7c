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

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from decimal import Decimal
from urllib.parse import parse_qsl, urlencode, urlsplit

from django.conf import settings
from django.core.exceptions import ObjectDoesNotExist, PermissionDenied, ValidationError
from django.db import models, transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from core.audit.models import AuditEntry
from core.audit.services import log_action
from core.errors import DomainError
from core.mail import send_templated_email
from core.slugs import unique_slug
from members.models import User
from members.roles import Role
from taxonomy.models import Language, SkillCategory

from ..choices import EditorialStatus, FunderType, Lifecycle, Source
from ..models import CallReport, Funder, FundingCall
from ..search import update_search_vectors

# Fixed routes under /funds/ that a call's slug must never shadow.
RESERVED_SLUGS = frozenset({"feed", "mine", "suggest", "export", "deadlines", "alerts"})

__all__ = [
    "CALL_FIELDS",
    "CALL_M2M_FIELDS",
    "SUGGESTION_FIELDS",
    "CallError",
    "SuggestionLimitReached",
    "call_archive",
    "call_create",
    "call_find_duplicate",
    "call_log_change",
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
        getattr(call, name).set(objs)
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


@transaction.atomic
def call_log_change(
    *, call: FundingCall, actor: User | None, changes: dict, action: str = "funds.call.updated"
) -> AuditEntry:
    """Record changes made around the services (e.g. rounds and attachments edited in
    the admin's inlines) in the call's history. `changes` is {name: [old, new]} with
    JSON-serialisable values. Staff only (funds.change_fundingcall), never the system."""
    require_curator(actor, "funds.change_fundingcall", system=False)
    return _record(call, actor=actor, action=action, changes=changes)


# --- Editorial state --------------------------------------------------------------------


def _language_of(user: User) -> str:
    """The language a person reads the portal's emails in."""
    try:
        language = user.profile.preferred_language
    except ObjectDoesNotExist:
        language = ""
    return (language or settings.LANGUAGE_CODE)[:2]


def _absolute(path_name: str, *, language: str, **kwargs) -> str:
    with translation.override(language):
        return settings.SITE_URL + reverse(path_name, kwargs=kwargs or None)


def _call_url(call: FundingCall, language: str) -> str:
    return _absolute("funds:call-detail", language=language, slug=call.slug)


def _email_suggester(call: FundingCall, *, template: str, key: str, extra: dict | None = None) -> None:
    user = call.suggested_by
    if user is None or not user.is_active or not user.email:
        return
    language = _language_of(user)
    send_templated_email(
        to=user.email,
        template=f"funds/emails/{template}",
        context={
            "call": call,
            "recipient": user,
            "call_url": _call_url(call, language),
            "suggest_url": _absolute("funds:call-suggest", language=language),
            "list_url": _absolute("funds:call-list", language=language),
            **(extra or {}),
        },
        language=language,
        key=f"{key}:{call.pk}:{user.pk}",
    )


# Which editorial states a call may come from, for each state it moves to. Drafts and
# pending calls may go anywhere; rejection is for calls not yet published.
_ALLOWED_FROM: dict[str, frozenset[str]] = {
    EditorialStatus.DRAFT: frozenset(EditorialStatus.values),
    EditorialStatus.PENDING: frozenset(EditorialStatus.values),
    EditorialStatus.PUBLISHED: frozenset(EditorialStatus.values),
    EditorialStatus.REJECTED: frozenset({EditorialStatus.DRAFT, EditorialStatus.PENDING}),
    EditorialStatus.ARCHIVED: frozenset(EditorialStatus.values),
}


def status_change_allowed(old: str, new: str) -> bool:
    """Whether a call may move from editorial state `old` to `new` (same state: yes)."""
    return old == new or old in _ALLOWED_FROM.get(new, frozenset())


def _require_status_change(call: FundingCall, new: str) -> str:
    old = call.status
    if old == new:
        raise CallError(
            _("This call is already %(state)s.") % {"state": EditorialStatus(new).label.lower()}
        )
    if not status_change_allowed(old, new):
        raise CallError(
            _("A call that is %(old)s cannot be %(new)s.")
            % {"old": EditorialStatus(old).label.lower(), "new": EditorialStatus(new).label.lower()}
        )
    return old


@transaction.atomic
def call_publish(*, call: FundingCall, actor: User | None) -> FundingCall:
    """Publish a call: it appears on the public map and alerts consider it (announced_at
    = now). published_at is kept from a first publication. The call must be valid as a
    published call (a deadline or rolling). The member who suggested it is emailed the
    first time. Raises CallError when already published or invalid, PermissionDenied
    for an actor without funds.change_fundingcall."""
    require_curator(actor, "funds.change_fundingcall")
    call = _lock(call)
    old = _require_status_change(call, EditorialStatus.PUBLISHED)
    now = timezone.now()
    first_time = call.published_at is None
    call.status = EditorialStatus.PUBLISHED
    call.published_at = call.published_at or now
    call.announced_at = now
    if actor is not None and actor.is_authenticated:
        call.curated_by = actor
    call.region_index = call.computed_region_index()
    _validate(call)
    call.save()
    changes = {"status": [old, EditorialStatus.PUBLISHED.value], "announced_at": [None, now.isoformat()]}
    _record(call, actor=actor, action="funds.call.published", changes=changes)
    if first_time:
        _email_suggester(call, template="call_published", key="call-published")
    return call


@transaction.atomic
def call_reject(*, call: FundingCall, actor: User | None, reason: str) -> FundingCall:
    """Turn down a draft or a member's suggestion with a reason, emailed to the member who
    suggested it. Published calls are archived instead. Raises CallError without a
    reason or from another state, PermissionDenied for an actor without
    funds.change_fundingcall."""
    require_curator(actor, "funds.change_fundingcall")
    reason = (reason or "").strip()
    if not reason:
        raise CallError(_("Give a reason for the decision: it is sent to the member who suggested the call."))
    call = _lock(call)
    old = _require_status_change(call, EditorialStatus.REJECTED)
    call.status = EditorialStatus.REJECTED
    call.review_note = reason
    if actor is not None and actor.is_authenticated:
        call.curated_by = actor
    call.save(update_fields=["status", "review_note", "curated_by", "updated_at"])
    _record(call, actor=actor, action="funds.call.rejected", changes={"status": [old, "rejected"], "review_note": [None, reason]})
    _email_suggester(call, template="call_rejected", key="call-rejected", extra={"reason": reason})
    return call


@transaction.atomic
def call_archive(*, call: FundingCall, actor: User | None) -> FundingCall:
    """Take a call off the public map for good (it stays in the admin and history).
    Raises CallError when already archived, PermissionDenied for an actor without
    funds.change_fundingcall."""
    require_curator(actor, "funds.change_fundingcall")
    call = _lock(call)
    old = _require_status_change(call, EditorialStatus.ARCHIVED)
    call.status = EditorialStatus.ARCHIVED
    call.save(update_fields=["status", "updated_at"])
    _record(call, actor=actor, action="funds.call.archived", changes={"status": [old, "archived"]})
    return call


@transaction.atomic
def call_set_status(*, call: FundingCall, status: str, actor: User | None, reason: str = "") -> FundingCall:
    """Move a call to `status`, through the matching service (publish, reject, archive);
    back to draft or pending review directly. A no-op when the status is unchanged.
    Raises PermissionDenied for an actor without funds.change_fundingcall."""
    require_curator(actor, "funds.change_fundingcall")
    if status not in EditorialStatus.values:
        raise CallError(_("Unknown editorial state: %(state)s.") % {"state": status})
    current = FundingCall.objects.only("status").get(pk=call.pk).status
    if status == current:
        return _lock(call)
    if status == EditorialStatus.PUBLISHED:
        return call_publish(call=call, actor=actor)
    if status == EditorialStatus.REJECTED:
        return call_reject(call=call, actor=actor, reason=reason or "")
    if status == EditorialStatus.ARCHIVED:
        return call_archive(call=call, actor=actor)
    call = _lock(call)
    old = call.status
    call.status = status
    call.save(update_fields=["status", "updated_at"])
    _record(call, actor=actor, action="funds.call.status_changed", changes={"status": [old, status]})
    return call


@transaction.atomic
def call_mark_verified(*, call: FundingCall, actor: User | None, when: dt.datetime | None = None) -> FundingCall:
    """Record that staff checked the call against its official source (now). Staff only
    (funds.change_fundingcall): PermissionDenied for anyone else, the system included."""
    require_curator(actor, "funds.change_fundingcall", system=False)
    call = _lock(call)
    when = when or timezone.now()
    old = call.last_verified_at
    call.last_verified_at = when
    call.save(update_fields=["last_verified_at", "updated_at"])
    _record(
        call,
        actor=actor,
        action="funds.call.verified",
        changes={"last_verified_at": [_serialise_value("last_verified_at", old), _serialise_value("last_verified_at", when)]},
    )
    return call


# --- Member suggestions -----------------------------------------------------------------

# Query parameters added by newsletters, social networks and ad platforms: they do not
# change the page, so two links that differ only by them are the same source.
_TRACKING_PARAMS = frozenset(
    {"fbclid", "gclid", "dclid", "msclkid", "yclid", "mc_cid", "mc_eid", "igshid", "_ga", "_gl", "ref", "ref_src", "si"}
)


def normalize_source_url(url: str) -> str:
    """A comparable form of a link: no scheme, no "www.", lower-case host, no trailing
    slash, no fragment, no tracking parameters (utm_*, fbclid, ...), other parameters
    sorted. "" for an empty link."""
    url = (url or "").strip()
    if not url:
        return ""
    if "://" not in url:
        url = "http://" + url
    try:
        parts = urlsplit(url)
        port_number = parts.port
    except ValueError:  # not a link we can take apart: compare it as written
        return url.lower()
    host = (parts.hostname or "").lower().removeprefix("www.")
    port = f":{port_number}" if port_number and port_number not in (80, 443) else ""
    path = parts.path.rstrip("/")
    params = sorted(
        (k, v)
        for k, v in parse_qsl(parts.query, keep_blank_values=True)
        if not k.lower().startswith("utm_") and k.lower() not in _TRACKING_PARAMS
    )
    query = f"?{urlencode(params)}" if params else ""
    return f"{host}{port}{path}{query}"


def call_find_duplicate(*, source_url: str, exclude_pk: int | None = None) -> FundingCall | None:
    """The oldest existing call (not rejected) whose source link is the same page as
    `source_url` once normalised, or None."""
    wanted = normalize_source_url(source_url)
    if not wanted:
        return None
    stem = wanted.split("?", 1)[0]
    candidates = (
        FundingCall.objects.filter(source_url__icontains=stem)
        .exclude(status=EditorialStatus.REJECTED)
        .order_by("created_at", "pk")
    )
    if exclude_pk:
        candidates = candidates.exclude(pk=exclude_pk)
    for candidate in candidates.only("pk", "source_url", "slug", "title", "status"):
        if normalize_source_url(candidate.source_url) == wanted:
            return candidate
    return None


def funder_get_or_create(*, name: str, type: str = FunderType.OTHER, country: str = "", actor: User | None = None) -> tuple[Funder, bool]:
    """The funder with this name (case-insensitive), created when missing. No check of
    its own: its callers did (a member's suggestion names its funder; the import)."""
    name = " ".join((name or "").split())
    if not name:
        raise CallError(_("Name the funder."))
    funder = Funder.objects.filter(name__iexact=name).first()
    if funder is not None:
        return funder, False
    funder = Funder.objects.create(
        name=name[:200], slug=unique_slug(Funder, name, max_length=200), type=type or FunderType.OTHER, country=country or ""
    )
    log_action(actor=actor, action="funds.funder.created", obj=funder)
    return funder, True


@transaction.atomic
def funder_save(*, funder: Funder, actor: User | None, changed: Iterable[str] = ()) -> Funder:
    """Save a funder edited by staff (e.g. in the admin). When its name changed, the
    search vectors of its calls are recomputed (the funder's name is searchable).
    Staff only (funds.add_funder / funds.change_funder): PermissionDenied otherwise."""
    creating = funder.pk is None
    require_curator(actor, "funds.add_funder" if creating else "funds.change_funder", system=False)
    funder.save()
    changed = sorted(changed)
    log_action(
        actor=actor,
        action="funds.funder.created" if creating else "funds.funder.updated",
        obj=funder,
        data={"fields": changed},
    )
    if "name" in changed and not creating:
        update_search_vectors(
            list(FundingCall.objects.filter(funder=funder).values_list("pk", flat=True))
        )
    return funder


SUGGESTION_FIELDS = frozenset(
    {
        "title",
        "summary",
        "description",
        "instrument",
        "source_url",
        "apply_url",
        "deadline",
        "is_rolling",
        "opens_on",
        "amount_max",
        "currency",
        "is_global",
        "eligible_regions",
        "eligible_countries",
        "categories",
        "languages",
    }
)


class SuggestionLimitReached(CallError):
    """The member has suggested CALL_SUGGESTIONS_PER_DAY calls in the last 24 hours."""


def _require_suggestion_allowance(actor: User) -> None:
    # Each suggestion lands in the staff's review queue. The member's row is locked so that
    # simultaneous submissions cannot all pass the count.
    User.objects.select_for_update().filter(pk=actor.pk).first()
    maximum = settings.CALL_SUGGESTIONS_PER_DAY
    since = timezone.now() - dt.timedelta(hours=24)
    if FundingCall.objects.filter(suggested_by=actor, created_at__gte=since).count() >= maximum:
        raise SuggestionLimitReached(
            ngettext(
                "You have suggested %(count)d call in the last 24 hours, the most one member can. "
                "Thank you! Please suggest more tomorrow.",
                "You have suggested %(count)d calls in the last 24 hours, the most one member can. "
                "Thank you! Please suggest more tomorrow.",
                maximum,
            )
            % {"count": maximum}
        )


@transaction.atomic
def call_submit_suggestion(
    *, actor: User, data: dict, funder_name: str, funder_type: str = FunderType.OTHER
) -> FundingCall:
    """A network member suggests a call: it is created pending review, with the member
    as its source. The funder is matched by name or created. When another call already
    has the same source page (see normalize_source_url) `duplicate_of` points to it, for
    staff to decide and for the member to be told. Raises PermissionDenied for people
    who are not approved members, CallError for invalid data, SuggestionLimitReached (a
    CallError) after CALL_SUGGESTIONS_PER_DAY suggestions in 24 hours."""
    if actor is None or not actor.is_authenticated or not actor.is_network_member:
        raise PermissionDenied
    unknown = set(data) - SUGGESTION_FIELDS
    if unknown:
        raise ValueError(f"Not part of a suggestion: {', '.join(sorted(unknown))}")
    if not (data.get("source_url") or "").strip():
        raise CallError(_("Give the link to the official page of the call."))
    _require_suggestion_allowance(actor)
    funder, _created = funder_get_or_create(name=funder_name, type=funder_type, actor=actor)
    duplicate = call_find_duplicate(source_url=data["source_url"])
    call = _save_new(
        {
            **data,
            "funder": funder,
            "source": Source.MEMBER,
            "suggested_by": actor,
            "duplicate_of": duplicate,
        },
        actor=actor,
        status=EditorialStatus.PENDING,
        reindex=True,
    )
    log_action(
        actor=actor,
        action="funds.call.suggested",
        obj=call,
        data={"duplicate_of": duplicate.pk if duplicate else None},
    )
    return call


# --- Reports of outdated information ----------------------------------------------------


def staff_recipients():
    """Active people in the "ILO staff" group, who receive the curation notices."""
    return (
        User.objects.filter(groups__name=Role.ILO_STAFF.value, is_active=True)
        .select_related("profile")
        .order_by("pk")
        .distinct()
    )


@transaction.atomic
def call_report_outdated(
    *, call: FundingCall, message: str, reporter: User | None = None, email: str = ""
) -> CallReport:
    """Anyone tells staff that a published call's information is outdated or wrong. The
    report joins the review queue and every ILO staff member is emailed (in their
    language, keyed per report and person). Raises CallError for an empty message or a
    call that is not published."""
    message = (message or "").strip()
    if not message:
        raise CallError(_("Tell us what is outdated or wrong."))
    if len(message) > 2000:
        raise CallError(_("Keep the message under 2000 characters."))
    if call.status != EditorialStatus.PUBLISHED:
        raise CallError(_("Only published calls can be reported."))
    if reporter is not None and not reporter.is_authenticated:
        reporter = None
    report = CallReport.objects.create(
        call=call,
        reporter=reporter,
        email=(email or (reporter.email if reporter else "")).strip(),
        message=message,
    )
    log_action(actor=reporter, action="funds.report.created", obj=report, data={"call": call.pk})
    for user in staff_recipients():
        language = _language_of(user)
        send_templated_email(
            to=user.email,
            template="funds/emails/call_reported",
            context={
                "call": call,
                "report": report,
                "recipient": user,
                "call_url": _call_url(call, language),
                "review_url": _absolute("admin:funds_callreport_change", language=language, object_id=report.pk),
                "queue_url": _absolute("admin:funds_callreport_changelist", language=language) + "?status__exact=open",
            },
            language=language,
            key=f"call-reported:{report.pk}:{user.pk}",
        )
    return report


@transaction.atomic
def call_report_resolve(
    *, report: CallReport, actor: User | None, status: str = CallReport.Status.RESOLVED
) -> CallReport:
    """Close a report as resolved (the call was corrected) or dismissed. A reporter with
    an account is thanked by email when it is resolved. Raises CallError when the report
    is already closed, PermissionDenied for anyone but staff with funds.change_callreport."""
    require_curator(actor, "funds.change_callreport", system=False)
    if status not in {CallReport.Status.RESOLVED, CallReport.Status.DISMISSED}:
        raise ValueError(f"Not a closing status: {status}")
    report = CallReport.objects.select_for_update(of=("self",)).select_related("call", "reporter").get(pk=report.pk)
    if report.status != CallReport.Status.OPEN:
        raise CallError(_("This report has already been closed."))
    report.status = status
    report.resolved_by = actor if actor is not None and actor.is_authenticated else None
    report.resolved_at = timezone.now()
    report.save(update_fields=["status", "resolved_by", "resolved_at"])
    log_action(
        obj=report, action=f"funds.report.{status}", actor=actor, data={"call": report.call_id}, changes={"status": ["open", status]}
    )
    user = report.reporter
    if status == CallReport.Status.RESOLVED and user is not None and user.is_active:
        language = _language_of(user)
        send_templated_email(
            to=user.email,
            template="funds/emails/call_report_resolved",
            context={"call": report.call, "report": report, "recipient": user, "call_url": _call_url(report.call, language)},
            language=language,
            key=f"call-report-resolved:{report.pk}:{user.pk}",
        )
    return report
