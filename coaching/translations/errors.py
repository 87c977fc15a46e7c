from core.errors import DomainError


class TranslationError(DomainError):
    """A translation rule refused the change (taken, past deadline, wrong file). HTTP 409."""

    status = 409


class NotYourOffer(TranslationError):
    """The offer, or the work, belongs to another volunteer. HTTP 403."""

    status = 403
