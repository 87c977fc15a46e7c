from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

AUDIT_ACTIONS = {
    "peer_exchange.series.generated": _("generated peer-exchange sessions"),
    "peer_exchange.topic.proposed": _("proposed a peer-exchange topic"),
    "peer_exchange.topic.voted": _("voted for a peer-exchange topic"),
    "peer_exchange.topic.unvoted": _("withdrew a vote for a peer-exchange topic"),
    "peer_exchange.topic.scheduled": _("scheduled a peer-exchange topic"),
    "peer_exchange.topic.closed": _("closed a peer-exchange topic"),
    "peer_exchange.topic.merged": _("merged a duplicate peer-exchange topic"),
    "peer_exchange.host.assigned": _("assigned the hosts of a peer-exchange session"),
    "peer_exchange.host.swap_asked": _("asked another volunteer to host"),
    "peer_exchange.host.swapped": _("took over hosting a peer-exchange session"),
    "peer_exchange.host.volunteered": _("changed their peer-exchange hosting offer"),
    "peer_exchange.output.saved": _("saved a peer-exchange summary"),
    "peer_exchange.output.published": _("published a peer-exchange summary"),
    "peer_exchange.output.public_set": _("changed whether a peer-exchange output is public"),
}

KINDS = {"exchange": _("Peer exchange")}


class PeerExchangeConfig(AppConfig):
    name = "peer_exchange"
    verbose_name = _("Peer exchange")

    def ready(self) -> None:
        from core.audit.registry import register_actions
        from events.kinds import register_session_app

        register_actions("peer_exchange", AUDIT_ACTIONS)
        register_session_app(
            "peer_exchange", kinds=KINDS, detail_url="peer_exchange:session-detail"
        )
