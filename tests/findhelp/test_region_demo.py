"""seed_demo gives each region a representative everyone sees, ILO offices, and a
coaching request where the member asked for an advisor."""

import io
from datetime import timedelta

import pytest
from django.utils import timezone

from coaching.requests.demo import seed as seed_requests
from coaching.requests.models import CoachingRequest
from members.demo.network import build_network
from members.help import demo as help_demo
from members.models import MemberProfile
from taxonomy.regions import Region
from tests.factories.funds import FundingCallFactory
from tests.factories.members import ApprovedMemberFactory


def test_every_region_has_a_public_approved_representative_in_the_demo():
    _orgs, people = build_network(["green-skills"], ["budgeting"])
    represented = {
        person.represented_region
        for person in people
        if person.network_role == MemberProfile.NetworkRole.REGIONAL_REP
        and person.membership == MemberProfile.Membership.APPROVED
        and person.visibility == MemberProfile.Visibility.PUBLIC
    }
    assert represented == set(Region.values)


def test_every_region_has_ilo_offices_in_the_demo():
    assert {office[4] for office in help_demo.OFFICES} == set(Region.values)


@pytest.mark.django_db
def test_the_demo_has_a_request_waiting_for_the_advisor_the_member_asked_for():
    member = ApprovedMemberFactory(user__email="member@example.org").user
    help_demo.seed(stdout=io.StringIO())
    FundingCallFactory(deadline=timezone.now() + timedelta(days=40))
    seed_requests(stdout=io.StringIO())
    seed_requests(stdout=io.StringIO())
    waiting = CoachingRequest.objects.filter(member=member, requested_advisor__isnull=False)
    assert waiting.count() == 1
    assert waiting.get().history.filter(changes__has_key="requested_advisor").count() == 1
