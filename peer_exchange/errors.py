from core.errors import DomainError


class PeerExchangeError(DomainError):
    """A peer-exchange rule refused the request (str(error) says which)."""
