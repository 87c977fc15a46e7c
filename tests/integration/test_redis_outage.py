"""Redis down (cache and broker both): staff still publish, visitors still browse; once
Redis is back, the scheduled matcher emails the matching alert, exactly once. Runs its
own redis-server on a spare port, so the machine's Redis is never disturbed."""

from __future__ import annotations

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.core.cache import cache
from django.urls import reverse

from core import cache as resilient
from funds.alerts.tasks import alerts_match_new_calls as alerts_match_new_calls_task
from funds.choices import EditorialStatus
from tests.factories.alerts import AlertFactory
from tests.factories.funds import FundingCallFactory
from tests.factories.members import SkillCategoryFactory, StaffUserFactory, UserFactory
from tests.factories.mfa import login_with_mfa

from .harness import delivered_keys, publishing_to, task_runs_done, wait_for

pytestmark = [
    pytest.mark.integration,
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True),
    pytest.mark.timeout(120),
]


def test_with_redis_down_staff_publish_and_visitors_browse_and_the_alert_goes_out_once_it_is_back(
    private_redis, celery_worker_factory, mail_dir, client, settings
):
    settings.CACHES = {
        "default": {
            "BACKEND": "core.cache.ResilientRedisCache",
            "LOCATION": private_redis.url.rsplit("/", 1)[0] + "/1",
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
    }
    rpl = SkillCategoryFactory(slug="rpl-certification")
    alert = AlertFactory(user=UserFactory(), categories=[rpl])
    call = FundingCallFactory(
        title="Recognition fund", status=EditorialStatus.DRAFT, published_at=None, announced_at=None, categories=[rpl]
    )
    staff = StaffUserFactory()
    key = f"alert:{alert.pk}:call:{call.pk}"

    with publishing_to(private_redis.url):
        private_redis.stop()
        resilient.reset()

        login_with_mfa(client, staff)
        response = client.post(
            reverse("admin:funds_fundingcall_changelist"), {"action": "publish_calls", ACTION_CHECKBOX_NAME: [call.pk]}
        )
        assert response.status_code == 302
        call.refresh_from_db()
        assert call.status == EditorialStatus.PUBLISHED
        client.logout()
        for url in (reverse("funds:call-list"), f"{reverse('funds:call-list')}?category=rpl-certification", call.get_absolute_url()):
            response = client.get(url)
            assert response.status_code == 200, url
            assert "Recognition fund" in response.content.decode()

        # Redis comes back; beat's next run of the matcher reaches the worker.
        private_redis.start()
        resilient.reset()
        worker = celery_worker_factory(broker_url=private_redis.url)
        alerts_match_new_calls_task.delay()
        wait_for(lambda: delivered_keys(mail_dir)[key], timeout=30, message="the alert email")
        alerts_match_new_calls_task.delay()  # and the next minute's run sends nothing more
        wait_for(
            lambda: task_runs_done(worker, "alerts_match_new_calls") >= 2,
            timeout=30,
            message="the second matcher run",
        )

        cache.set("after-outage", "cached")
        assert cache.get("after-outage") == "cached"

    assert {k: n for k, n in delivered_keys(mail_dir).items() if k.startswith("alert:")} == {key: 1}
