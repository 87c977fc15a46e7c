"""The criteria of a selection of calls: one object for every place that asks "which
calls are these?".

The /funds/ FilterSet (`CallFilter.criteria()`), the alert form (`AlertForm.criteria()`),
an alert's own check (`Alert.criteria()` → `FundingCall.objects.matching(...)`) and the
alert matcher (funds/alerts/matching/, which indexes the same fields of every alert) all
build a `CallCriteria`; the rules behind each field live once, in
`FundingCallQuerySet.matching` (funds/querysets.py). tests/funds/test_criteria.py checks
that the three readers find the same calls for the same criteria, field by field.

Semantics: an empty field means "any"; several values in a field mean "any of them"; the
fields combine with AND. A region matches calls open worldwide and calls whose region
index holds it; a country matches calls open worldwide, calls that list it and calls that
explicitly list its region; amount bounds need a USD amount on the call; words are
matched as funds/search/words.py says.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, fields, replace
from decimal import Decimal

# The /funds/ query-string parameter of each field: the FilterSet and the alert form name
# their fields after these, so a /funds/ link binds to either as is.
PARAMS = {
    "q": "q",
    "category_ids": "category",
    "regions": "region",
    "countries": "country",
    "instruments": "instrument",
    "funder_types": "funder_type",
    "applicant_types": "applicant_type",
    "languages": "language",
    "amount_min_usd": "amount_min",
    "amount_max_usd": "amount_max",
}


def _unique(values: Iterable) -> tuple:
    """A tuple of the values without repeats, in their first order."""
    if values is None or isinstance(values, str):
        values = () if not values else (values,)
    return tuple(dict.fromkeys(values))


@dataclass(frozen=True)
class CallCriteria:
    """Which calls a selection (a /funds/ filter, an alert) is about. Normalised on
    creation, so two criteria that mean the same thing compare equal."""

    q: str = ""
    category_ids: tuple[int, ...] = ()
    regions: tuple[str, ...] = ()
    countries: tuple[str, ...] = ()
    instruments: tuple[str, ...] = ()
    funder_types: tuple[str, ...] = ()
    applicant_types: tuple[str, ...] = ()
    languages: tuple[str, ...] = ()
    amount_min_usd: Decimal | None = None
    amount_max_usd: Decimal | None = None

    def __post_init__(self):
        set_ = object.__setattr__
        set_(self, "q", (self.q or "").strip())
        set_(self, "category_ids", _unique(int(pk) for pk in self.category_ids or ()))
        set_(self, "countries", _unique(str(c).upper() for c in self.countries or ()))
        for name in ("regions", "instruments", "funder_types", "applicant_types", "languages"):
            set_(self, name, _unique(getattr(self, name)))

    @classmethod
    def from_columns(cls, **values) -> CallCriteria:
        """Criteria read back from columns that were written from a CallCriteria (so
        already normalised), without normalising again: the alert matcher builds one per
        active alert, tens of thousands per batch. Values must be tuples (or None for the
        amounts); a missing field is "any"."""
        if not values.keys() <= _DEFAULTS.keys():
            raise TypeError(f"Not criteria: {', '.join(values.keys() - _DEFAULTS.keys())}")
        criteria = object.__new__(cls)
        criteria.__dict__.update(_DEFAULTS, **values)  # what the frozen __init__ would set
        return criteria

    @classmethod
    def from_params(cls, data: Mapping, *, category_ids: Mapping[str, int]) -> CallCriteria:
        """From cleaned form data named after the /funds/ parameters (one value or a list
        each; absent or empty means "any"). `category_ids` maps the category slugs the
        form accepts to their ids."""

        def listed(param: str) -> tuple:
            value = data.get(param)
            if value in (None, "", [], ()):
                return ()
            return tuple(value) if isinstance(value, list | tuple) else (value,)

        return cls(
            q=data.get("q") or "",
            category_ids=tuple(category_ids[slug] for slug in listed("category") if slug in category_ids),
            regions=listed("region"),
            countries=listed("country"),
            instruments=listed("instrument"),
            funder_types=listed("funder_type"),
            applicant_types=listed("applicant_type"),
            languages=listed("language"),
            amount_min_usd=data.get("amount_min"),
            amount_max_usd=data.get("amount_max"),
        )

    def without(self, *names: str) -> CallCriteria:
        """The same criteria with some fields back to "any" (by field or parameter name)."""
        by_param = {param: name for name, param in PARAMS.items()}
        return replace(self, **{by_param.get(n, n): _DEFAULTS[by_param.get(n, n)] for n in names})

    @property
    def is_empty(self) -> bool:
        return self == CallCriteria()

    @property
    def amounts_in_order(self) -> bool:
        low, high = self.amount_min_usd, self.amount_max_usd
        return low is None or high is None or low <= high


_DEFAULTS = {f.name: f.default for f in fields(CallCriteria)}

__all__ = ["PARAMS", "CallCriteria"]
