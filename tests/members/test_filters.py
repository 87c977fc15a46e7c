"""The directory filters, each alone and together, through member_list."""

from __future__ import annotations

import pytest
from django.http import QueryDict

from members.filters import MemberFilter, active_filters
from members.models import MemberProfile
from members.selectors import member_list
from taxonomy.models import Expertise, Language, SkillCategory
from tests.factories.members import ApprovedMemberFactory, OrganizationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def people():
    rpl = SkillCategory.objects.get(slug="rpl-certification")
    wbl = SkillCategory.objects.get(slug="work-based-learning")
    budgeting = Expertise.objects.get(slug="budgeting")
    green = Expertise.objects.get(slug="green-skills")
    french = Language.objects.get(code="fr")
    swahili = Language.objects.get(code="sw")
    return {
        "awa": ApprovedMemberFactory(
            full_name="Awa Diop", country="SN", categories=[rpl], expertise=[budgeting], languages=[french],
            organization=OrganizationFactory(name="Dakar Apprentices"),
        ),
        "john": ApprovedMemberFactory(
            full_name="John Kamau", country="KE", categories=[wbl], expertise=[green], languages=[swahili],
            bio="Solar technicians and green jobs.",
        ),
        "lucia": ApprovedMemberFactory(
            full_name="Lucía Gómez", country="CO", categories=[rpl, wbl], expertise=[green], languages=[french],
            network_role=MemberProfile.NetworkRole.CORE,
        ),
        "priya": ApprovedMemberFactory(
            full_name="Priya Sharma", country="IN", categories=[wbl], languages=[],
            network_role=MemberProfile.NetworkRole.REGIONAL_REP, represented_region="asia-pacific",
        ),
    }  # fmt: skip


def names(filters) -> set[str]:
    return {p.full_name for p in member_list(user=None, filters=filters)}


def test_no_filter_lists_everyone_visible(people):
    assert names({}) == {"Awa Diop", "John Kamau", "Lucía Gómez", "Priya Sharma"}


def test_filter_by_category_slug(people):
    assert names({"category": "rpl-certification"}) == {"Awa Diop", "Lucía Gómez"}


def test_filter_by_region(people):
    assert names({"region": "africa"}) == {"Awa Diop", "John Kamau"}
    assert names({"region": "americas"}) == {"Lucía Gómez"}


def test_filter_by_country(people):
    assert names({"country": "KE"}) == {"John Kamau"}


def test_filter_by_language_code(people):
    assert names({"language": "fr"}) == {"Awa Diop", "Lucía Gómez"}


def test_filter_by_expertise_slug(people):
    assert names({"expertise": "green-skills"}) == {"John Kamau", "Lucía Gómez"}


def test_filter_by_network_role(people):
    assert names({"role": "core"}) == {"Lucía Gómez"}
    assert names({"role": "regional_rep"}) == {"Priya Sharma"}


def test_search_matches_name_organization_bio_and_expertise(people):
    assert names({"q": "kamau"}) == {"John Kamau"}
    assert names({"q": "dakar"}) == {"Awa Diop"}
    assert names({"q": "solar"}) == {"John Kamau"}
    assert names({"q": "budgeting"}) == {"Awa Diop"}
    # French names of expertise match too.
    assert names({"q": "budgétisation"}) == {"Awa Diop"}


def test_search_needs_every_word(people):
    assert names({"q": "john solar"}) == {"John Kamau"}
    assert names({"q": "john dakar"}) == set()


def test_filters_combine(people):
    assert names({"category": "rpl-certification", "region": "africa"}) == {"Awa Diop"}
    assert names(
        {"category": "work-based-learning", "expertise": "green-skills", "language": "sw"}
    ) == {"John Kamau"}
    assert names({"category": "rpl-certification", "region": "africa", "q": "lucía"}) == set()


def test_a_member_with_several_matching_tags_is_listed_once(people):
    results = list(member_list(user=None, filters={"q": "a"}))
    assert len(results) == len({p.pk for p in results})


@pytest.mark.parametrize(
    "filters",
    [
        {"category": "nope"},
        {"region": "atlantis"},
        {"country": "XX"},
        {"language": "klingon"},
        {"expertise": "juggling"},
        {"role": "emperor"},
    ],
)
def test_an_unknown_value_gives_no_results_and_a_form_error(people, filters):
    assert names(filters) == set()
    filterset = MemberFilter(filters, queryset=MemberProfile.objects.all())
    assert not filterset.is_valid()
    assert list(filterset.errors) == list(filters)


def test_active_filters_describe_each_filter_and_how_to_remove_it(people):
    data = QueryDict("category=rpl-certification&region=africa&page=2")
    filterset = MemberFilter(data, queryset=MemberProfile.objects.all())
    described = {f["name"]: f for f in active_filters(filterset)}
    assert described["category"]["value"] == "RPL and certification"
    assert described["region"]["value"] == "Africa"
    assert described["category"]["remove_query"] == "region=africa"
    assert described["region"]["remove_query"] == "category=rpl-certification"
