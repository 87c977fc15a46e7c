"""core.private_files: private documents have no public address and are stored where
PRIVATE_MEDIA_ROOT says, even when a test or a deployment moves it."""

import pytest
from django.core.files.base import ContentFile

from core.private_files import private_storage


def test_a_private_file_is_written_under_private_media_root_and_has_no_url(settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"

    name = private_storage.save("drafts/budget.pdf", ContentFile(b"%PDF-1.7"))

    assert (tmp_path / "private" / name).read_bytes() == b"%PDF-1.7"
    with pytest.raises(ValueError, match="no public URL"):
        private_storage.url(name)


def test_moving_private_media_root_moves_the_storage(settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "first"
    private_storage.save("a.txt", ContentFile(b"a"))
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "second"
    private_storage.save("b.txt", ContentFile(b"b"))

    assert (tmp_path / "first" / "a.txt").exists()
    assert (tmp_path / "second" / "b.txt").exists()
