from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

AUDIT_ACTIONS = {
    "coaching.translation.requested": _("asked for a translation"),
    "coaching.translation.offered": _("offered a translation to a volunteer"),
    "coaching.translation.accepted": _("accepted a translation"),
    "coaching.translation.declined": _("declined a translation"),
    "coaching.translation.delivered": _("delivered a translation"),
    "coaching.translation.cancelled": _("cancelled a translation request"),
    "coaching.translation.lapsed": _("let a translation offer lapse"),
    "coaching.translation.unmatched": _("found no volunteer left for a translation"),
    "coaching.translator.joined": _("volunteered as a translator"),
    "coaching.translator.updated": _("changed their translator setting"),
    "coaching.translator.paused": _("paused volunteering as a translator"),
    "coaching.translator.resumed": _("resumed volunteering as a translator"),
    "coaching.translator.stopped": _("stopped volunteering as a translator"),
}


class TranslationsConfig(AppConfig):
    """Volunteer translators: language pairs, monthly capacity, requests offered to one
    volunteer at a time by signed link."""

    name = "coaching.translations"
    label = "coaching_translations"
    verbose_name = _("Volunteer translators")

    def ready(self) -> None:
        from core.audit.registry import register_actions

        register_actions("coaching", AUDIT_ACTIONS)
