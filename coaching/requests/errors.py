from core.errors import DomainError


class RequestError(DomainError):
    """A coaching request's rule refused the change (not a member, past deadline, bad file)."""
