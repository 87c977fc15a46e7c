"""Writes with side effects for members, organizations and membership.

Every service is keyword-only, owns its transaction, records an AuditEntry for each state
change and raises MembershipError (a message meant for people) when the network's rules
say no, or PermissionDenied when the actor may not do it at all.

A package split by job (profiles, organizations, membership); everything is importable
from `members.services` as before. Organization review and requests to join an
organization are in members.reviews.
"""

from .errors import MembershipError
from .membership import (
    ROLE_GROUPS,
    membership_apply,
    membership_approve,
    membership_decline,
    network_role_set,
)
from .organizations import (
    ORGANIZATION_FIELDS,
    ORGANIZATION_M2M_FIELDS,
    organization_create,
    organization_update,
)
from .profiles import (
    AFFILIATION_FIELDS,
    PROFILE_FIELDS,
    PROFILE_M2M_FIELDS,
    profile_ensure,
    profile_update,
)

__all__ = [
    "AFFILIATION_FIELDS",
    "ORGANIZATION_FIELDS",
    "ORGANIZATION_M2M_FIELDS",
    "PROFILE_FIELDS",
    "PROFILE_M2M_FIELDS",
    "ROLE_GROUPS",
    "MembershipError",
    "membership_apply",
    "membership_approve",
    "membership_decline",
    "network_role_set",
    "organization_create",
    "organization_update",
    "profile_ensure",
    "profile_update",
]
