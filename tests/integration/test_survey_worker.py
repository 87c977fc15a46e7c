"""The needs assessment with a real Celery worker, Redis and PostgreSQL: the invitation
task, queued twice (a double-clicked admin action), emails each member once."""

from __future__ import annotations

import pytest

from members.survey.catalogue import DEFAULT_QUESTIONS
from members.survey.models import Survey
from members.survey.tasks import survey_invite_members as survey_invite_members_task
from tests.factories.members import ApprovedMemberFactory, StaffUserFactory

from .harness import delivered_keys, publishing_to, task_runs_done, wait_for

pytestmark = [
    pytest.mark.integration,
    pytest.mark.postgres,
    # Not serialized_rollback: after an earlier flush (test_outbox_worker) the groups
    # post_migrate re-creates would clash with the serialized ones. Version 1 is made
    # here when an earlier flush removed it.
    pytest.mark.django_db(transaction=True),
    pytest.mark.timeout(90),
]


def test_invitations_queued_twice_reach_each_member_once(
    shared_broker_url, celery_worker_factory, mail_dir
):
    survey, _created = Survey.objects.get_or_create(
        version=1, defaults={"questions": DEFAULT_QUESTIONS}
    )
    members = [ApprovedMemberFactory(), ApprovedMemberFactory(preferred_language="fr")]
    staff = StaffUserFactory()
    worker = celery_worker_factory(broker_url=shared_broker_url)
    keys = {f"survey-invitation:{survey.pk}:{m.pk}" for m in members}

    with publishing_to(shared_broker_url):
        survey_invite_members_task.delay(survey.pk, staff.pk)
        survey_invite_members_task.delay(survey.pk, staff.pk)
        wait_for(
            lambda: task_runs_done(worker, "survey_invite_members") >= 2,
            timeout=30,
            message="both invitation runs",
        )
        wait_for(
            lambda: keys <= set(delivered_keys(mail_dir)), timeout=30, message="the invitations"
        )

    delivered = {
        k: n for k, n in delivered_keys(mail_dir).items() if k.startswith("survey-invitation:")
    }
    assert delivered == dict.fromkeys(keys, 1)
