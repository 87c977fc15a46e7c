"""The curation admin, as ILO staff (the "ILO staff" group, not superusers) use it:
pages load, saving goes through the services, actions work, the import page and the
review queues."""

from __future__ import annotations

import io
from datetime import timedelta

import pytest
from django.core import mail
from django.test import TestCase
from django.urls import reverse
from django.utils import timezone, translation
from openpyxl import Workbook, load_workbook

from core.audit.models import AuditEntry
from core.audit.selectors import history_for
from core.audit.services import log_action
from funds.choices import EditorialStatus, Instrument
from funds.models import CallReport, FundingCall
from taxonomy.models import SkillCategory
from tests.factories.funds import (
    CallReportFactory,
    CallRoundFactory,
    FunderFactory,
    FundingCallFactory,
    SuggestedCallFactory,
)
from tests.factories.members import ApprovedMemberFactory, UserFactory

pytestmark = pytest.mark.django_db

CHANGELIST = "admin:funds_fundingcall_changelist"


# The admin prefix of the call's change history (a generic inline over the audit trail).
HISTORY = "audit-auditentry-content_type-object_id"

def _form_data(call: FundingCall | None = None, **overrides) -> dict:
    """A complete POST for the call change form (no inline rows)."""
    funder = call.funder if call else FunderFactory(name="Admin Fund")
    data = {
        "title": call.title if call else "Admin-made call",
        "slug": call.slug if call else "",
        "funder": funder.pk,
        "reference": "",
        "instrument": Instrument.PROJECT_GRANT,
        "summary": "A call made in the admin.",
        "description": "",
        "tags": "",
        "eligible_regions": ["africa"],
        "eligible_countries": ["LB"],
        "applicant_types": ["ngo"],
        "amount_min": "",
        "amount_max": "10000",
        "currency": "USD",
        "amount_usd": "10000",
        "awards_count": "",
        "cofinancing_rate": "",
        "opens_on": "",
        "deadline_0": (timezone.now() + timedelta(days=30)).date().isoformat(),
        "deadline_1": "17:00:00",
        "deadline_timezone": "UTC",
        "apply_url": "",
        "source_url": "https://admin.example.org/call",
        "contact": "",
        "status": call.status if call else EditorialStatus.DRAFT,
        "review_note": "",
        "categories": [c.pk for c in SkillCategory.objects.filter(slug="skills-data")],
    }
    for prefix in ("rounds", "attachments", HISTORY):
        data.update({f"{prefix}-TOTAL_FORMS": "0", f"{prefix}-INITIAL_FORMS": "0", f"{prefix}-MIN_NUM_FORMS": "0", f"{prefix}-MAX_NUM_FORMS": "1000"})
    if call is not None:
        existing_rounds = list(call.rounds.all())
        data["rounds-INITIAL_FORMS"] = data["rounds-TOTAL_FORMS"] = str(len(existing_rounds))
        for i, r in enumerate(existing_rounds):
            data.update({f"rounds-{i}-id": r.pk, f"rounds-{i}-call": call.pk, f"rounds-{i}-name": r.name,
                         f"rounds-{i}-deadline_0": r.deadline.date().isoformat(), f"rounds-{i}-deadline_1": "12:00:00"})
        revisions = list(history_for(call).all())
        data[f"{HISTORY}-INITIAL_FORMS"] = data[f"{HISTORY}-TOTAL_FORMS"] = str(len(revisions))
        for i, rev in enumerate(revisions):
            data.update({f"{HISTORY}-{i}-id": rev.pk})
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


# --- Pages load for ILO staff -----------------------------------------------------------


def test_ilo_staff_are_not_superusers_but_see_every_curation_page(staff_client, staff):
    assert not staff.is_superuser
    call = FundingCallFactory(categories=list(SkillCategory.objects.all()[:2]))
    CallRoundFactory(call=call)
    report = CallReportFactory(call=call)
    FundingCallFactory(deadline=timezone.now() - timedelta(days=5))

    pages = [
        reverse(CHANGELIST),
        reverse(CHANGELIST) + "?lifecycle=closed",
        reverse(CHANGELIST) + "?status__exact=pending",
        reverse(CHANGELIST) + "?q=Skills",
        reverse("admin:funds_fundingcall_change", args=[call.pk]),
        reverse("admin:funds_fundingcall_add"),
        reverse("admin:funds_fundingcall_import"),
        reverse("admin:funds_callreport_changelist"),
        reverse("admin:funds_callreport_changelist") + "?status=all",
        reverse("admin:funds_callreport_change", args=[report.pk]),
        reverse("admin:funds_funder_changelist"),
        reverse("admin:funds_funder_change", args=[call.funder.pk]),
        reverse("admin:audit_auditentry_changelist"),
        reverse("admin:autocomplete") + "?app_label=funds&model_name=fundingcall&field_name=funder&term=Fun",
    ]
    for url in pages:
        response = staff_client.get(url)
        assert response.status_code == 200, url


def test_the_changelist_shows_lifecycle_and_links_to_the_review_queues_and_import(staff_client):
    FundingCallFactory(title="Closing soon call", deadline=timezone.now() + timedelta(days=3))
    SuggestedCallFactory(title="Waiting call")
    CallReportFactory()

    response = staff_client.get(reverse(CHANGELIST))

    assert response.status_code == 200
    assert "Closing soon" in response.text
    assert "Pending review (1)" in response.text
    assert "Open reports (1)" in response.text
    assert reverse("admin:funds_fundingcall_import") in response.text


def test_the_lifecycle_filter_keeps_only_calls_in_that_lifecycle(staff_client):
    FundingCallFactory(title="Old call", deadline=timezone.now() - timedelta(days=5))
    FundingCallFactory(title="Future call", opens_on=(timezone.now() + timedelta(days=10)).date())

    response = staff_client.get(reverse(CHANGELIST) + "?lifecycle=upcoming")

    assert "Future call" in response.text
    assert "Old call" not in response.text


def test_people_without_staff_rights_cannot_open_the_admin_or_import(client, login_with_mfa):
    login_with_mfa(client, UserFactory(is_staff=True))  # staff flag but no group: no permissions

    assert client.get(reverse("admin:funds_fundingcall_import")).status_code == 403
    assert client.get(reverse(CHANGELIST)).status_code == 403


# --- Saving goes through the services ---------------------------------------------------


def test_adding_a_call_in_the_admin_goes_through_the_service(staff_client, staff):
    response = staff_client.post(reverse("admin:funds_fundingcall_add"), _form_data())

    assert response.status_code == 302, response.context["adminform"].form.errors if response.context else ""
    call = FundingCall.objects.get()
    assert call.slug == "admin-made-call"
    assert call.region_index == ["africa", "arab-states"]
    revision = history_for(call).get()
    assert (revision.action, revision.actor) == ("funds.call.created", staff)
    assert revision.changes["categories"] == [None, ["skills-data"]]


def test_editing_a_call_in_the_admin_records_the_changes(staff_client, staff):
    call = FundingCallFactory(status=EditorialStatus.DRAFT)

    response = staff_client.post(
        reverse("admin:funds_fundingcall_change", args=[call.pk]), _form_data(call, title="Renamed in admin")
    )

    assert response.status_code == 302
    call.refresh_from_db()
    assert call.title == "Renamed in admin"
    revision = history_for(call).get(action="funds.call.updated")
    assert revision.changes["title"][1] == "Renamed in admin"
    assert revision.actor == staff


def test_adding_a_round_inline_is_recorded_in_the_history(staff_client):
    call = FundingCallFactory(status=EditorialStatus.DRAFT)
    data = _form_data(call)
    data.update({"rounds-TOTAL_FORMS": "1", "rounds-0-name": "First round", "rounds-0-deadline_0": "2031-01-15", "rounds-0-deadline_1": "12:00:00"})

    response = staff_client.post(reverse("admin:funds_fundingcall_change", args=[call.pk]), data)

    assert response.status_code == 302
    assert call.rounds.get().name == "First round"
    [rounds_revision] = [r for r in history_for(call).filter(action="funds.call.updated") if "rounds" in r.changes]
    assert rounds_revision.changes["rounds"][0] == []
    assert rounds_revision.changes["rounds"][1][0].startswith("First round")


def test_publishing_a_suggestion_from_the_change_form_emails_the_member(staff_client, django_capture_on_commit_callbacks):
    member = ApprovedMemberFactory(preferred_language="es").user
    call = SuggestedCallFactory(suggested_by=member)

    with django_capture_on_commit_callbacks(execute=True):
        response = staff_client.post(
            reverse("admin:funds_fundingcall_change", args=[call.pk]), _form_data(call, status=EditorialStatus.PUBLISHED)
        )

    assert response.status_code == 302
    call.refresh_from_db()
    assert call.status == EditorialStatus.PUBLISHED and call.published_at
    [email] = mail.outbox
    assert email.to == [member.email]
    assert f"/es/funds/{call.slug}/" in email.body


def test_rejecting_in_the_change_form_needs_a_reason(staff_client):
    call = SuggestedCallFactory()

    response = staff_client.post(
        reverse("admin:funds_fundingcall_change", args=[call.pk]), _form_data(call, status=EditorialStatus.REJECTED)
    )

    assert response.status_code == 200
    assert "Give a reason" in response.text
    assert FundingCall.objects.get(pk=call.pk).status == EditorialStatus.PENDING


def test_a_published_call_cannot_be_rejected_in_the_change_form(staff_client):
    call = FundingCallFactory()

    response = staff_client.post(
        reverse("admin:funds_fundingcall_change", args=[call.pk]),
        _form_data(call, status=EditorialStatus.REJECTED, review_note="No."),
    )

    assert response.status_code == 200
    assert "cannot be rejected" in response.text


def test_publishing_without_a_deadline_shows_the_error_in_the_form(staff_client):
    call = SuggestedCallFactory()

    response = staff_client.post(
        reverse("admin:funds_fundingcall_change", args=[call.pk]),
        _form_data(call, status=EditorialStatus.PUBLISHED, deadline_0="", deadline_1=""),
    )

    assert response.status_code == 200
    assert "A published call needs a deadline" in response.text


# --- Actions ----------------------------------------------------------------------------


def _action(client, action: str, calls, **extra):
    return client.post(
        reverse(CHANGELIST), {"action": action, "_selected_action": [c.pk for c in calls], **extra}, follow=True
    )


def test_the_publish_action_publishes_and_reports_what_it_could_not(staff_client):
    ready = SuggestedCallFactory(title="Ready")
    incomplete = SuggestedCallFactory(title="Incomplete", deadline=None)

    response = _action(staff_client, "publish_calls", [ready, incomplete])

    assert FundingCall.objects.get(pk=ready.pk).status == EditorialStatus.PUBLISHED
    assert FundingCall.objects.get(pk=incomplete.pk).status == EditorialStatus.PENDING
    assert "1 call published." in response.text
    assert "Incomplete: A published call needs a deadline" in response.text


def test_the_archive_and_verify_actions_call_the_services(staff_client):
    calls = FundingCallFactory.create_batch(2, last_verified_at=None)

    _action(staff_client, "mark_verified", calls)
    _action(staff_client, "archive_calls", calls)

    for call in calls:
        call.refresh_from_db()
        assert call.last_verified_at is not None
        assert call.status == EditorialStatus.ARCHIVED
        assert set(history_for(call).values_list("action", flat=True)) == {"funds.call.verified", "funds.call.archived"}


def test_the_reject_action_asks_for_a_reason_then_emails_each_member(staff_client, django_capture_on_commit_callbacks):
    members = [ApprovedMemberFactory().user for _ in range(2)]
    calls = [SuggestedCallFactory(suggested_by=m) for m in members]

    confirm = _action(staff_client, "reject_calls", calls)
    assert confirm.status_code == 200
    assert "Reject suggestions" in confirm.text
    assert all(FundingCall.objects.get(pk=c.pk).status == EditorialStatus.PENDING for c in calls)

    missing = _action(staff_client, "reject_calls", calls, apply="1", reason="")
    assert "This field is required" in missing.text

    with django_capture_on_commit_callbacks(execute=True):
        done = _action(staff_client, "reject_calls", calls, apply="1", reason="Already closed.")

    assert "2 calls rejected." in done.text
    assert {FundingCall.objects.get(pk=c.pk).status for c in calls} == {EditorialStatus.REJECTED}
    assert sorted(m.to[0] for m in mail.outbox) == sorted(m.email for m in members)
    assert all("Already closed." in m.body for m in mail.outbox)


def test_the_download_action_returns_the_selected_calls_as_xlsx(staff_client):
    calls = FundingCallFactory.create_batch(2)
    FundingCallFactory(title="Not selected")

    response = staff_client.post(reverse(CHANGELIST), {"action": "download_xlsx", "_selected_action": [c.pk for c in calls]})

    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    rows = list(load_workbook(io.BytesIO(response.content))["Calls"].iter_rows(values_only=True))
    assert len(rows) == 3


# --- Import page ------------------------------------------------------------------------


def _upload(rows: list[list], name: str = "calls.xlsx"):
    from django.core.files.uploadedfile import SimpleUploadedFile

    wb = Workbook()
    for row in rows:
        wb.active.append(row)
    out = io.BytesIO()
    wb.save(out)
    return SimpleUploadedFile(name, out.getvalue())


def test_the_import_page_offers_the_column_template(staff_client):
    page = staff_client.get(reverse("admin:funds_fundingcall_import"))
    template = staff_client.get(reverse("admin:funds_fundingcall_import_template"))

    assert "Download the column template" in page.text
    assert 'type="checkbox" name="dry_run"' in page.text
    assert template.status_code == 200
    assert load_workbook(io.BytesIO(template.content)).sheetnames == ["Calls", "Read me"]


def _post_import(client, data: dict):
    """The admin stores the file and queues the import after commit; the (eager) worker
    runs it then; the page it redirects to shows the report."""
    with TestCase.captureOnCommitCallbacks(execute=True):
        response = client.post(reverse("admin:funds_fundingcall_import"), {"date_order": "auto", **data})
    assert response.status_code == 302, response.content
    return client.get(response.url)


def test_a_dry_run_from_the_admin_shows_the_report_and_saves_nothing(staff_client):
    upload = _upload([["Title", "Funder", "Summary", "Instrument"], ["Admin import", "Fund A", "Summary.", "challenge"]])

    response = _post_import(staff_client, {"file": upload, "dry_run": "on"})

    assert response.status_code == 200
    assert "Dry run report" in response.text
    assert "Admin import" in response.text
    assert "Import this file now" in response.text
    assert not FundingCall.objects.exists()


def test_an_import_from_the_admin_creates_the_calls(staff_client, staff):
    upload = _upload([["Title", "Funder", "Summary", "Instrument"], ["Admin import", "Fund A", "Summary.", "challenge"]])

    response = _post_import(staff_client, {"file": upload})

    assert response.status_code == 200
    assert "Imported: 1 created" in response.text
    call = FundingCall.objects.get()
    assert reverse("admin:funds_fundingcall_change", args=[call.pk]) in response.text
    assert history_for(call).get().actor == staff


def test_import_errors_are_shown_as_a_table(staff_client):
    upload = _upload([["Title", "Funder", "Summary", "Instrument", "Currency"], ["Bad", "Fund A", "Summary.", "challenge", "DOGE"]])

    response = _post_import(staff_client, {"file": upload})

    assert 'id="import-errors"' in response.text
    assert "Unknown currency" in response.text
    assert not FundingCall.objects.exists()


def test_the_import_page_speaks_the_curators_language(staff_client):
    with translation.override("fr"):
        url = reverse("admin:funds_fundingcall_import")  # /fr/admin/…: the language is in the address

    response = staff_client.get(url)

    assert "Importer les lignes valides" in response.text


def test_garbage_uploaded_as_xlsx_gives_a_clear_error_not_a_500(staff_client):
    from django.core.files.uploadedfile import SimpleUploadedFile

    response = staff_client.post(
        reverse("admin:funds_fundingcall_import"), {"file": SimpleUploadedFile("calls.xlsx", b"\x89PNG garbage")}
    )

    assert response.status_code == 400
    assert "not a valid Excel workbook" in response.text


def test_submitting_the_import_form_without_a_file_is_a_400(staff_client):
    response = staff_client.post(reverse("admin:funds_fundingcall_import"), {})

    assert response.status_code == 400
    assert "This field is required" in response.text


# --- Reports queue and history ----------------------------------------------------------


def test_the_report_queue_lists_open_reports_by_default(staff_client):
    CallReportFactory(message="Open one")
    CallReportFactory(message="Closed one", status=CallReport.Status.RESOLVED)

    queue = staff_client.get(reverse("admin:funds_callreport_changelist"))
    everything = staff_client.get(reverse("admin:funds_callreport_changelist") + "?status=all")

    assert "Open one" in queue.text and "Closed one" not in queue.text
    assert "Closed one" in everything.text


def test_the_resolve_action_closes_reports(staff_client, staff):
    reports = CallReportFactory.create_batch(2)

    response = staff_client.post(
        reverse("admin:funds_callreport_changelist"),
        {"action": "resolve_reports", "_selected_action": [r.pk for r in reports]},
        follow=True,
    )

    assert "2 reports resolved." in response.text
    assert set(CallReport.objects.values_list("status", "resolved_by")) == {("resolved", staff.pk)}


def test_a_report_can_be_dismissed_from_its_page(staff_client):
    report = CallReportFactory()

    response = staff_client.post(reverse("admin:funds_callreport_change", args=[report.pk]), {"_dismiss": "1"})

    assert response.status_code == 302
    report.refresh_from_db()
    assert report.status == CallReport.Status.DISMISSED


def test_staff_cannot_edit_or_delete_the_change_history(staff_client):
    call = FundingCallFactory()
    revision = log_action(obj=call, action="funds.call.updated", actor=None, changes={"title": ["a", "b"]})

    page = staff_client.get(reverse("admin:funds_fundingcall_change", args=[call.pk]))
    entry = staff_client.get(reverse("admin:audit_auditentry_change", args=[revision.pk]))
    delete = staff_client.post(reverse("admin:audit_auditentry_delete", args=[revision.pk]), {"post": "yes"})

    assert page.status_code == 200 and entry.status_code == 200
    assert "a → b" in page.text
    assert delete.status_code == 403
    assert AuditEntry.objects.filter(pk=revision.pk).exists()


def test_the_change_form_links_to_a_possible_duplicate(staff_client):
    original = FundingCallFactory(title="The original call")
    duplicate = SuggestedCallFactory(duplicate_of=original)

    response = staff_client.get(reverse("admin:funds_fundingcall_change", args=[duplicate.pk]))

    assert reverse("admin:funds_fundingcall_change", args=[original.pk]) in response.text
    assert "The original call" in response.text


@pytest.mark.postgres
def test_renaming_a_funder_keeps_its_calls_searchable_by_the_new_name(staff_client):
    from django.contrib.postgres.search import SearchQuery

    from funds.search import update_search_vectors

    call = FundingCallFactory(funder=FunderFactory(name="Old Name Fund", slug="old-name-fund"))
    update_search_vectors([call.pk])

    response = staff_client.post(
        reverse("admin:funds_funder_change", args=[call.funder.pk]),
        {"name": "Zephyr Trust", "slug": "old-name-fund", "type": "private_foundation", "country": "", "website": "", "description": ""},
    )

    assert response.status_code == 302
    assert FundingCall.objects.filter(search_vector=SearchQuery("zephyr", config="simple")).get() == call


def test_the_changelist_query_count_does_not_grow_with_the_number_of_calls(staff_client, django_assert_max_num_queries):
    FundingCallFactory.create_batch(5)
    staff_client.get(reverse(CHANGELIST))  # warm caches (content types, permissions)
    with django_assert_max_num_queries(25) as few:
        staff_client.get(reverse(CHANGELIST))
    FundingCallFactory.create_batch(40)

    with django_assert_max_num_queries(len(few.captured_queries)):
        response = staff_client.get(reverse(CHANGELIST))

    assert response.status_code == 200
