"""The one exception members' services raise when the network's rules say no."""

from __future__ import annotations

from core.errors import DomainError


class MembershipError(DomainError):
    """A change the network's rules do not allow. str(error) is shown to people as is."""
