"""Who may curate: every state-changing curation service checks its actor itself, not
only the admin in front of it. A member, staff without the model permission, or (for the
services only the admin calls) the system actor is refused, and nothing changes."""

from __future__ import annotations

import io
from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.core.management import CommandError, call_command
from django.utils import timezone
from openpyxl import Workbook

from core.audit.models import AuditEntry
from funds.choices import EditorialStatus, Instrument
from funds.models import CallImport, CallReport, Funder, FundingCall
from funds.services.curation import (
    call_archive,
    call_create,
    call_log_change,
    call_mark_verified,
    call_publish,
    call_reject,
    call_report_resolve,
    call_set_status,
    call_update,
    funder_save,
)
from funds.spreadsheet import import_calls
from tests.factories.funds import (
    CallReportFactory,
    FunderFactory,
    FundingCallFactory,
    SuggestedCallFactory,
)
from tests.factories.members import ApprovedMemberFactory, StaffUserFactory, UserFactory

pytestmark = pytest.mark.django_db


def _member():
    return ApprovedMemberFactory().user


def _staff_without_permissions():
    return UserFactory(is_staff=True)  # staff flag, but not in the "ILO staff" group


@pytest.fixture(params=["member", "staff-without-permission"])
def outsider(request):
    return _member() if request.param == "member" else _staff_without_permissions()


def _nothing_recorded():
    return not AuditEntry.objects.filter(action__startswith="funds.").exists()


def _xlsx() -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.title = "Calls"
    ws.append(["Title", "Funder", "Summary", "Instrument", "Source URL", "Deadline", "Status"])
    ws.append(["Refused call", "Some Fund", "A summary.", "project_grant", "https://x.example.org/c", "2099-01-31", "published"])
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def test_creating_a_call_is_refused(outsider):
    funder = FunderFactory()
    data = {"title": "T", "funder": funder, "summary": "S", "instrument": Instrument.PROJECT_GRANT,
            "is_global": True, "deadline": timezone.now() + timedelta(days=9), "source_url": "https://x.example.org/"}

    with pytest.raises(PermissionDenied):
        call_create(data=data, actor=outsider)

    assert not FundingCall.objects.exists()
    assert _nothing_recorded()


def test_updating_a_call_is_refused(outsider):
    call = FundingCallFactory(title="Before")

    with pytest.raises(PermissionDenied):
        call_update(call=call, data={"title": "After"}, actor=outsider)

    assert FundingCall.objects.get(pk=call.pk).title == "Before"
    assert _nothing_recorded()


def test_publishing_a_call_is_refused(outsider):
    call = SuggestedCallFactory()

    with pytest.raises(PermissionDenied):
        call_publish(call=call, actor=outsider)

    refreshed = FundingCall.objects.get(pk=call.pk)
    assert (refreshed.status, refreshed.published_at, refreshed.curated_by) == (EditorialStatus.PENDING, None, None)
    assert _nothing_recorded()


def test_rejecting_a_call_is_refused(outsider):
    call = SuggestedCallFactory()

    with pytest.raises(PermissionDenied):
        call_reject(call=call, actor=outsider, reason="Not a funding call.")

    refreshed = FundingCall.objects.get(pk=call.pk)
    assert (refreshed.status, refreshed.review_note) == (EditorialStatus.PENDING, "")
    assert _nothing_recorded()


def test_archiving_a_call_is_refused(outsider):
    call = FundingCallFactory()

    with pytest.raises(PermissionDenied):
        call_archive(call=call, actor=outsider)

    assert FundingCall.objects.get(pk=call.pk).status == EditorialStatus.PUBLISHED
    assert _nothing_recorded()


@pytest.mark.parametrize("status", [EditorialStatus.DRAFT, EditorialStatus.ARCHIVED])
def test_setting_a_status_is_refused(outsider, status):
    call = FundingCallFactory()

    with pytest.raises(PermissionDenied):
        call_set_status(call=call, status=status, actor=outsider)

    assert FundingCall.objects.get(pk=call.pk).status == EditorialStatus.PUBLISHED
    assert _nothing_recorded()


def test_marking_a_call_verified_is_refused(outsider):
    call = FundingCallFactory(last_verified_at=None)

    with pytest.raises(PermissionDenied):
        call_mark_verified(call=call, actor=outsider)

    assert FundingCall.objects.get(pk=call.pk).last_verified_at is None
    assert _nothing_recorded()


def test_logging_a_change_in_the_history_is_refused(outsider):
    call = FundingCallFactory()

    with pytest.raises(PermissionDenied):
        call_log_change(call=call, actor=outsider, changes={"rounds": [[], ["Round 2"]]})

    assert _nothing_recorded()


def test_resolving_a_report_is_refused(outsider):
    report = CallReportFactory()

    with pytest.raises(PermissionDenied):
        call_report_resolve(report=report, actor=outsider)

    refreshed = CallReport.objects.get(pk=report.pk)
    assert (refreshed.status, refreshed.resolved_by, refreshed.resolved_at) == (CallReport.Status.OPEN, None, None)
    assert _nothing_recorded()


def test_saving_a_funder_is_refused(outsider):
    funder = FunderFactory(name="Old name")
    funder.name = "New name"

    with pytest.raises(PermissionDenied):
        funder_save(funder=funder, actor=outsider, changed=["name"])

    assert Funder.objects.get(pk=funder.pk).name == "Old name"
    assert _nothing_recorded()


def test_importing_calls_is_refused(outsider):
    with pytest.raises(PermissionDenied):
        import_calls(_xlsx(), actor=outsider, filename="calls.xlsx")

    assert not FundingCall.objects.exists()
    assert not Funder.objects.exists()
    assert _nothing_recorded()


def test_the_import_command_refuses_an_actor_who_may_not_import(tmp_path):
    member = _member()
    path = tmp_path / "calls.xlsx"
    path.write_bytes(_xlsx())

    with pytest.raises(CommandError, match="may not import"):
        call_command("import_calls", str(path), "--actor", member.email, stdout=io.StringIO())

    assert not FundingCall.objects.exists()
    assert not CallImport.objects.exists()


@pytest.mark.parametrize(
    "service",
    [
        lambda call: call_mark_verified(call=call, actor=None),
        lambda call: call_log_change(call=call, actor=None, changes={"rounds": [[], ["Round 2"]]}),
        lambda call: call_report_resolve(report=CallReportFactory(call=call), actor=None),
        lambda call: funder_save(funder=call.funder, actor=None, changed=["name"]),
    ],
    ids=["verify", "log-change", "resolve-report", "save-funder"],
)
def test_services_only_the_admin_calls_refuse_the_system_actor(service):
    call = FundingCallFactory(last_verified_at=None)

    with pytest.raises(PermissionDenied):
        service(call)

    assert FundingCall.objects.get(pk=call.pk).last_verified_at is None
    assert CallReport.objects.filter(status=CallReport.Status.OPEN).count() == CallReport.objects.count()
    assert _nothing_recorded()


def test_the_system_actor_may_publish_for_the_import_command():
    call = SuggestedCallFactory()

    call_publish(call=call, actor=None)

    assert FundingCall.objects.get(pk=call.pk).status == EditorialStatus.PUBLISHED


def test_staff_in_the_ilo_staff_role_may_publish():
    staff = StaffUserFactory()
    call = SuggestedCallFactory()

    call_publish(call=call, actor=staff)

    refreshed = FundingCall.objects.get(pk=call.pk)
    assert (refreshed.status, refreshed.curated_by) == (EditorialStatus.PUBLISHED, staff)
