"""Find help's suggestions: who matches the need, ranked, explained in words, never
someone who opted out, never the member themselves."""

from __future__ import annotations

import pytest
from pytest_django.asserts import assertContains, assertNotContains

from members.help.models import HelpOffer
from members.help.selectors import Need, suggestions
from tests.factories.members import ApprovedMemberFactory, MemberProfileFactory

pytestmark = pytest.mark.django_db

FIND = "/members/help/"


def test_members_who_work_on_the_category_nearby_and_speak_the_language_rank_first(
    seeker, rpl, french
):
    best = ApprovedMemberFactory(
        full_name="Best Match", country="KE", categories=[rpl], languages=[french]
    )
    region = ApprovedMemberFactory(full_name="Same Region", country="UG", categories=[rpl])
    far = ApprovedMemberFactory(full_name="Far Away", country="PE", categories=[rpl])
    ApprovedMemberFactory(
        full_name="Other Field", country="KE", languages=[french]
    )  # no need matched

    found = suggestions(user=seeker.user, need=Need(category=rpl, language=french)).members

    assert [s.name for s in found] == ["Best Match", "Same Region", "Far Away"]
    assert found[0].reasons == ["works on RPL and certification", "in Kenya", "speaks French"]
    assert found[0].pk == best.pk and found[1].pk == region.pk and found[2].pk == far.pk


def test_the_kind_of_help_matches_what_members_offer_and_their_expertise(
    seeker, translation_expertise
):
    offering = ApprovedMemberFactory(full_name="Offers Translation", country="PE")
    HelpOffer.objects.create(profile=offering, kinds=["translation"])
    skilled = ApprovedMemberFactory(
        full_name="Knows Translation", country="PE", expertise=[translation_expertise]
    )

    found = suggestions(user=seeker.user, need=Need(kind="translation")).members

    assert [s.pk for s in found] == [offering.pk, skilled.pk]  # an offer (4) before expertise (2)
    assert found[0].reasons[0] == "offers help with translation"
    assert found[1].reasons[0] == "expertise in Translation of documents"


def test_people_who_opted_out_hidden_profiles_non_members_and_oneself_are_never_suggested(
    seeker, rpl
):
    opted_out = ApprovedMemberFactory(categories=[rpl])
    HelpOffer.objects.create(profile=opted_out, accepts_contact=False)
    ApprovedMemberFactory(categories=[rpl], visibility="hidden")
    MemberProfileFactory(categories=[rpl])  # not a member
    seeker.categories.set([rpl])

    assert suggestions(user=seeker.user, need=Need(category=rpl)).members == []


def test_advisors_and_the_ilo_office_for_the_members_country_are_suggested(
    seeker, rpl, french, advisor, office, ilo_contact
):
    ApprovedMemberFactory(
        full_name="Regional Rep",
        country="GH",
        network_role="regional_rep",
        represented_region="africa",
    )

    found = suggestions(
        user=seeker.user, need=Need(category=rpl, kind="proposal_writing", language=french)
    )

    assert [s.name for s in found.advisors] == ["Claire Advisor"]
    assert found.advisors[0].reasons == [
        "offers help with proposal writing",
        "works on RPL and certification",
        "in Kenya",
        "speaks French",
    ]
    # The office's contact who works on the category, the office, the regional representative.
    assert [s.name for s in found.ilo] == ["Joseph Focal", office.name, "Regional Rep"]
    assert found.ilo[1].reasons == ["ILO office for Kenya"]
    assert found.ilo[2].reasons == ["regional representative for Africa"]


def test_an_office_or_advisor_that_opted_out_or_is_unlisted_is_not_suggested(
    seeker, rpl, advisor, office
):
    advisor.accepts_contact = False
    advisor.save()
    office.is_active = False
    office.save()

    found = suggestions(user=seeker.user, need=Need(category=rpl))

    assert found.advisors == [] and found.ilo == []


def test_the_page_explains_each_suggestion_and_never_shows_an_address(
    client, seeker, rpl, french, advisor, office
):
    client.force_login(seeker.user)

    page = client.get(FIND, {"category": rpl.slug, "language": "fr"})

    assertContains(page, "Claire Advisor")
    assertContains(page, "works on RPL and certification, in Kenya, speaks French")
    assertNotContains(page, "claire@advisors.example.org")
    assertNotContains(page, "dar-es-salaam@ilo.example.org")


@pytest.mark.parametrize(
    "query",
    [{"category": "astrology"}, {"kind": "bribes"}, {"language": "klingon"}, {"language": "fr"}],
)
def test_a_need_that_names_nothing_is_a_clear_400(client, seeker, french, query):
    client.force_login(seeker.user)
    page = client.get(FIND, query)
    assert page.status_code == 400
    assertContains(page, "There is a problem", status_code=400)


def test_find_help_is_for_members_and_explains_how_to_join(client, rpl):
    client.force_login(MemberProfileFactory().user)
    page = client.get(FIND, {"category": rpl.slug})
    assertContains(page, "Find help is for members of the network", status_code=403)


def test_the_page_makes_a_constant_number_of_queries(
    client, seeker, rpl, django_assert_max_num_queries
):
    client.force_login(seeker.user)
    ApprovedMemberFactory(categories=[rpl])
    with django_assert_max_num_queries(40) as few:
        client.get(FIND, {"category": rpl.slug})
    for _ in range(8):
        ApprovedMemberFactory(categories=[rpl])
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(FIND, {"category": rpl.slug})
