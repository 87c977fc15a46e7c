"""The list page writes anonymous visitors' cards in Python (funds_tags.call_list_items)
for speed: they must stay exactly what funds/components/call_card.html renders."""

from __future__ import annotations

import re

import pytest
from django.contrib.auth.models import AnonymousUser
from django.template.loader import render_to_string

from funds import selectors
from funds.templatetags.funds_tags import call_list_items
from tests.factories.funds import FundingCallFactory
from tests.factories.members import SkillCategoryFactory

pytestmark = pytest.mark.django_db


def _squeezed(html: str) -> str:
    return re.sub(r">\s+<", "><", re.sub(r"\s+", " ", html)).strip()


def test_an_anonymous_card_written_in_python_is_the_card_template(settings):
    rpl = SkillCategoryFactory(slug="rpl-certification", name_en="RPL & <certification>")
    FundingCallFactory(title="Fund for <apprentices> & trainers", categories=[rpl])
    FundingCallFactory(title="Rolling fund", is_rolling=True, deadline=None)
    search = selectors.call_search(data={})
    calls = list(selectors.call_page(search=search, page=1, per_page=10).object_list)
    assert len(calls) == 2

    fast = call_list_items(calls, user=AnonymousUser(), csrf_token="", next_url="/funds/")
    template = "".join(
        f"<li>{render_to_string('funds/components/call_card.html', {'call': call, 'user': AnonymousUser()})}</li>"
        for call in calls
    )
    assert _squeezed(fast) == _squeezed(template)
    assert "Fund for &lt;apprentices&gt; &amp; trainers" in fast
