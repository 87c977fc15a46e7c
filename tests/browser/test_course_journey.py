"""End to end in headless Chromium: a member follows a course to completion (staff mark
the sessions attended, the member completes the lessons) and sees it on their profile;
the member opens a coaching request for a demo call, staff assign an advisor and move it
a stage in the admin, and the member sees the history."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from coaching.courses.models import Completion
from coaching.courses.services import completions_sweep
from events.models import Registration
from events.services import attendance_mark
from members.help.models import TechnicalAdvisor
from tests.browser.test_member_journey import sign_in
from tests.factories.courses import CourseFactory, LessonStepFactory, SessionStepFactory
from tests.factories.events import RegistrationFactory
from tests.factories.funds import FundingCallFactory
from tests.factories.members import PASSWORD, ApprovedMemberFactory
from tests.factories.mfa import sign_in_with_mfa

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

EMAIL = "amina.diallo@example.org"


def test_a_member_completes_a_course_and_follows_a_coaching_request(
    page: Page, new_page, ilo_staff
):
    profile = ApprovedMemberFactory(user__email=EMAIL, full_name="Amina Diallo")
    member = profile.user
    course = CourseFactory(
        title="Writing a winning proposal", slug="winning-proposal", min_sessions=1
    )
    session_step = SessionStepFactory(course=course, position=1, required=True)
    LessonStepFactory(course=course, position=2, title="The logical framework")
    call = FundingCallFactory(
        title="Green Jobs for Youth Fund", deadline=timezone.now() + timedelta(days=30)
    )
    TechnicalAdvisor.objects.create(name="Dr. Kofi Mensah", email="kofi@example.org")

    page.goto(f"/accounts/login/?next=/coaching/courses/{course.slug}/")
    sign_in(page, email=EMAIL, password=PASSWORD)
    page.get_by_role("button", name="Follow this course").click()
    expect(page.get_by_text("0 of 2 steps done.")).to_be_visible()

    # Staff mark the session attended (the engine's check-in); the sweep sees it.
    registration = RegistrationFactory(session=session_step.session, user=member)
    attendance_mark(registration=registration, actor=ilo_staff, attended=True)
    assert Registration.objects.get(pk=registration.pk).attendance == "attended"
    completions_sweep()

    page.get_by_role("link", name="The logical framework").click()
    page.get_by_role("button", name="I completed this lesson").click()
    expect(page.get_by_text("Congratulations: you completed the course.")).to_be_visible()
    assert Completion.objects.filter(user=member, course=course).count() == 1
    page.goto(f"/members/{profile.pk}/")
    courses = page.get_by_role("region", name="Courses completed")
    expect(courses.get_by_role("link", name="Writing a winning proposal")).to_be_visible()

    # A coaching request for the demo call.
    page.goto(f"/coaching/requests/new/?call={call.pk}")
    page.get_by_label("What you apply for").fill("Apprenticeships in green construction")
    page.get_by_label("Stage").select_option("concept")
    page.get_by_label("Budget").check()
    page.get_by_role("button", name="Send the request").click()
    expect(page.get_by_text("Your request is open.")).to_be_visible()
    request_url = page.url

    staff = new_page()
    staff.goto("/admin/")
    sign_in_with_mfa(staff, ilo_staff)
    staff.wait_for_url("**/admin/")
    staff.goto("/admin/coaching_requests/coachingrequest/")
    staff.get_by_role("link", name="Apprenticeships in green construction").click()
    staff.get_by_label("Stage").select_option("proposal")
    staff.get_by_label("Technical advisor").select_option(label="Dr. Kofi Mensah")
    staff.locator("#id_next_step").fill("Send the draft budget")
    staff.get_by_role("button", name=re.compile("^Save$")).click()
    expect(staff.get_by_text("was changed successfully")).to_be_visible()

    page.goto(request_url)
    history = page.get_by_role("region", name="History")
    expect(history.get_by_text("Concept note → Full proposal")).to_be_visible()
    expect(page.get_by_text("Send the draft budget", exact=True)).to_be_visible()
    expect(page.get_by_text("Dr. Kofi Mensah", exact=True)).to_be_visible()
