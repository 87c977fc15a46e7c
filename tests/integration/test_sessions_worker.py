"""A registration with a real Celery worker, real Redis and PostgreSQL: the confirmation
is delivered once, with its calendar invitation attached."""

from __future__ import annotations

import pytest

from events import services
from events.models import Registration
from tests.factories.events import SessionFactory
from tests.factories.members import UserFactory

from .harness import delivered_keys, publishing_to, wait_for

pytestmark = [
    pytest.mark.integration,
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True),
    pytest.mark.timeout(90),
]


def test_a_registration_sends_one_confirmation_with_its_ics(
    shared_broker_url, celery_worker_factory, mail_dir
):
    celery_worker_factory(broker_url=shared_broker_url)
    session = SessionFactory(title="Briefing with a worker", capacity=5)
    member = UserFactory(email="worker-member@example.org")

    with publishing_to(shared_broker_url):
        registration = services.registration_register(session=session, user=member)
        again = services.registration_register(session=session, user=member)
        key = f"events:confirmed:{registration.pk}:0"
        wait_for(lambda: delivered_keys(mail_dir)[key], timeout=30, message="the confirmation")

    assert again.pk == registration.pk
    assert Registration.objects.filter(session=session).count() == 1
    assert delivered_keys(mail_dir) == {key: 1}
    (path,) = mail_dir.iterdir()
    content = path.read_text()
    assert "Briefing with a worker" in content
    assert (
        'text/calendar; method="REQUEST"' in content or "text/calendar; method=REQUEST" in content
    )
    assert "invite.ics" in content
