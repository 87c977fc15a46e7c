"""Reports of outdated information and their review."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.audit.services import log_action
from core.mail import absolute_url, send_to_user, user_language
from members.models import User
from members.roles import Role

from ...choices import EditorialStatus
from ...models import CallReport, FundingCall
from .calls import CallError, require_curator
from .editorial import _call_url

# --- Reports of outdated information ----------------------------------------------------


def staff_recipients():
    """Active people in the "ILO staff" group, who receive the curation notices."""
    return (
        User.objects.filter(groups__name=Role.ILO_STAFF.value, is_active=True)
        .select_related("profile")
        .order_by("pk")
        .distinct()
    )


@transaction.atomic
def call_report_outdated(
    *, call: FundingCall, message: str, reporter: User | None = None, email: str = ""
) -> CallReport:
    """Anyone tells staff that a published call's information is outdated or wrong. The
    report joins the review queue and every ILO staff member is emailed (in their
    language, keyed per report and person). Raises CallError for an empty message or a
    call that is not published."""
    message = (message or "").strip()
    if not message:
        raise CallError(_("Tell us what is outdated or wrong."))
    if len(message) > 2000:
        raise CallError(_("Keep the message under 2000 characters."))
    if call.status != EditorialStatus.PUBLISHED:
        raise CallError(_("Only published calls can be reported."))
    if reporter is not None and not reporter.is_authenticated:
        reporter = None
    report = CallReport.objects.create(
        call=call,
        reporter=reporter,
        email=(email or (reporter.email if reporter else "")).strip(),
        message=message,
    )
    log_action(actor=reporter, action="funds.report.created", obj=report, data={"call": call.pk})
    for user in staff_recipients():
        language = user_language(user)
        send_to_user(
            user=user,
            template="funds/emails/call_reported",
            context={
                "call": call,
                "report": report,
                "call_url": _call_url(call, language),
                "review_url": absolute_url("admin:funds_callreport_change", language=language, object_id=report.pk),
                "queue_url": absolute_url("admin:funds_callreport_changelist", language=language) + "?status__exact=open",
            },
            key=f"call-reported:{report.pk}:{user.pk}",
        )
    return report


@transaction.atomic
def call_report_resolve(
    *, report: CallReport, actor: User | None, status: str = CallReport.Status.RESOLVED
) -> CallReport:
    """Close a report as resolved (the call was corrected) or dismissed. A reporter with
    an account is thanked by email when it is resolved. Raises CallError when the report
    is already closed, PermissionDenied for anyone but staff with funds.change_callreport."""
    require_curator(actor, "funds.change_callreport", system=False)
    if status not in {CallReport.Status.RESOLVED, CallReport.Status.DISMISSED}:
        raise ValueError(f"Not a closing status: {status}")
    report = CallReport.objects.select_for_update(of=("self",)).select_related("call", "reporter").get(pk=report.pk)
    if report.status != CallReport.Status.OPEN:
        raise CallError(_("This report has already been closed."))
    report.status = status
    report.resolved_by = actor if actor is not None and actor.is_authenticated else None
    report.resolved_at = timezone.now()
    report.save(update_fields=["status", "resolved_by", "resolved_at"])
    log_action(
        obj=report, action=f"funds.report.{status}", actor=actor, data={"call": report.call_id}, changes={"status": ["open", status]}
    )
    user = report.reporter
    if status == CallReport.Status.RESOLVED and user is not None:
        send_to_user(
            user=user,
            template="funds/emails/call_report_resolved",
            context={"call": report.call, "report": report, "call_url": _call_url(report.call, user_language(user))},
            key=f"call-report-resolved:{report.pk}:{user.pk}",
        )
    return report
