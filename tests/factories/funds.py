"""factory_boy factories for the funding-calls catalogue (shared by all funds tests)."""

from datetime import timedelta

import factory
from django.utils import timezone

from funds.choices import EditorialStatus, FunderType, Instrument
from funds.models import Funder, FundingCall


class FunderFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Funder
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"Funder {n}")
    slug = factory.Sequence(lambda n: f"funder-{n}")
    type = FunderType.PRIVATE_FOUNDATION
    website = "https://funder.example.org"


class FundingCallFactory(factory.django.DjangoModelFactory):
    """A published, open call with a deadline 60 days ahead, worldwide.

    Pass categories=[...] / languages=[...] to set the many-to-many fields. The search
    vector and region index are NOT maintained here: tests of search call
    funds.search.update_search_vectors, or create calls through the services."""

    class Meta:
        model = FundingCall
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Skills innovation call {n}")
    slug = factory.Sequence(lambda n: f"call-{n}")
    funder = factory.SubFactory(FunderFactory)
    summary = "Grants for organizations that train young people for decent work."
    description = "## About\n\nSupport for **innovative** skills projects."
    instrument = Instrument.PROJECT_GRANT
    is_global = True
    status = EditorialStatus.PUBLISHED
    currency = "USD"
    amount_min = 10_000
    amount_max = 50_000
    amount_usd = 50_000
    deadline = factory.LazyFunction(lambda: timezone.now() + timedelta(days=60))
    published_at = factory.LazyFunction(timezone.now)
    announced_at = factory.LazyAttribute(lambda o: o.published_at)
    source_url = factory.Sequence(lambda n: f"https://funder.example.org/calls/{n}")
    apply_url = factory.Sequence(lambda n: f"https://funder.example.org/apply/{n}")

    @factory.post_generation
    def categories(self, create, extracted, **kwargs):
        if create and extracted:
            self.categories.set(extracted)

    @factory.post_generation
    def languages(self, create, extracted, **kwargs):
        if create and extracted:
            self.languages.set(extracted)

    @factory.post_generation
    def sync_region_index(self, create, extracted, **kwargs):
        if create:
            self.region_index = self.computed_region_index()
            FundingCall.objects.filter(pk=self.pk).update(region_index=self.region_index)


# --- Appended by the public-catalogue helper ------------------------------------------------
# Categories, languages and users: tests.factories.members.

from funds.models import CallBookmark, CallDismissal, CallRound  # noqa: E402


class CallRoundFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CallRound

    call = factory.SubFactory(FundingCallFactory)
    name = factory.Sequence(lambda n: f"Round {n}")
    deadline = factory.LazyFunction(lambda: timezone.now() + timedelta(days=30))


class CallBookmarkFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CallBookmark

    call = factory.SubFactory(FundingCallFactory)


class CallDismissalFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CallDismissal

    call = factory.SubFactory(FundingCallFactory)


# --- Curation (appended by the curation side) --------------------------------------------


class SuggestedCallFactory(FundingCallFactory):
    """A member's suggestion waiting for review: pending, source "member", not yet
    published. Pass suggested_by=<user>."""

    status = EditorialStatus.PENDING
    source = "member"
    published_at = None
    announced_at = None


class CallReportFactory(factory.django.DjangoModelFactory):
    """An open report of outdated information on a published call."""

    class Meta:
        model = "funds.CallReport"

    call = factory.SubFactory(FundingCallFactory)
    message = "The deadline was extended to the end of next month."
    email = "reader@example.org"
