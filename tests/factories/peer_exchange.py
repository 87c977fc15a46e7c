import datetime as dt

import factory
from django.utils import timezone

from peer_exchange.models import HostOffer, Series, Topic


class SeriesFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Series

    name = factory.Sequence(lambda n: f"Peer exchange {n}")
    weekday = 2
    start_time = dt.time(14, 0)
    time_zone = "Africa/Nairobi"
    first_date = factory.LazyFunction(lambda: timezone.localdate())
    capacity = 20


class TopicFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Topic

    title = factory.Sequence(lambda n: f"Topic {n}: presenting a project better")
    proposer = factory.SubFactory("tests.factories.members.UserFactory")


class HostOfferFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = HostOffer

    user = factory.SubFactory("tests.factories.members.UserFactory")
