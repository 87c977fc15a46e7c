"""Writes for the funding-calls catalogue. Each submodule has one owner:

- curation: create/update/publish/archive/verify calls, suggestions and their review,
  reports of outdated information, change history, spreadsheet import;
- personal: a user's bookmarks ("my calls") and dismissals.
"""

from .curation import *  # noqa: F403
from .personal import *  # noqa: F403
