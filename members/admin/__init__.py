"""Staff curation of people, organizations and membership applications.

State changes that matter (approving, declining, network roles) go through
members.services, so they are audited and keep auth groups and emails in step.
"""

from . import accounts, applications, organizations, profiles  # noqa: F401 - each registers its admin
