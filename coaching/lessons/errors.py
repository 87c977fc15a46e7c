from core.errors import DomainError


class LessonError(DomainError):
    """A library rule refused the request (not a member, not the author, too many
    pending, not awaiting review, a link or a document refused)."""
