from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class AuditEntry(models.Model):
    """Who did what to which object, and when, with the fields it changed: the one trail
    of every state change that matters (a call's change history is its rows here)."""

    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # A namespaced code from core.audit.registry: <app>.<entity>.<verb>.
    action = models.CharField(_("action"), max_length=64, db_index=True)
    content_type = models.ForeignKey("contenttypes.ContentType", on_delete=models.CASCADE)
    object_id = models.CharField(max_length=64)
    object_repr = models.CharField(max_length=200)
    target = GenericForeignKey("content_type", "object_id")
    data = models.JSONField(default=dict, blank=True)
    # {field: [old, new]} with JSON values; empty when the action changed no field.
    changes = models.JSONField(_("changes"), default=dict, blank=True)
    created_at = models.DateTimeField(_("when"), default=timezone.now, db_index=True)

    class Meta:
        db_table = "members_auditentry"  # the table kept its name when the model moved here
        ordering = ["-created_at"]
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit trail")
        # One object's history, in order (the call page, the admin, the change-notice scan).
        indexes = [models.Index(fields=["content_type", "object_id", "created_at"], name="audit_target_when")]

    def __str__(self) -> str:
        return f"{self.action} {self.object_repr}"
