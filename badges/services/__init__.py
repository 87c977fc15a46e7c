"""Recognition's writes. Other apps call `award_for_evidence` (see its docstring and the
README's "Recognition" section); everything else is for staff and the holder."""

from .awards import (
    BadgeError,
    award_for_evidence,
    award_grant,
    award_revoke,
    award_set_public,
    award_supersede,
)
from .documents import (
    certificate_issue,
    document_revoke,
    document_set_public,
    document_supersede,
    letter_issue,
)

__all__ = [
    "BadgeError",
    "award_for_evidence",
    "award_grant",
    "award_revoke",
    "award_set_public",
    "award_supersede",
    "certificate_issue",
    "document_revoke",
    "document_set_public",
    "document_supersede",
    "letter_issue",
]
