"""The curation services: what they return, what they write, the history and audit
they leave, the emails they send (in the recipient's language) and what they refuse."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from django.conf import settings
from django.contrib.postgres.search import SearchQuery
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from core.audit.models import AuditEntry
from core.audit.selectors import history_for
from funds.choices import EditorialStatus, FunderType, Instrument, Source
from funds.models import CallReport, Funder, FundingCall
from funds.services.curation import (
    CallError,
    call_archive,
    call_create,
    call_find_duplicate,
    call_mark_verified,
    call_publish,
    call_reject,
    call_report_outdated,
    call_report_resolve,
    call_set_status,
    call_submit_suggestion,
    call_update,
    normalize_source_url,
    serialise_call,
    status_change_allowed,
)
from taxonomy.models import Language, SkillCategory
from tests.factories.funds import (
    CallReportFactory,
    FunderFactory,
    FundingCallFactory,
    SuggestedCallFactory,
)
from tests.factories.members import ApprovedMemberFactory, MemberProfileFactory, StaffUserFactory

pytestmark = pytest.mark.django_db


class Mailbox:
    """`with mailbox.sent():` runs the block's after-commit work, when the outbox sends
    its mail; `mailbox.messages` are the messages sent."""

    def __init__(self, capture):
        self._capture = capture

    def sent(self):
        return self._capture(execute=True)

    @property
    def messages(self):
        from django.core import mail

        return mail.outbox


@pytest.fixture
def mailbox(django_capture_on_commit_callbacks):
    return Mailbox(django_capture_on_commit_callbacks)


@pytest.fixture
def staff():
    return StaffUserFactory(email="curator@ilo.example.org")


@pytest.fixture
def member():
    return ApprovedMemberFactory(full_name="Amina Member", preferred_language="fr").user


def _data(**overrides) -> dict:
    data = {
        "title": "Green Skills Challenge",
        "funder": FunderFactory(name="Green Fund"),
        "summary": "Prizes for training in green jobs.",
        "instrument": Instrument.CHALLENGE,
        "is_global": False,
        "eligible_countries": ["KE", "SN"],
        "eligible_regions": ["arab-states"],
        "deadline": timezone.now() + timedelta(days=40),
        "amount_min": Decimal("1000"),
        "amount_max": Decimal("20000.50"),
        "categories": list(SkillCategory.objects.filter(slug__in=["entrepreneurship", "skills-data"])),
        "languages": list(Language.objects.filter(code__in=["fr", "en"])),
        "source_url": "https://green.example.org/challenge",
    }
    data.update(overrides)
    return data


def _audit_actions(call) -> list[str]:
    return list(AuditEntry.objects.filter(object_id=str(call.pk), action__startswith="funds.call").values_list("action", flat=True))


# --- Create and update ------------------------------------------------------------------


def test_creating_a_call_saves_it_as_a_draft_with_slug_region_index_and_a_revision(staff):
    call = call_create(data=_data(), actor=staff)

    call.refresh_from_db()
    assert call.status == EditorialStatus.DRAFT
    assert call.slug == "green-skills-challenge"
    assert call.region_index == ["africa", "arab-states"]
    assert sorted(c.slug for c in call.categories.all()) == ["entrepreneurship", "skills-data"]
    revision = history_for(call).get()
    assert revision.action == "funds.call.created"
    assert revision.actor == staff
    assert revision.changes["title"] == [None, "Green Skills Challenge"]
    assert revision.changes["categories"] == [None, ["entrepreneurship", "skills-data"]]
    assert revision.changes["languages"] == [None, ["en", "fr"]]
    assert revision.changes["amount_max"] == [None, "20000.5"]
    assert revision.changes["deadline"][1].endswith("+00:00")
    assert "funds.call.created" in _audit_actions(call)


@pytest.mark.postgres
def test_a_created_call_is_found_by_full_text_search(staff):
    call = call_create(data=_data(title="Apprenticeship Jamboree"), actor=staff)

    assert FundingCall.objects.filter(search_vector=SearchQuery("jamboree", config="simple")).get() == call


def test_two_calls_with_the_same_title_get_different_slugs(staff):
    first = call_create(data=_data(), actor=staff)
    second = call_create(data=_data(source_url="https://green.example.org/other"), actor=staff)

    assert first.slug != second.slug


def test_creating_an_invalid_call_raises_call_error_and_saves_nothing(staff):
    with pytest.raises(CallError) as error:
        call_create(data=_data(amount_min=Decimal(50), amount_max=Decimal(10)), actor=staff)

    assert "amount_min" in error.value.errors
    assert "minimum amount cannot exceed" in str(error.value)
    assert not FundingCall.objects.exists()


def test_services_refuse_fields_they_do_not_curate(staff):
    with pytest.raises(ValueError, match="search_vector"):
        call_create(data=_data(search_vector="x"), actor=staff)


def test_a_new_call_cannot_start_published(staff):
    with pytest.raises(CallError):
        call_create(data=_data(), actor=staff, status=EditorialStatus.PUBLISHED)


def test_updating_a_call_records_only_the_changed_fields_from_old_to_new(staff):
    call = call_create(data=_data(), actor=staff)
    new_deadline = timezone.now() + timedelta(days=90)

    updated, _changes = call_update(
        call=call,
        data={
            "title": "Green Skills Challenge 2027",
            "summary": call.summary,
            "deadline": new_deadline,
            "categories": list(SkillCategory.objects.filter(slug="work-based-learning")),
            "eligible_countries": ["PE"],
        },
        actor=staff,
    )

    assert updated.title == "Green Skills Challenge 2027"
    revision = history_for(updated).filter(action="funds.call.updated").get()
    assert set(revision.changes) == {"title", "deadline", "categories", "eligible_countries"}
    assert revision.changes["title"] == ["Green Skills Challenge", "Green Skills Challenge 2027"]
    assert revision.changes["categories"] == [["entrepreneurship", "skills-data"], ["work-based-learning"]]
    assert revision.changes["eligible_countries"] == [["KE", "SN"], ["PE"]]
    assert updated.region_index == ["americas", "arab-states"]
    assert FundingCall.objects.get(pk=call.pk).region_index == ["americas", "arab-states"]


def test_updating_with_the_same_values_records_nothing(staff):
    call = call_create(data=_data(), actor=staff)
    same = {k: v for k, v in _data().items() if k not in {"funder", "deadline"}}
    same["deadline"] = call.deadline.astimezone(timezone.get_fixed_timezone(120))  # same instant
    same["amount_max"] = 20000.5  # a float equal to the stored decimal

    updated, changes = call_update(call=call, data=same, actor=staff)

    assert changes == {}
    assert history_for(updated).count() == 1


@pytest.mark.postgres
def test_updating_the_title_updates_the_search_vector(staff):
    call = call_create(data=_data(), actor=staff)

    call_update(call=call, data={"title": "Hackathon for welders"}, actor=staff)

    assert FundingCall.objects.filter(search_vector=SearchQuery("welders", config="simple")).exists()


def test_a_published_closed_call_given_a_new_deadline_is_announced_again(staff):
    long_ago = timezone.now() - timedelta(days=100)
    call = FundingCallFactory(deadline=timezone.now() - timedelta(days=3), announced_at=long_ago, published_at=long_ago)

    updated, _changes = call_update(call=call, data={"deadline": timezone.now() + timedelta(days=30)}, actor=staff)

    assert updated.announced_at > long_ago
    assert "announced_at" in history_for(updated).get().changes
    assert "funds.call.reopened" in _audit_actions(call)


def test_moving_the_deadline_of_an_open_call_does_not_announce_it_again(staff):
    long_ago = timezone.now() - timedelta(days=100)
    call = FundingCallFactory(announced_at=long_ago)

    updated, _changes = call_update(call=call, data={"deadline": timezone.now() + timedelta(days=80)}, actor=staff)

    assert updated.announced_at == long_ago


def test_a_closed_draft_given_a_new_deadline_is_not_announced(staff):
    call = FundingCallFactory(status=EditorialStatus.DRAFT, deadline=timezone.now() - timedelta(days=3), announced_at=None)

    updated, _changes = call_update(call=call, data={"deadline": timezone.now() + timedelta(days=30)}, actor=staff)

    assert updated.announced_at is None


def test_serialise_call_gives_json_friendly_values():
    call = FundingCallFactory(categories=list(SkillCategory.objects.filter(slug="entrepreneurship")))

    data = serialise_call(call)

    assert data["categories"] == ["entrepreneurship"]
    assert data["funder"] == call.funder.slug
    assert data["amount_max"] == "50000"
    assert data["status"] == "published"


# --- Editorial state --------------------------------------------------------------------


def test_publishing_a_suggestion_publishes_it_and_emails_the_member_in_their_language(staff, member, mailbox):
    call = SuggestedCallFactory(suggested_by=member)

    with mailbox.sent():
        published = call_publish(call=call, actor=staff)

    assert published.status == EditorialStatus.PUBLISHED
    assert published.published_at is not None
    assert published.announced_at == published.published_at  # first publication announces it
    assert published.curated_by == staff
    assert history_for(published).get().action == "funds.call.published"
    assert "funds.call.published" in _audit_actions(call)
    [email] = mailbox.messages
    assert email.to == [member.email]
    assert f"/fr/funds/{call.slug}/" in email.body
    html = email.alternatives[0][0]
    assert '<html lang="fr">' in html
    assert f'href="{settings.SITE_URL}/fr/funds/{call.slug}/"' in html


def test_publishing_again_after_archiving_keeps_the_first_publication_date_and_sends_no_second_email(staff, member, mailbox):
    call = SuggestedCallFactory(suggested_by=member)
    with mailbox.sent():
        first = call_publish(call=call, actor=staff)
        call_archive(call=call, actor=staff)
        again = call_publish(call=call, actor=staff)

    assert again.published_at == first.published_at
    assert again.announced_at > first.announced_at
    assert len(mailbox.messages) == 1


def test_publishing_a_published_call_is_refused(staff):
    call = FundingCallFactory()

    with pytest.raises(CallError, match="already"):
        call_publish(call=call, actor=staff)


def test_publishing_a_call_without_deadline_that_is_not_rolling_is_refused(staff):
    call = SuggestedCallFactory(deadline=None, is_rolling=False)

    with pytest.raises(CallError) as error:
        call_publish(call=call, actor=staff)

    assert "deadline" in error.value.errors
    assert FundingCall.objects.get(pk=call.pk).status == EditorialStatus.PENDING
    assert not history_for(call).exists()


def test_rejecting_a_suggestion_emails_the_reason_in_the_members_language(staff, mailbox):
    member = ApprovedMemberFactory(preferred_language="es").user
    call = SuggestedCallFactory(suggested_by=member)

    with mailbox.sent():
        rejected = call_reject(call=call, actor=staff, reason="Only for government agencies.")

    assert rejected.status == EditorialStatus.REJECTED
    assert rejected.review_note == "Only for government agencies."
    assert history_for(rejected).get().changes["status"] == ["pending", "rejected"]
    assert "funds.call.rejected" in _audit_actions(call)
    [email] = mailbox.messages
    assert email.to == [member.email]
    assert "Only for government agencies." in email.body
    assert "/es/funds/suggest/" in email.body


def test_rejecting_needs_a_reason(staff):
    call = SuggestedCallFactory()

    with pytest.raises(CallError, match="reason"):
        call_reject(call=call, actor=staff, reason="  ")


def test_a_published_call_cannot_be_rejected_only_archived(staff):
    call = FundingCallFactory()

    with pytest.raises(CallError, match="cannot be rejected"):
        call_reject(call=call, actor=staff, reason="No longer relevant.")
    assert status_change_allowed("published", "archived")
    assert not status_change_allowed("published", "rejected")


def test_archiving_records_the_change_and_refuses_twice(staff):
    call = FundingCallFactory()

    archived = call_archive(call=call, actor=staff)

    assert archived.status == EditorialStatus.ARCHIVED
    assert history_for(archived).get().action == "funds.call.archived"
    assert "funds.call.archived" in _audit_actions(call)
    with pytest.raises(CallError):
        call_archive(call=call, actor=staff)


def test_marking_a_call_verified_sets_the_date_and_records_it(staff):
    call = FundingCallFactory(last_verified_at=None)

    verified = call_mark_verified(call=call, actor=staff)

    assert verified.last_verified_at is not None
    assert history_for(verified).get().action == "funds.call.verified"
    assert "funds.call.verified" in _audit_actions(call)


def test_setting_a_status_goes_through_the_matching_service(staff):
    call = FundingCallFactory(status=EditorialStatus.DRAFT, published_at=None)

    pending = call_set_status(call=call, status=EditorialStatus.PENDING, actor=staff)
    published = call_set_status(call=call, status=EditorialStatus.PUBLISHED, actor=staff)
    unchanged = call_set_status(call=call, status=EditorialStatus.PUBLISHED, actor=staff)

    assert pending.status == "pending"
    assert published.status == "published" and published.published_at
    assert unchanged.status == "published"
    assert list(history_for(call).order_by("created_at", "pk").values_list("action", flat=True)) == ["funds.call.status_changed", "funds.call.published"]


# --- Suggestions and duplicates ---------------------------------------------------------


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://www.Example.org/calls/1/", "example.org/calls/1"),
        ("http://example.org/calls/1?utm_source=news&utm_medium=email", "example.org/calls/1"),
        ("example.org/calls/1#apply", "example.org/calls/1"),
        ("https://example.org/calls?id=4&fbclid=abc&lang=fr", "example.org/calls?id=4&lang=fr"),
        ("https://example.org:8443/x", "example.org:8443/x"),
        ("https://example.org:port/x", "https://example.org:port/x"),
        ("", ""),
    ],
)
def test_source_links_are_normalised_for_comparison(url, expected):
    assert normalize_source_url(url) == expected


def _suggestion(**overrides) -> dict:
    data = {
        "title": "Digital skills for rural women",
        "summary": "Small grants for digital literacy in rural areas.",
        "instrument": Instrument.PROJECT_GRANT,
        "source_url": "https://fund.example.org/digital-women",
        "deadline": timezone.now() + timedelta(days=30),
        "categories": list(SkillCategory.objects.filter(slug="core-life-skills")),
    }
    data.update(overrides)
    return data


def test_a_member_suggestion_is_pending_with_the_member_as_source(member):
    call = call_submit_suggestion(actor=member, data=_suggestion(), funder_name="Rural Futures Fund", funder_type=FunderType.PRIVATE_FOUNDATION)

    assert call.status == EditorialStatus.PENDING
    assert call.source == Source.MEMBER
    assert call.suggested_by == member
    assert call.duplicate_of is None
    assert call.funder.name == "Rural Futures Fund"
    assert call.funder.type == FunderType.PRIVATE_FOUNDATION
    assert history_for(call).filter(action="funds.call.created").count() == 1
    assert "funds.call.suggested" in _audit_actions(call)


def test_a_suggestion_reuses_a_funder_with_the_same_name_in_any_case(member):
    funder = FunderFactory(name="Mastercard Foundation")

    call = call_submit_suggestion(actor=member, data=_suggestion(), funder_name="  mastercard   foundation ")

    assert call.funder == funder
    assert Funder.objects.count() == 1


def test_a_suggestion_with_the_same_source_page_points_to_the_existing_call(member):
    existing = FundingCallFactory(source_url="https://www.fund.example.org/digital-women/")

    call = call_submit_suggestion(
        actor=member,
        data=_suggestion(source_url="http://fund.example.org/digital-women?utm_campaign=newsletter"),
        funder_name="Rural Futures Fund",
    )

    assert call.duplicate_of == existing
    assert call_find_duplicate(source_url="fund.example.org/digital-women", exclude_pk=existing.pk) == call


def test_a_rejected_call_is_not_treated_as_a_duplicate(member):
    FundingCallFactory(source_url="https://fund.example.org/digital-women", status=EditorialStatus.REJECTED)

    call = call_submit_suggestion(actor=member, data=_suggestion(), funder_name="Rural Futures Fund")

    assert call.duplicate_of is None


def test_people_who_are_not_approved_members_cannot_suggest():
    registered = MemberProfileFactory().user

    with pytest.raises(PermissionDenied):
        call_submit_suggestion(actor=registered, data=_suggestion(), funder_name="Fund")
    assert not FundingCall.objects.exists()


def test_a_suggestion_needs_a_source_link(member):
    with pytest.raises(CallError, match="official page"):
        call_submit_suggestion(actor=member, data=_suggestion(source_url=""), funder_name="Fund")


# --- Reports of outdated information ----------------------------------------------------


def test_a_report_goes_to_every_ilo_staff_member_in_their_language(mailbox):
    staff_fr = StaffUserFactory(email="fr@ilo.example.org")
    MemberProfileFactory(user=staff_fr, preferred_language="fr")
    staff_en = StaffUserFactory(email="en@ilo.example.org")
    StaffUserFactory(email="gone@ilo.example.org", is_active=False)
    call = FundingCallFactory()

    with mailbox.sent():
        report = call_report_outdated(call=call, message="The deadline moved to June.", email="someone@example.org")

    assert report.status == CallReport.Status.OPEN
    assert report.reporter is None and report.email == "someone@example.org"
    by_recipient = {m.to[0]: m for m in mailbox.messages}
    assert set(by_recipient) == {"fr@ilo.example.org", "en@ilo.example.org"}
    assert f"/fr/admin/funds/callreport/{report.pk}/change/" in by_recipient["fr@ilo.example.org"].body
    assert f"/admin/funds/callreport/{report.pk}/change/" in by_recipient["en@ilo.example.org"].body
    assert "The deadline moved to June." in by_recipient["en@ilo.example.org"].body
    assert AuditEntry.objects.filter(action="funds.report.created", object_id=str(report.pk)).exists()
    from core.outbox.models import Email

    assert Email.objects.filter(key=f"call-reported:{report.pk}:{staff_en.pk}").exists()


def test_a_signed_in_reporter_is_recorded_with_their_email(member):
    call = FundingCallFactory()

    report = call_report_outdated(call=call, message="Broken link.", reporter=member)

    assert report.reporter == member
    assert report.email == member.email


@pytest.mark.parametrize("status", [EditorialStatus.DRAFT, EditorialStatus.PENDING, EditorialStatus.ARCHIVED])
def test_only_published_calls_can_be_reported(status):
    call = FundingCallFactory(status=status)

    with pytest.raises(CallError):
        call_report_outdated(call=call, message="Outdated.")


def test_an_empty_report_is_refused():
    with pytest.raises(CallError):
        call_report_outdated(call=FundingCallFactory(), message="   ")


def test_resolving_a_report_closes_it_and_thanks_a_signed_in_reporter(staff, member, mailbox):
    report = CallReportFactory(reporter=member)

    with mailbox.sent():
        resolved = call_report_resolve(report=report, actor=staff)

    assert resolved.status == CallReport.Status.RESOLVED
    assert resolved.resolved_by == staff and resolved.resolved_at
    assert [m.to for m in mailbox.messages] == [[member.email]]
    assert "/fr/funds/" in mailbox.messages[0].body
    with pytest.raises(CallError, match="already been closed"):
        call_report_resolve(report=report, actor=staff)


def test_dismissing_a_report_sends_no_email(staff, member, mailbox):
    report = CallReportFactory(reporter=member)

    with mailbox.sent():
        dismissed = call_report_resolve(report=report, actor=staff, status=CallReport.Status.DISMISSED)

    assert dismissed.status == CallReport.Status.DISMISSED
    assert mailbox.messages == []
