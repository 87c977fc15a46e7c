from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _

# The audit trail's codes for members (core.audit.registry).
AUDIT_ACTIONS = {
    "members.membership.applied": _("applied for membership"),
    "members.membership.approved": _("membership approved"),
    "members.membership.declined": _("membership declined"),
    "members.organization.created": _("organization created"),
    "members.organization.updated": _("organization updated"),
    "members.organization.approved": _("organization approved"),
    "members.organization.rejected": _("organization rejected"),
    "members.organization.admin_changed": _("organization changed in the admin"),
    "members.profile.updated": _("profile updated"),
    "members.profile.admin_changed": _("profile changed in the admin"),
    "members.profile.role_set": _("network role set"),
    "members.profile.join_requested": _("asked to join an organization"),
    "members.profile.join_confirmed": _("joining confirmed"),
    "members.profile.join_declined": _("joining declined"),
    "members.user.admin_created": _("account created in the admin"),
    "members.user.admin_changed": _("account changed in the admin"),
}


class MembersConfig(AppConfig):
    name = "members"
    verbose_name = _("Members and organizations")

    def ready(self) -> None:
        from core.audit.registry import register_actions

        from .roles import sync_role_permissions

        register_actions("members", AUDIT_ACTIONS)

        # Permissions exist only after every app has migrated, so role permissions are
        # (re)applied then; the groups themselves come from a data migration.
        post_migrate.connect(sync_role_permissions, dispatch_uid="members.sync_role_permissions")
