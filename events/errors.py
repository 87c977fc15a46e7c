from core.errors import DomainError


class RegistrationError(DomainError):
    """A registration was refused; str(error) tells the person why."""


class SessionError(DomainError):
    """A change to a session was refused."""
