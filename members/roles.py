"""The network's roles, kept as auth groups.

Groups are created by a data migration; which model permissions each group holds is
declared here and applied after every migrate (added and removed), so new curated models
only need a line and a narrowed role takes effect on the next deploy.
"""

from django.db.models import TextChoices
from django.utils.translation import gettext_lazy as _


class Role(TextChoices):
    ILO_STAFF = "ILO staff", _("ILO staff")
    CORE_GROUP = "Core group member", _("Core group member")
    REGIONAL_REP = "Regional representative", _("Regional representative")
    MEMBER = "Member", _("Member")


ALL = ("view", "add", "change", "delete")

# What each role may do in the admin: app_label -> model -> actions. This is the whole
# truth: after every migrate each role group holds exactly these permissions, and any
# other permission found on it (granted by hand, or by an older version of this table)
# is taken away. Everything that could change who controls an account stays with
# superusers: users, their email addresses, passwords, groups and permissions.
ROLE_PERMISSIONS: dict[str, dict[str, dict[str, tuple[str, ...]]]] = {
    Role.ILO_STAFF: {
        "taxonomy": {"skillcategory": ALL, "expertise": ALL, "language": ALL},
        "members": {
            "organization": ALL,
            # Profiles come with their account (members.adapters); staff edit what people
            # say about themselves and their network role, never the account behind it.
            "memberprofile": ("view", "change", "delete"),
            # People apply on the site; staff decide (the approve/decline actions).
            "membershipapplication": ("view", "change", "delete"),
            # Accounts are read-only for staff: no email, password, flags or groups.
            "user": ("view",),
        },
        "audit": {"auditentry": ("view",)},
        # The network health page (members/network): read-only numbers.
        "network": {"healthsnapshot": ("view",)},
        # Recognition: awards and documents are issued, revoked and superseded through
        # services (badges.admin), never edited or deleted.
        "badges": {
            "issuer": ("view", "change"),
            "badgeclass": ALL,
            "badgeaward": ("view", "add", "change"),
            "document": ("view", "add", "change"),
        },
        "funds": {
            "funder": ALL,
            "fundingcall": ALL,
            "callround": ALL,
            "callattachment": ALL,
            "callreport": ALL,
            "callimport": ("view",),
        },
        # The needs assessment: versions are opened and sent through actions; answers
        # are the members' own, so staff read them.
        "survey": {
            "survey": ("view", "add", "change"),
            "response": ("view",),
            "needannouncement": ("view", "add"),
        },
        # Find help's directory is staff-curated; members' offers and messages are read-only.
        "findhelp": {
            "technicaladvisor": ALL,
            "ilooffice": ALL,
            "ilocontact": ALL,
            "helpoffer": ("view",),
            "contactmessage": ("view",),
        },
        # Sessions (events/, used by coaching and peer exchange): staff run them.
        "events": {
            "session": ALL,
            "sessionmaterial": ALL,
            "registration": ("view", "change"),
            "feedback": ("view",),
        },
        "coaching": {"coachingsession": ALL, "sessioncall": ALL, "feedbackapplication": ("view",)},
        # Courses are curated; enrollments and completions are the members' own records.
        "coaching_courses": {
            "course": ALL,
            "step": ALL,
            "quiz": ALL,
            "question": ALL,
            "enrollment": ("view",),
            "completion": ("view",),
            "quizattempt": ("view",),
        },
        # Members submit library lessons; staff review them (change) and curate materials.
        "coaching_lessons": {"lesson": ("view", "change"), "lessonmaterial": ("view", "delete")},
        "coaching_mediakit": {"resource": ALL, "version": ALL},
        "coaching_translations": {
            "volunteer": ALL,
            "languagepair": ALL,
            "translationrequest": ("view",),
            "translationdocument": ("view",),
            "offer": ("view",),
        },
        # Requests are opened by members; staff triage them (change) and read the history.
        "coaching_requests": {
            "coachingrequest": ("view", "change"),
            "requestevent": ("view",),
            "requestdocument": ("view",),
        },
        "peer_exchange": {
            "series": ALL,
            "peersession": ALL,
            "peerexchangesession": ALL,
            "topic": ALL,
            "vote": ("view",),
            "hostoffer": ALL,
            "output": ALL,
            "outputfile": ALL,
            "guidepage": ALL,
        },
        # "change" is what the Resend / Retry actions need; rows stay read-only.
        "outbox": {"email": ("view", "change")},
        # Seeing whether an address is verified helps support; adding or changing one
        # would let staff attach an address of theirs to any account and reset it.
        "account": {"emailaddress": ("view",)},
    },
    Role.CORE_GROUP: {},
    Role.REGIONAL_REP: {},
    Role.MEMBER: {},
}


def declared_permissions(role: str):
    """The Permission rows `role` should hold (only those that exist yet)."""
    from django.contrib.auth.models import Permission
    from django.db.models import Q

    query = Q(pk__in=[])
    for app_label, models in ROLE_PERMISSIONS[role].items():
        for model, actions in models.items():
            query |= Q(
                content_type__app_label=app_label,
                content_type__model=model,
                codename__in=[f"{action}_{model}" for action in actions],
            )
    return Permission.objects.filter(query)


def sync_role_permissions(sender=None, **kwargs) -> None:
    """Give each role group exactly its declared permissions: add the missing ones and
    remove any other (so a narrowed role applies to existing databases on migrate).
    Runs after every app's migrate; the last run sees every app's permissions."""
    from django.contrib.auth.models import Group

    for role in ROLE_PERMISSIONS:
        group, _created = Group.objects.get_or_create(name=Role(role).value)
        group.permissions.set(declared_permissions(role))
