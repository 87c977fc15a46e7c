"""The members pages through the test client: status, template and what people see."""

from __future__ import annotations

import pytest
from django.urls import reverse
from pytest_django.asserts import (
    assertContains,
    assertNotContains,
    assertRedirects,
    assertTemplateUsed,
)

from members.models import MemberProfile, MembershipApplication, Organization
from taxonomy.models import SkillCategory
from tests.factories.members import (
    ApprovedMemberFactory,
    MemberProfileFactory,
    MembershipApplicationFactory,
    OrganizationFactory,
)

from .images import SVG, png_upload, upload

pytestmark = pytest.mark.django_db

DIRECTORY = reverse("members:directory")


# --- Directory ----------------------------------------------------------------------


def test_the_directory_lists_public_members_with_a_count(client, member):
    ApprovedMemberFactory(full_name="Second Person")
    response = client.get(DIRECTORY)
    assert response.status_code == 200
    assertTemplateUsed(response, "members/directory.html")
    assertContains(response, "2 members found")
    assertContains(response, "Amina Member")
    assertContains(response, member.get_absolute_url())


def test_the_directory_never_shows_contact_details(client):
    ApprovedMemberFactory(
        full_name="Private Contact",
        user__email="secret.address@example.org",
        linkedin_url="https://www.linkedin.com/in/secret-person",
        website="https://secret-person.example.org",
    )
    response = client.get(DIRECTORY)
    assertContains(response, "Private Contact")
    for secret in (
        "secret.address@example.org",
        "linkedin.com/in/secret-person",
        "secret-person.example.org",
    ):
        assertNotContains(response, secret)


def test_filters_live_in_the_query_string_and_are_shown_as_removable(client, member):
    member.categories.set(SkillCategory.objects.filter(slug="rpl-certification"))
    response = client.get(DIRECTORY, {"category": "rpl-certification", "region": "africa"})
    assert response.status_code == 200
    assertContains(response, "1 member found")
    assertContains(response, "Filters in use:")
    assertContains(response, 'href="/members/?region=africa"')


def test_the_empty_state_suggests_removing_filters(client, member):
    response = client.get(DIRECTORY, {"region": "arab-states"})
    assertContains(response, "No members match")
    assertContains(response, "Try removing a filter")


def test_an_unknown_filter_value_re_renders_the_page_with_the_error_next_to_the_field_and_a_400(client, member):
    response = client.get(DIRECTORY, {"category": "nope"})
    assert response.status_code == 400
    assertContains(response, "There is no skills category “nope”.", status_code=400)
    assertContains(response, "0 members found", status_code=400)
    html = response.content.decode()
    # Next to its field (components/form_field.html), not only in the summary.
    start = html.index("field--error")
    end = html.find('<div class="field ', start)
    assert "There is no skills category" in html[start : end if end > 0 else None]


@pytest.mark.parametrize(
    "query",
    [
        {"page": "abc"},
        {"page": "99999"},
        {"page": "-1"},
        {"page": "1" * 5000},
        {"page": "1.5"},
        {"category": "nope"},
        {"q": "' OR 1=1 --"},
        {"q": "%"},
        {"q": "_"},
        {"q": "x" * 500},
        {"q": "\x00"},
        {"country": "../../etc/passwd"},
        {"region": "<script>alert(1)</script>"},
        {"language": "'; DROP TABLE members_language; --"},
        {"expertise": ["a", "b"]},
        {"role": ""},
        {"unknown": "value"},
    ],
)
def test_hostile_query_strings_never_cause_a_server_error(client, member, query):
    response = client.get(DIRECTORY, query)
    assert response.status_code in (200, 400, 404)
    assertNotContains(response, "<script>alert(1)</script>", status_code=response.status_code)


def test_a_sql_looking_search_is_just_text(client, member):
    response = client.get(DIRECTORY, {"q": "' OR 1=1 --"})
    assertContains(response, "0 members found")


def test_pagination_keeps_the_filters_and_out_of_range_pages_show_the_last_page(client, settings):
    settings.PORTAL_PAGE_SIZE = 2
    for i in range(5):
        ApprovedMemberFactory(full_name=f"Kenyan {i}", country="KE")
    response = client.get(DIRECTORY, {"country": "KE"})
    assertContains(response, "Page 1 of 3")
    assertContains(response, "?country=KE&amp;page=2")
    last = client.get(DIRECTORY, {"country": "KE", "page": "99"})
    assertContains(last, "Page 3 of 3")
    assertContains(last, "Kenyan 4")
    first = client.get(DIRECTORY, {"country": "KE", "page": "abc"})
    assertContains(first, "Page 1 of 3")


def test_the_directory_works_in_french(client, member):
    response = client.get("/fr/members/")
    assert response.status_code == 200
    assertContains(response, 'lang="fr"')


def test_the_directory_refuses_post(client):
    assert client.post(DIRECTORY).status_code == 405


# --- Member and organization pages --------------------------------------------------


def test_a_public_profile_has_its_details_but_no_contact_for_visitors(client):
    profile = ApprovedMemberFactory(
        full_name="Grace W.",
        bio="Runs apprenticeships.",
        linkedin_url="https://www.linkedin.com/in/grace-w",
    )
    response = client.get(profile.get_absolute_url())
    assertTemplateUsed(response, "members/member_detail.html")
    assertContains(response, "<h1", count=1)
    assertContains(response, "Grace W.")
    assertContains(response, "Runs apprenticeships.")
    assertNotContains(response, profile.user.email)
    assertNotContains(response, "linkedin.com/in/grace-w")
    assertContains(response, "Contact details are shared with network members only.")


def test_members_see_contact_details(client, member):
    other = ApprovedMemberFactory(linkedin_url="https://www.linkedin.com/in/other-person")
    client.force_login(member.user)
    response = client.get(other.get_absolute_url())
    assertContains(response, f"mailto:{other.user.email}")
    assertContains(response, "linkedin.com/in/other-person")


def test_a_photo_has_alt_text(client):
    profile = ApprovedMemberFactory(full_name="Pic Person", photo="photos/p.jpg")
    response = client.get(profile.get_absolute_url())
    assertContains(response, 'alt="Photo of Pic Person"')


def test_an_organization_page_shows_its_project_logo_and_visible_people(client):
    organization = OrganizationFactory(
        name="Solar Skills",
        logo="logos/solar.png",
        project_name="Solar apprentices",
        project_impact="300 jobs",
    )
    ApprovedMemberFactory(full_name="Visible One", organization=organization)
    ApprovedMemberFactory(
        full_name="Members Only One", organization=organization, visibility="members"
    )
    response = client.get(organization.get_absolute_url())
    assertTemplateUsed(response, "members/organization_detail.html")
    assertContains(response, 'alt="Logo of Solar Skills"')
    assertContains(response, "Project: Solar apprentices")
    assertContains(response, "300 jobs")
    assertContains(response, "Visible One")
    assertNotContains(response, "Members Only One")


def test_our_members_page_shows_approved_organizations_with_their_logos(client):
    OrganizationFactory(name="Approved Org", logo="logos/a.png")
    OrganizationFactory(name="Waiting Org", is_approved=False)
    response = client.get(reverse("members:organizations"))
    assertTemplateUsed(response, "members/organization_list.html")
    assertContains(response, "Approved Org")
    assertContains(response, 'alt="Logo of Approved Org"')
    assertNotContains(response, "Waiting Org")
    assertContains(response, "1 organization")


def test_our_members_page_survives_hostile_query_strings(client):
    for query in ({"page": "zzz"}, {"q": "' OR 1=1"}):
        assert client.get(reverse("members:organizations"), query).status_code == 200
    for query in ({"region": "mars"}, {"type": "nope"}):  # invalid filters: the page, with its errors
        response = client.get(reverse("members:organizations"), query)
        assert response.status_code == 400
        assertContains(response, "Some filters could not be used", status_code=400)


# --- Own profile --------------------------------------------------------------------


def profile_post(profile, **changes):
    data = {
        "full_name": profile.full_name,
        "country": "KE",
        "preferred_language": "en",
        "time_zone": "Africa/Nairobi",
        "visibility": "public",
        "bio": "",
        "organization_role": "",
        "linkedin_url": "",
        "website": "",
    }
    data.update(changes)
    return data


def test_the_profile_page_creates_a_profile_on_first_visit(client):
    from tests.factories.members import UserFactory

    user = UserFactory()
    client.force_login(user)
    response = client.get(reverse("members:profile-edit"))
    assert response.status_code == 200
    assertTemplateUsed(response, "members/profile_form.html")
    assert MemberProfile.objects.filter(user=user).exists()
    assertContains(response, "<legend>Skills categories you work in:</legend>")
    assertContains(response, "<fieldset")
    assertContains(response, "Apply to join")


def test_saving_the_profile_with_a_photo_and_tags(client, registered):
    client.force_login(registered.user)
    response = client.post(
        reverse("members:profile-edit"),
        profile_post(
            registered,
            full_name="Rita Renamed",
            photo=png_upload((800, 800)),
            categories=["1", "2"],
            languages=["1"],
        ),
    )
    assertRedirects(response, reverse("members:profile-edit"), fetch_redirect_response=False)
    registered.refresh_from_db()
    assert registered.full_name == "Rita Renamed"
    assert registered.photo.name.endswith(".jpg")
    assert registered.photo.width == 600
    assert registered.categories.count() == 2
    assert registered.time_zone == "Africa/Nairobi"


def test_a_bad_photo_gives_a_clear_error_and_saves_nothing(client, registered):
    client.force_login(registered.user)
    response = client.post(
        reverse("members:profile-edit"),
        profile_post(
            registered,
            full_name="Changed",
            photo=upload(SVG, name="me.svg", content_type="image/svg+xml"),
        ),
    )
    assert response.status_code == 200
    assertContains(response, "Upload a PNG, JPEG or WebP image")
    registered.refresh_from_db()
    assert registered.full_name == "Rita Registered"
    assert not registered.photo


def test_a_text_file_named_png_is_refused_on_the_profile_page(client, registered):
    client.force_login(registered.user)
    response = client.post(
        reverse("members:profile-edit"),
        profile_post(registered, photo=upload(b"just text", name="me.png")),
    )
    assertContains(response, "Upload a PNG, JPEG or WebP image")


def test_the_name_and_country_are_required(client, registered):
    client.force_login(registered.user)
    response = client.post(
        reverse("members:profile-edit"), profile_post(registered, full_name="", country="")
    )
    assert response.status_code == 200
    assertContains(response, "There is a problem")


def test_people_cannot_give_themselves_a_role_or_membership_through_the_form(client, registered):
    client.force_login(registered.user)
    client.post(
        reverse("members:profile-edit"),
        profile_post(
            registered, membership="approved", network_role="core", represented_region="africa"
        ),
    )
    registered.refresh_from_db()
    assert registered.membership == MemberProfile.Membership.NONE
    assert registered.network_role == MemberProfile.NetworkRole.MEMBER


def test_registering_an_organization_links_it_to_the_profile(client, registered):
    client.force_login(registered.user)
    response = client.post(
        reverse("members:organization-edit"),
        {
            "name": "Rita's Skills Hub",
            "type": "ngo",
            "country": "KE",
            "logo": png_upload((1600, 1600)),
            "project_name": "Hub",
            "project_objectives": "Train 100 youths",
            "project_languages": ["1", "2"],
            "project_video_url": "https://video.example.org/1",
        },
    )
    organization = Organization.objects.get(name="Rita's Skills Hub")
    assertRedirects(response, organization.get_absolute_url(), fetch_redirect_response=False)
    registered.refresh_from_db()
    assert registered.organization == organization
    assert organization.created_by == registered.user
    assert organization.logo.width == 800
    assert organization.project_languages.count() == 2
    # Its page is visible to its creator although it is not listed publicly yet.
    page = client.get(organization.get_absolute_url())
    assertContains(page, "Waiting for review")
    assertContains(page, "Edit this organization")


def test_the_creator_edits_their_organization(client, registered):
    organization = OrganizationFactory(created_by=registered.user, name="Old Name")
    registered.organization = organization
    registered.save()
    client.force_login(registered.user)
    page = client.get(reverse("members:organization-edit"))
    assertContains(page, "Edit Old Name")
    client.post(
        reverse("members:organization-edit"), {"name": "New Name", "type": "sme", "country": "KE"}
    )
    organization.refresh_from_db()
    assert organization.name == "New Name"


def test_someone_linked_to_another_persons_organization_cannot_edit_it(client, registered):
    organization = OrganizationFactory(name="Someone Else's")
    registered.organization = organization
    registered.save()
    client.force_login(registered.user)
    page = client.get(reverse("members:organization-edit"))
    assertContains(page, "Register your organization")
    assertContains(page, "which someone else registered")
    client.post(
        reverse("members:organization-edit"), {"name": "Mine", "type": "sme", "country": "KE"}
    )
    organization.refresh_from_db()
    assert organization.name == "Someone Else's"
    registered.refresh_from_db()
    assert registered.organization.name == "Mine"


def test_a_bad_logo_is_refused(client, registered):
    client.force_login(registered.user)
    response = client.post(
        reverse("members:organization-edit"),
        {
            "name": "Bad Logo Org",
            "type": "ngo",
            "country": "KE",
            "logo": upload(SVG, name="logo.png"),
        },
    )
    assert response.status_code == 200
    assertContains(response, "Upload a PNG, JPEG or WebP image")
    assert not Organization.objects.filter(name="Bad Logo Org").exists()


# --- Applying -----------------------------------------------------------------------


APPLY = reverse("members:apply")


def test_applying_through_the_form(
    client, registered, mailoutbox, django_capture_on_commit_callbacks
):
    client.force_login(registered.user)
    page = client.get(APPLY)
    assertTemplateUsed(page, "members/apply.html")
    assertContains(page, "What do you need from the network?")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            APPLY,
            {
                "motivation": "Find partners",
                "survey-q_needs": ["funding", "peer_exchange"],
                "survey-q_challenges_other": "Money",
                "survey-q_workshop_topics_1": "rpl",
                "survey-q_languages": ["en"],
                "survey-q_formats": ["webinar"],
                "can_host_peer_sessions": "on",
            },
        )
    assertRedirects(response, APPLY, fetch_redirect_response=False)
    application = MembershipApplication.objects.get(profile=registered)
    assert application.needs == ["funding", "peer_exchange"]
    assert application.challenges == "Money"
    assert application.survey_response.answers.filter(question="workshop_topics", option="rpl", rank=1).exists()
    assert application.can_host_peer_sessions and not application.can_translate
    assert len(mailoutbox) == 1
    assertContains(client.get(APPLY), "Your application is being reviewed")


def test_the_application_form_needs_a_motivation_and_known_needs(client, registered):
    client.force_login(registered.user)
    response = client.post(APPLY, {"motivation": "", "survey-q_needs": ["bribes"]})
    assert response.status_code == 200
    assertContains(response, "There is a problem")
    assert not MembershipApplication.objects.exists()


def test_an_incomplete_profile_is_asked_to_complete_it_first(client):
    profile = MemberProfileFactory(country="")
    client.force_login(profile.user)
    response = client.get(APPLY)
    assertContains(response, "First, complete your profile")
    assertNotContains(response, "Send my application")
    client.post(APPLY, {"motivation": "x"})
    assert not MembershipApplication.objects.exists()


def test_members_see_their_status_instead_of_the_form(client, member):
    client.force_login(member.user)
    response = client.get(APPLY)
    assertContains(response, "You are a member")
    assertNotContains(response, "Send my application")
    client.post(APPLY, {"motivation": "again"})
    assert not MembershipApplication.objects.exists()


def test_a_declined_applicant_sees_the_reason_and_may_apply_again(client, registered):
    MembershipApplicationFactory(
        profile=registered, status="declined", decision_reason="Add your project."
    )
    registered.membership = MemberProfile.Membership.DECLINED
    registered.save()
    client.force_login(registered.user)
    response = client.get(APPLY)
    assertContains(response, "Add your project.")
    assertContains(response, "Send my application")


# --- Home page (network_portal.views.home uses members.selectors.home_page_context) --


def test_the_home_page_shows_the_network_in_numbers_and_logos(client):
    organization = OrganizationFactory(name="Logo Org", logo="logos/logo-org.png")
    ApprovedMemberFactory(organization=organization, country="KE")
    ApprovedMemberFactory(country="BR")
    response = client.get("/")
    assert response.status_code == 200
    assert response.context["member_count"] == 2
    assert response.context["country_count"] == 2
    assertContains(response, "logos/logo-org.png")


def test_the_directory_with_an_invalid_filter_costs_no_more_queries_than_with_a_valid_one(client, member):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    counts = {}
    for value, status in (("rpl-certification", 200), ("nope", 400)):
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(DIRECTORY, {"category": value}).status_code == status
        counts[status] = len(ctx.captured_queries)
    assert counts[400] <= counts[200]
