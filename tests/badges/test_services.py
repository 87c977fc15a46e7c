"""Awards: from evidence through award_for_evidence (once per key, thresholds set by
staff), from the members app's hooks (membership, Core Group), and by staff (Top
Innovator with a citation); revoking needs a reason; the holder decides what is public."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from badges.models import BadgeAward, BadgeClass
from badges.services import (
    BadgeError,
    award_for_evidence,
    award_grant,
    award_revoke,
    award_set_public,
    award_supersede,
)
from core.audit.models import AuditEntry
from core.outbox.models import Email
from members.services import membership_approve, network_role_set
from tests.factories.badges import badge_class, top_innovator
from tests.factories.members import MembershipApplicationFactory

pytestmark = pytest.mark.django_db


def test_an_automatic_award_happens_once_per_evidence_key(member):
    first = award_for_evidence(badge="course-completion", recipient=member.user, evidence_key="coaching.course:3")
    second = award_for_evidence(badge="course-completion", recipient=member.user, evidence_key="coaching.course:3")
    assert first is not None and second.pk == first.pk
    assert BadgeAward.objects.count() == 1
    assert AuditEntry.objects.filter(action="badges.award.awarded").count() == 1
    assert Email.objects.filter(key=f"badges-awarded:{first.pk}").count() == 1
    other = award_for_evidence(badge="course-completion", recipient=member.user, evidence_key="coaching.course:4")
    assert other.pk != first.pk


def test_counted_badges_wait_for_the_threshold_staff_set(member):
    hosting = badge_class("peer-exchange-host")
    hosting.threshold = 3
    hosting.save()
    key = "peer_exchange.hosting"
    assert award_for_evidence(badge="peer-exchange-host", recipient=member.user, evidence_key=key, count=2) is None
    award = award_for_evidence(badge="peer-exchange-host", recipient=member.user, evidence_key=key, count=3)
    assert award.badge_class == hosting
    assert award_for_evidence(badge="peer-exchange-host", recipient=member.user, evidence_key=key, count=4).pk == award.pk


def test_an_inactive_or_unknown_class_awards_nothing_automatically_and_is_refused_to_staff(staff, member):
    BadgeClass.objects.filter(slug="top-innovator").update(is_active=False)
    assert award_for_evidence(badge="top-innovator", recipient=member.user, evidence_key="x") is None
    assert award_for_evidence(badge="no-such-badge", recipient=member.user, evidence_key="x") is None
    with pytest.raises(BadgeError, match="inactive"):
        top_innovator(member.user, staff)
    assert not BadgeAward.objects.exists()


def test_approving_a_membership_awards_the_membership_badge_once(staff):
    application = MembershipApplicationFactory(profile__full_name="Kwame Mensah")
    membership_approve(application=application, actor=staff)
    award = BadgeAward.objects.get()
    assert award.badge_class.slug == "network-member" and award.recipient == application.profile.user
    assert award.evidence_key == f"members.membership:{application.profile.pk}"
    assert not Email.objects.filter(key__startswith="badges-awarded:").exists()  # the welcome says it
    # Approved again after a later application: still one membership badge.
    from badges.hooks import on_membership_approved

    on_membership_approved(None, profile=application.profile)
    assert BadgeAward.objects.count() == 1


def test_joining_the_core_group_awards_a_badge_that_expires_with_the_term(staff, member, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        network_role_set(profile=member, actor=staff, role="core")
    award = BadgeAward.objects.get(badge_class__slug="core-group-member")
    assert award.expires_at.date() == (award.issued_at + timezone.timedelta(days=730)).date()
    assert award.documents.get().kind == "certificate"
    network_role_set(profile=member, actor=staff, role="core")  # unchanged role: nothing new
    assert BadgeAward.objects.filter(badge_class__slug="core-group-member").count() == 1


def test_top_innovator_needs_a_citation_staff_and_an_approved_member(staff, member):
    with pytest.raises(BadgeError, match="citation"):
        top_innovator(member.user, staff, citation=" ")
    with pytest.raises(PermissionDenied):
        top_innovator(member.user, member.user)
    with pytest.raises(BadgeError, match="approved members"):
        top_innovator(staff, staff)
    award = top_innovator(member.user, staff)
    assert award.issued_by == staff and award.citation
    entry = AuditEntry.objects.get(action="badges.award.awarded")
    assert entry.actor == staff and entry.object_id == str(award.pk)


def test_other_badges_need_no_citation(staff, member):
    award = award_grant(badge_class=badge_class("volunteer-translator"), recipient=member.user, actor=staff)
    assert award.citation == ""


def test_revoking_needs_a_reason_tells_the_member_and_cannot_happen_twice(staff, member):
    award = top_innovator(member.user, staff)
    with pytest.raises(BadgeError, match="reason"):
        award_revoke(award=award, actor=staff, reason="")
    award.refresh_from_db()
    assert award.revoked_at is None
    award_revoke(award=award, actor=staff, reason="Duplicate award.")
    email = Email.objects.get(key=f"badges-award-revoked:{award.pk}")
    assert email.to == "zoe@example.org" and "Duplicate award." in email.text_body
    with pytest.raises(BadgeError, match="already"):
        award_revoke(award=award, actor=staff, reason="Again")
    entry = AuditEntry.objects.get(action="badges.award.revoked")
    assert entry.changes == {"revocation_reason": ["", "Duplicate award."]}


def test_superseding_a_badge_issues_a_new_assertion_and_links_them(staff, member):
    award = top_innovator(member.user, staff)
    new = award_supersede(award=award, actor=staff)
    award.refresh_from_db()
    assert award.superseded_by == new and new.citation == award.citation
    assert new.uuid != award.uuid and new.verification_code != award.verification_code
    with pytest.raises(BadgeError):
        award_supersede(award=award, actor=staff)


def test_only_the_holder_chooses_what_is_public(staff, member):
    award = top_innovator(member.user, staff)
    assert award.is_public is False  # consent first
    with pytest.raises(PermissionDenied):
        award_set_public(award=award, actor=staff, public=True)
    award_set_public(award=award, actor=member.user, public=True)
    award.refresh_from_db()
    assert award.is_public
    assert AuditEntry.objects.filter(action="badges.award.visibility_set").count() == 1
