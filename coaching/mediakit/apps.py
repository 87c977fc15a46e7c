from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MediaKitConfig(AppConfig):
    """Staff-managed resources (proposal outline, budget template, logos, standard
    paragraphs) with language versions; members download the one in their language."""

    name = "coaching.mediakit"
    label = "coaching_mediakit"
    verbose_name = _("Media kit")
