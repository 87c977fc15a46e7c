from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class MembersConfig(AppConfig):
    name = "members"
    verbose_name = _("Members and organizations")

    def ready(self) -> None:
        from .roles import sync_role_permissions

        # Permissions exist only after every app has migrated, so role permissions are
        # (re)applied then; the groups themselves come from a data migration.
        post_migrate.connect(sync_role_permissions, dispatch_uid="members.sync_role_permissions")
