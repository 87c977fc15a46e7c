from core.errors import DomainError


class CourseError(DomainError):
    """A course rule refused the request (not enrolled, not published, lesson not opened)."""
