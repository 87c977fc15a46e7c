"""Hooks other apps may listen to (members imports none of them).

Sent by members.services inside the service's transaction, after the change is saved:
a receiver's writes commit or roll back with it. Receivers must be idempotent and must
not raise for ordinary situations (badges.hooks is the example: it calls
badges.services.award_for_evidence, which awards once per evidence key).

- membership_approved(sender=MemberProfile, profile, application, actor)
- network_role_changed(sender=MemberProfile, profile, previous_role, role, actor)
"""

from django.dispatch import Signal

membership_approved = Signal()
network_role_changed = Signal()
