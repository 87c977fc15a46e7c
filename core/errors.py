"""The base of every error a service raises on purpose.

A service raises a subclass (`MembershipError`, `CallError`, `OutboxError` …) whose
message may be shown to the person who asked; views and admin actions catch
`DomainError` to turn it into a form error or a message instead of a 500.
"""

from __future__ import annotations


class DomainError(Exception):
    """A rule of the network refused the request (str(error) says which)."""
