"""The embedded default does the whole job: with no Redis configured, the worker and beat
that `make run` starts run on the file broker (core/broker.py), the scheduled matcher
finds a newly published call, and its instant alert lands in the mail folder. A call
announced before the alert was saved is not emailed as new."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from funds.choices import EditorialStatus
from funds.services import call_publish
from taxonomy.models import SkillCategory
from tests.factories.alerts import AlertFactory
from tests.factories.funds import FundingCallFactory
from tests.factories.members import StaffUserFactory, UserFactory

from .harness import delivered_keys, publishing_to, task_runs_done, wait_for

FILE_BROKER_URL = "filesystem://localhost/"

pytestmark = [
    pytest.mark.postgres,
    # serialized_rollback: the categories seeded by migrations come back for later tests.
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    # The beat's first run of the every-minute matcher comes a minute after it starts.
    pytest.mark.timeout(240),
]


def test_without_redis_the_beat_matches_a_new_call_and_its_alert_lands_in_the_mail_folder(
    celery_worker_factory, mail_dir, tmp_path
):
    rpl = SkillCategory.objects.get(slug="rpl-certification")
    announced_before = FundingCallFactory(
        categories=[rpl], announced_at=timezone.now() - timedelta(days=13), title="Announced 13 days ago"
    )
    subscriber = UserFactory()
    alert = AlertFactory(user=subscriber, categories=[rpl], created_at=timezone.now())
    call = FundingCallFactory(
        status=EditorialStatus.DRAFT, published_at=None, announced_at=None, categories=[rpl]
    )
    broker_dir = tmp_path / "celery"
    worker = celery_worker_factory(broker_url=FILE_BROKER_URL, broker_dir=broker_dir, beat=True)

    with publishing_to(FILE_BROKER_URL, broker_dir=broker_dir):
        call_publish(call=call, actor=StaffUserFactory())
        key = f"alert:{alert.pk}:call:{call.pk}"
        wait_for(lambda: delivered_keys(mail_dir)[key], timeout=180, interval=0.5,
                 message="the scheduled matcher's alert email")

    assert "Connected to core.broker:Transport" in worker.log()
    assert "redis" not in worker.log().lower()
    assert task_runs_done(worker, "alerts_match_new_calls") >= 1  # run by beat, not by the test
    alert_keys = {k: n for k, n in delivered_keys(mail_dir).items() if k.startswith("alert:")}
    assert alert_keys == {key: 1}, f"{announced_before.title!r} was announced before the alert"
