"""Alerts end to end with a real Celery worker, Redis and PostgreSQL: staff publish a
call, the scheduled matcher finds the instant alert it matches, and the email reaches
the recipient exactly once, however often the job runs."""

from __future__ import annotations

import pytest

from funds.alerts.tasks import alerts_match_new_calls as alerts_match_new_calls_task
from funds.choices import EditorialStatus
from funds.services import call_publish
from taxonomy.models import SkillCategory
from tests.factories.alerts import AlertFactory
from tests.factories.funds import FundingCallFactory
from tests.factories.members import StaffUserFactory, UserFactory

from .harness import delivered_keys, publishing_to, task_runs_done, wait_for

pytestmark = [
    pytest.mark.integration,
    pytest.mark.postgres,
    # serialized_rollback: the categories seeded by migrations come back for later tests.
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.timeout(90),
]


def test_publishing_a_call_emails_the_matching_instant_alert_once(
    shared_broker_url, celery_worker_factory, mail_dir
):
    rpl = SkillCategory.objects.get(slug="rpl-certification")
    other = SkillCategory.objects.get(slug="entrepreneurship")
    subscriber = UserFactory()
    alert = AlertFactory(user=subscriber, categories=[rpl])
    AlertFactory(categories=[other])  # must not be emailed
    call = FundingCallFactory(
        status=EditorialStatus.DRAFT, published_at=None, announced_at=None, categories=[rpl]
    )
    staff = StaffUserFactory()  # ILO staff: may publish
    worker = celery_worker_factory(broker_url=shared_broker_url)

    with publishing_to(shared_broker_url):
        call_publish(call=call, actor=staff)
        alerts_match_new_calls_task.delay()
        key = f"alert:{alert.pk}:call:{call.pk}"
        wait_for(lambda: delivered_keys(mail_dir)[key], timeout=30, message="the alert email")

        # The beat runs the matcher again (and again): nothing new goes out.
        alerts_match_new_calls_task.delay()
        alerts_match_new_calls_task.delay()
        wait_for(
            lambda: task_runs_done(worker, "alerts_match_new_calls") >= 3, timeout=30, message="the repeated matcher runs"
        )

    alert_keys = {k: n for k, n in delivered_keys(mail_dir).items() if k.startswith("alert:")}
    assert alert_keys == {key: 1}
