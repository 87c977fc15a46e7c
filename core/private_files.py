"""Files with no public address: members' drafts and budgets, documents to translate,
lesson materials, the media kit. They live in PRIVATE_MEDIA_ROOT, never under
MEDIA_ROOT, and each app serves them only through a view that checks who may read them.

    file = models.FileField(storage=_private_storage, upload_to="my-app/%Y/%m/")

(`_private_storage` a module-level function returning `private_storage`, so that
migrations name a stable callable), and a model of checked documents inherits
`PrivateDocument` for its file name, kind, size and upload time.
"""

from __future__ import annotations

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.core.signals import setting_changed
from django.db import models
from django.dispatch import receiver
from django.utils.functional import LazyObject, empty
from django.utils.translation import gettext_lazy as _


class PrivateFileSystemStorage(FileSystemStorage):
    """A storage whose files have no URL: link to the app's permission-checked view."""

    def url(self, name):
        raise ValueError("Private documents have no public URL; link to the app's permission-checked view.")


class PrivateStorage(LazyObject):
    def _setup(self):
        self._wrapped = PrivateFileSystemStorage(location=settings.PRIVATE_MEDIA_ROOT)


private_storage = PrivateStorage()


@receiver(setting_changed)
def _forget_the_location(*, setting, **kwargs):
    """Tests that move PRIVATE_MEDIA_ROOT get a storage at the new place."""
    if setting == "PRIVATE_MEDIA_ROOT":
        private_storage._wrapped = empty


class PrivateDocument(models.Model):
    """A checked document (core.documents) kept privately; subclasses declare `file`."""

    name = models.CharField(_("file name"), max_length=200)
    kind = models.CharField(max_length=8)  # pdf, docx, xlsx, odt
    size = models.PositiveIntegerField()
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        abstract = True
        ordering = ["uploaded_at", "pk"]

    def __str__(self) -> str:
        return self.name
