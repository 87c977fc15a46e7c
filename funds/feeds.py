"""RSS 2.0 and Atom feeds of the catalogue; both honour the list's filters, e.g.
/funds/feed/?category=rpl-certification&region=africa (RSS) or /funds/feed/atom/?… (Atom).

The views validate the query string first (400 on bad filters) and hand the resulting
CallSearch to the feed; the feed itself never sees invalid input."""

from __future__ import annotations

from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils import formats
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed
from django.utils.translation import gettext as _

from core.text import multi_line, single_line

from .selectors import CallSearch, call_feed_items


class CallFeed(Feed):
    feed_type = Rss201rev2Feed

    def __init__(self, search: CallSearch, querystring: str = ""):
        super().__init__()
        self.search = search
        self.querystring = querystring

    def _with_query(self, url: str) -> str:
        url = self._absolute(url)
        return f"{url}?{self.querystring}" if self.querystring else url

    def _absolute(self, path: str) -> str:
        # Links follow the host that served the feed (validated by ALLOWED_HOSTS), not
        # the sites framework's domain, which nobody maintains.
        return self.request.build_absolute_uri(path)

    def get_object(self, request, *args, **kwargs):
        self.request = request
        return self.search

    def title(self, obj):
        if obj.active_filters():
            return _("Funding calls (filtered) — Skills Innovation Network")
        return _("Funding calls — Skills Innovation Network")

    def link(self, obj):
        return self._with_query(reverse("funds:call-list"))

    def feed_url(self, obj):
        return self._with_query(reverse("funds:call-feed"))

    def description(self, obj):
        return _("Funds, challenge calls and programmes for skills innovators, curated by the network, newest first.")

    def items(self, obj):
        return call_feed_items(search=obj)

    # Text goes through core.text: XML 1.0 cannot carry control characters,
    # which rows saved before input was cleaned may hold (Django raises: a 500).
    def item_title(self, item):
        return single_line(item.title)

    def item_description(self, item):
        if item.is_rolling or not item.deadline:
            deadline = _("Rolling: no fixed deadline")
        else:
            deadline = _("Deadline: %(when)s (%(tz)s)") % {
                "when": formats.date_format(item.deadline_local, "DATETIME_FORMAT"),
                "tz": item.deadline_timezone,
            }
        lines = [
            _("Funder: %(funder)s") % {"funder": single_line(item.funder.name)},
            deadline,
        ]
        if item.amount_usd:
            lines.append(_("Up to about %(amount)s USD") % {"amount": formats.number_format(item.amount_usd, 0, force_grouping=True)})
        return "\n".join([*lines, "", multi_line(item.summary)])

    def item_link(self, item):
        return self._absolute(item.get_absolute_url())

    def item_guid(self, item):
        return self._absolute(item.get_absolute_url())

    def item_pubdate(self, item):
        return item.published_at or item.created_at

    def item_updateddate(self, item):
        return item.updated_at

    def item_author_name(self, item):
        return single_line(item.funder.name)

    def item_categories(self, item):
        return [c.name for c in item.categories.all()]


class AtomCallFeed(CallFeed):
    feed_type = Atom1Feed

    def feed_url(self, obj):
        return self._with_query(reverse("funds:call-feed-atom"))

    def subtitle(self, obj):
        return self.description(obj)
