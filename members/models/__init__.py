"""People and organizations of the network. The vocabulary they are described with
(skills categories, regions, languages, expertise) is in taxonomy.

A package split by job; every model is importable from `members.models` as before.
"""

from .accounts import User, UserManager
from .applications import MembershipApplication
from .organizations import Organization, OrganizationQuerySet, OrganizationType
from .profiles import MemberProfile, MemberProfileQuerySet

__all__ = [
    "MemberProfile",
    "MemberProfileQuerySet",
    "MembershipApplication",
    "Organization",
    "OrganizationQuerySet",
    "OrganizationType",
    "User",
    "UserManager",
]
