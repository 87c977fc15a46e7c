"""Demo recognition for `manage.py seed_demo` (runs after members' demo data).

core@example.org holds the ILO Top Innovator badge, the membership badge and a letter of
introduction; member@example.org the membership badge (the coaching course and its
certificate come with the coaching app). All public, so their verification pages show
names. Idempotent: skipped when core@example.org already holds a Top Innovator badge.
"""

from __future__ import annotations

from members.models import User

from .models import BadgeAward, BadgeClass
from .services import (
    award_for_evidence,
    award_grant,
    award_set_public,
    document_set_public,
    letter_issue,
)


def _membership_badge(user) -> BadgeAward | None:
    return award_for_evidence(
        badge="network-member", recipient=user, evidence_key=f"members.membership:{user.profile.pk}"
    )


def seed(*, stdout) -> None:
    users = {u.email: u for u in User.objects.filter(email__in=["core@example.org", "member@example.org", "staff@example.org"]).select_related("profile")}
    core, member, staff = (users.get(e) for e in ("core@example.org", "member@example.org", "staff@example.org"))
    if core is None or member is None or staff is None:
        stdout.write("  demo accounts missing: no recognition seeded")
        return
    if BadgeAward.objects.filter(recipient=core, badge_class__slug="top-innovator").exists():
        stdout.write("  recognition already seeded")
        return
    top = award_grant(
        badge_class=BadgeClass.objects.get(slug="top-innovator"),
        recipient=core,
        actor=staff,
        citation="For taking recognition of prior learning to informal-economy workers in three countries.",
    )
    awards = [top, _membership_badge(core), _membership_badge(member)]
    letter = letter_issue(
        recipient=core,
        actor=staff,
        signatory_name="Amina Diallo",
        signatory_title="Network coordinator, International Labour Organization",
        purpose="Introducing our member to funders and partners at the Skills Innovation Summit.",
    )
    for award in awards:
        if award is not None:
            award_set_public(award=award, actor=award.recipient, public=True)
    document_set_public(document=letter, actor=core, public=True)
    stdout.write(f"  recognition: {len(awards)} badges, 1 letter (verify code {letter.code_display})")
