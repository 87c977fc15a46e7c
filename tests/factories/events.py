from datetime import timedelta

import factory
from django.utils import timezone

from events.models import Registration, Session


class SessionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Session
        skip_postgeneration_save = True

    app = "coaching"
    kind = "workshop"
    title = factory.Sequence(lambda n: f"Workshop {n}: what reviewers look for")
    description = "How a good submission reads."
    starts_at = factory.LazyFunction(lambda: timezone.now() + timedelta(days=7))
    ends_at = factory.LazyAttribute(lambda o: o.starts_at + timedelta(hours=1, minutes=30))
    time_zone = "Africa/Nairobi"
    capacity = 10
    status = Session.Status.PUBLISHED
    meeting_url = "https://meet.example.org/secret-room"


class RegistrationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Registration

    session = factory.SubFactory(SessionFactory)
    user = factory.SubFactory("tests.factories.members.UserFactory")
    status = Registration.Status.CONFIRMED
    confirmed_at = factory.LazyFunction(timezone.now)
