"""Creating many calls at once (the spreadsheet import's new rows): the rows call_create
writes, in a few queries per batch instead of about ten per call.

Each call is built and checked exactly as call_create does it (_apply, the slug, the
region index, then the checks of `full_clean`) but the checks that cost a query per call
in Django are done for the whole batch: a foreign key's existence (one query per related
table and batch), the uniqueness of the slug (the slugs in use read once), the check
constraints (evaluated in Python, see _PYTHON_CHECKS). Same invariants, same messages.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cache

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import DatabaseError, connection, models, transaction
from django.db.models import F, Func, Q, Value
from django.utils.text import slugify
from django.utils.translation import gettext as _

from core.audit.services import log_actions_many
from members.models import User

from ...choices import EditorialStatus
from ...fields import MultiChoiceField
from ...models import FundingCall
from ...search import update_search_vectors
from .calls import (
    _VALIDATION_EXCLUDE,
    RESERVED_SLUGS,
    CallError,
    _apply,
    require_curator,
)

__all__ = ["BATCH_SIZE", "CallsCreated", "calls_create_many"]

# Calls per INSERT (and per savepoint): large enough that the round trips vanish, small
# enough that a batch the database refuses is cheap to retry one call at a time.
BATCH_SIZE = 500


def _amounts_in_order(call: FundingCall) -> bool:
    return call.amount_min is None or call.amount_max is None or call.amount_min <= call.amount_max


# FundingCall's check constraints, evaluated in Python: {name: (fields it reads, test)}.
# Django's validate_constraints runs one query per constraint and call; a constraint
# added to the model without an entry here fails the import of this module.
_PYTHON_CHECKS = {"call_amounts_in_order": (("amount_min", "amount_max"), _amounts_in_order)}
_missing = {c.name for c in FundingCall._meta.constraints} - set(_PYTHON_CHECKS)
if _missing:  # pragma: no cover - guards the next model change
    raise ImportError(
        f"calls_create_many has no Python check for the constraints {sorted(_missing)}"
    )
_CONSTRAINTS = {c.name: c for c in FundingCall._meta.constraints}
# Fields holding a list of choices (eligible countries, regions, applicant types).
_MULTIPLE = {
    f.name: isinstance(f, MultiChoiceField) or getattr(f, "multiple", False) is True
    for f in FundingCall._meta.fields
}
_FOREIGN_KEYS = [
    f for f in FundingCall._meta.fields if f.many_to_one and not f.get_limit_choices_to()
]


@dataclass
class CallsCreated:
    """What calls_create_many did: `calls[i]` is the call created for items[i] (None
    when it was refused) and `errors[i]` the CallError that refused it."""

    calls: list[FundingCall | None]
    errors: dict[int, CallError] = field(default_factory=dict)

    @property
    def created(self) -> list[FundingCall]:
        return [call for call in self.calls if call is not None]


class _Slugs:
    """The slugs in use, read once for every slug the items may take (theirs, or the
    base of the title and its numbered variants, as core.slugs.unique_slug tries them)."""

    def __init__(self, calls: list[FundingCall]):
        wanted = {call.slug for call in calls if call.slug}
        bases = {self.base(call.title) for call in calls if not call.slug}
        stem = Func(
            F("slug"),
            Value("-[0-9]+$"),
            Value(""),
            function="regexp_replace",
            output_field=models.CharField(),
        )
        if connection.vendor != "postgresql":  # pragma: no cover - the portal runs on PostgreSQL
            self.taken = set(FundingCall.objects.values_list("slug", flat=True))
        elif wanted or bases:
            query = FundingCall.objects.annotate(stem=stem).filter(
                Q(slug__in=wanted | bases) | Q(stem__in=bases)
            )
            self.taken = set(query.values_list("slug", flat=True))
        else:
            self.taken = set()

    @staticmethod
    def base(title: str) -> str:
        # As _save_new asks core.slugs.unique_slug for one.
        return slugify(title or "call")[:300] or "item"

    def free(self, title: str) -> str:
        base = self.base(title)
        slug, n = base, 2
        while slug in RESERVED_SLUGS or slug in self.taken:
            slug, n = f"{base}-{n}", n + 1
        return slug


def _build(data: dict, status: str) -> tuple[FundingCall, dict, dict]:
    call = FundingCall(status=status)
    changes, m2m = _apply(call, data, creating=True)
    call.title = (call.title or "").strip()
    return call, changes, m2m


def _existing_keys(calls: list[FundingCall]) -> dict[str, set]:
    """For each foreign key, which of the values the calls hold exist (one query per
    related table): what ForeignKey.validate asks the database once per call."""
    known: dict[str, set] = {}
    for fk in _FOREIGN_KEYS:
        values = {fk.to_python(getattr(call, fk.attname)) for call in calls} - {None}
        if values:
            target = fk.remote_field.model._base_manager
            known[fk.name] = set(
                target.filter(**{f"{fk.remote_field.field_name}__in": values}).values_list(
                    fk.remote_field.field_name, flat=True
                )
            )
        else:
            known[fk.name] = set()
    return known


@cache
def _choice_keys(name: str) -> frozenset[str] | None:
    """The values Field.validate accepts for a field with choices (optgroups opened)."""
    f = FundingCall._meta.get_field(name)
    if f.choices is None or not f.editable:
        return None
    keys = set()
    for key, label in f.choices:
        if isinstance(label, (list, tuple)):
            keys.update(str(k) for k, _label in label)
        else:
            keys.add(str(key))
    return frozenset(keys)


def _clean(f: models.Field, raw, call: FundingCall, known: dict[str, set]):
    """f.clean(raw, call), without what makes it slow when the answer is known: the
    query of ForeignKey.validate for a key read in the batch's query, the walk through
    every choice of Field.validate (250 countries, 400 time zones) for a value that is
    one of them. Either way validate would return without error; the validators run."""
    value = f.to_python(raw)
    if f.name in known and value is not None and value in known[f.name]:
        f.run_validators(value)
        return value
    keys = _choice_keys(f.name)
    if keys is not None:
        values = value if _MULTIPLE[f.name] and isinstance(value, list) else [value]
        if values and all(isinstance(v, str) and v in keys for v in values):
            f.run_validators(value)
            return value
    return f.clean(raw, call)


def _check(call: FundingCall, *, known: dict[str, set], taken: set[str]) -> None:
    """calls._validate without its per-call queries: the reserved slugs, then what
    Model.full_clean(exclude=_VALIDATION_EXCLUDE) checks, in its order and words.
    Raises CallError."""
    if (call.slug or "").lower() in RESERVED_SLUGS:
        message = _("“%(slug)s” is the address of one of the portal's own pages.") % {
            "slug": call.slug
        }
        raise CallError(message, errors={"slug": [message]})
    exclude = set(_VALIDATION_EXCLUDE)
    field_errors: dict[str, list] = {}
    for f in FundingCall._meta.fields:  # Model.clean_fields
        if f.name in exclude or f.generated:
            continue
        raw = getattr(call, f.attname)
        if f.blank and raw in f.empty_values:
            continue
        try:
            setattr(call, f.attname, _clean(f, raw, call, known))
        except ValidationError as error:
            field_errors[f.name] = error.error_list
    errors: dict = ValidationError(field_errors).update_error_dict({}) if field_errors else {}
    try:
        call.clean()
    except ValidationError as error:
        errors = error.update_error_dict(errors)
    exclude.update(name for name in errors if name != NON_FIELD_ERRORS)
    if "slug" not in exclude and call.slug in taken:  # Model.validate_unique
        errors = ValidationError(
            {"slug": [call.unique_error_message(FundingCall, ("slug",))]}
        ).update_error_dict(errors)
    exclude.update(name for name in errors if name != NON_FIELD_ERRORS)
    for name, (fields, test) in _PYTHON_CHECKS.items():  # Model.validate_constraints
        if exclude.isdisjoint(fields) and not test(call):
            constraint = _CONSTRAINTS[name]
            error = ValidationError(
                constraint.get_violation_error_message(), code=constraint.violation_error_code
            )
            errors = error.update_error_dict(errors)
    if errors:
        raise CallError.from_validation_error(ValidationError(errors))


def _link_pairs(prepared: list) -> dict[str, tuple[list, list]]:
    """{m2m field: (call ids, target ids)}: the rows `getattr(call, name).add(*objs)`
    inserts for each new call (each target once)."""
    pairs: dict[str, tuple[list, list]] = {}
    for _index, call, _changes, m2m in prepared:
        for name, objs in m2m.items():
            sources, targets = pairs.setdefault(name, ([], []))
            for pk in dict.fromkeys(
                obj.pk if isinstance(obj, models.Model) else obj for obj in objs
            ):
                sources.append(call.pk)
                targets.append(pk)
    return pairs


def _insert_links(name: str, sources: list, targets: list) -> None:
    m2m_field = FundingCall._meta.get_field(name)
    through = m2m_field.remote_field.through
    source = through._meta.get_field(m2m_field.m2m_field_name())
    target = through._meta.get_field(m2m_field.m2m_reverse_field_name())
    if connection.vendor != "postgresql":  # pragma: no cover - the portal runs on PostgreSQL
        through.objects.bulk_create(
            through(**{source.attname: s, target.attname: t})
            for s, t in zip(sources, targets, strict=True)
        )
        return
    # One statement from two arrays: no model instance per link (5,000 calls have 20,000).
    quote = connection.ops.quote_name
    sql = f"INSERT INTO {quote(through._meta.db_table)} ({quote(source.column)}, {quote(target.column)}) SELECT * FROM unnest(%s, %s)"  # noqa: S608 - names from the model
    with connection.cursor() as cursor:
        cursor.execute(sql, [sources, targets])


def _insert(
    prepared: list[tuple[int, FundingCall, dict, dict]], *, actor: User | None, status: str
) -> None:
    """The calls, their links and their "created" entries, in one savepoint. Deferred
    foreign keys are checked before it ends, so a refusal belongs to this batch."""
    with transaction.atomic():
        FundingCall.objects.bulk_create([call for _, call, _, _ in prepared])
        for name, (sources, targets) in _link_pairs(prepared).items():
            _insert_links(name, sources, targets)
        log_actions_many(
            {"obj": call, "action": "funds.call.created", "actor": actor, "changes": changes,
             "data": {"status": status, "source": call.source}}
            for _index, call, changes, _m2m in prepared
        )  # fmt: skip
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
                cursor.execute("SET CONSTRAINTS ALL DEFERRED")


def _refused(error: DatabaseError) -> CallError:
    return CallError(_("The database refused this call: %(error)s") % {"error": error})


def _insert_batch(prepared: list, *, actor: User | None, status: str, result: CallsCreated) -> None:
    try:
        _insert(prepared, actor=actor, status=status)
    except DatabaseError as error:
        if len(prepared) == 1:
            index, call, _changes, _m2m = prepared[0]
            call.pk, call._state.adding = None, True
            result.errors[index] = _refused(error)
            return
        # Refused as a whole: again one call at a time, so the refusal names its call.
        for item in prepared:
            item[1].pk, item[1]._state.adding = None, True  # its insert was rolled back
            _insert_batch([item], actor=actor, status=status, result=result)
        return
    for index, call, _changes, _m2m in prepared:
        result.calls[index] = call


@transaction.atomic
def calls_create_many(
    *, items: Sequence[dict], actor: User | None, status: str = EditorialStatus.DRAFT, reindex: bool = True,
    batch_size: int = BATCH_SIZE,
) -> CallsCreated:  # fmt: skip
    """call_create for each of `items` (dicts of CALL_FIELDS and CALL_M2M_FIELDS), in
    order, with the rows, links, slugs and "created" audit entries call_create writes,
    inserted `batch_size` calls at a time (a few queries per batch, whatever its size).

    An item call_create would refuse is refused with the same CallError (in
    result.errors, by its index) and the others are created: a caller that wants all or
    nothing rolls back when result.errors is not empty (the import does). A batch the
    database refuses (a constraint, a concurrent write) is retried one call at a time so
    the refusal names its call. Slugs are generated as call_create generates them, free
    among the existing calls and the earlier items. Search vectors are computed once at
    the end (reindex=False leaves it to the caller). Raises PermissionDenied for an actor
    without funds.add_fundingcall (None is the system, as for call_create), CallError
    for a status other than draft or pending review; ValueError for unknown fields."""
    require_curator(actor, "funds.add_fundingcall")
    if status not in {EditorialStatus.DRAFT, EditorialStatus.PENDING}:
        raise CallError(_("A new call starts as a draft or pending review; publish it afterwards."))
    result = CallsCreated(calls=[None] * len(items))
    built = [_build(data, status) for data in items]
    slugs = _Slugs([call for call, _changes, _m2m in built])
    for start in range(0, len(built), batch_size):
        batch = list(enumerate(built[start : start + batch_size], start=start))
        known = _existing_keys([call for _index, (call, _changes, _m2m) in batch])
        prepared = []
        for index, (call, changes, m2m) in batch:
            if not call.slug:
                call.slug = slugs.free(call.title)
            call.region_index = call.computed_region_index()
            try:
                _check(call, known=known, taken=slugs.taken)
            except CallError as error:
                result.errors[index] = error
                continue
            slugs.taken.add(call.slug)
            changes["status"] = [None, status]
            prepared.append(
                (index, call, changes, {name: objs for name, objs in m2m.items() if objs})
            )
        if prepared:
            _insert_batch(prepared, actor=actor, status=status, result=result)
    if reindex:
        update_search_vectors([call.pk for call in result.created])
    return result
