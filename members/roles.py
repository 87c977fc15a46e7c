"""The network's roles, kept as auth groups.

Groups are created by a data migration; which model permissions each group holds is
declared here and applied after every migrate, so new curated models only need a line.
"""

from django.db.models import TextChoices
from django.utils.translation import gettext_lazy as _


class Role(TextChoices):
    ILO_STAFF = "ILO staff", _("ILO staff")
    CORE_GROUP = "Core group member", _("Core group member")
    REGIONAL_REP = "Regional representative", _("Regional representative")
    MEMBER = "Member", _("Member")


# app_label -> model names ILO staff curate in the admin (view/add/change/delete).
STAFF_CURATED_MODELS: dict[str, list[str]] = {
    "members": [
        "skillcategory",
        "expertise",
        "language",
        "organization",
        "memberprofile",
        "membershipapplication",
    ],
    "funds": ["funder", "fundingcall", "callround", "callattachment", "callreport"],
    "outbox": ["email"],
    "account": ["emailaddress"],
}
STAFF_VIEW_ONLY: dict[str, list[str]] = {"members": ["user", "auditentry"], "funds": ["callrevision", "callimport"]}


def sync_role_permissions(sender=None, **kwargs) -> None:
    from django.contrib.auth.models import Group, Permission

    staff, _created = Group.objects.get_or_create(name=Role.ILO_STAFF.value)
    wanted = []
    for app_label, models in STAFF_CURATED_MODELS.items():
        wanted += Permission.objects.filter(content_type__app_label=app_label, content_type__model__in=models)
    for app_label, models in STAFF_VIEW_ONLY.items():
        wanted += Permission.objects.filter(
            content_type__app_label=app_label, content_type__model__in=models, codename__startswith="view_"
        )
    staff.permissions.add(*wanted)
