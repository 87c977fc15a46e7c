"""The network as issuer and the badge classes the issue names. Staff edit them (and add
more) in the admin; slugs are part of permanent URLs and are what other apps pass to
badges.services.award_for_evidence."""

from django.conf import settings
from django.db import migrations

BADGE_CLASSES = [
    ("top-innovator", "top_innovator", "ILO Top Innovator",
     "Recognises a member whose skills innovation stands out in the network.",
     "Selected by the ILO team for an innovation with proven results in skills development; the citation says why.",
     None, None),
    ("network-member", "membership", "Skills Innovation Network member",
     "An approved member of the ILO's Skills Innovation Network.",
     "Applied to the network and was approved by the ILO team.", None, None),
    ("core-group-member", "core_group", "Core Group member",
     "Served a term in the Core Group that steers the Skills Innovation Network.",
     "Appointed to the Core Group for a term; the badge expires with the term.", 730, None),
    ("course-completion", "course", "Course completed",
     "Completed a coaching course of the Skills Innovation Network.",
     "Attended the course's sessions and completed its assignments.", None, None),
    ("peer-exchange-host", "peer_host", "Peer-exchange host",
     "Hosted peer-exchange sessions for other members of the network.",
     "Hosted the number of peer-exchange sessions set by the ILO team.", None, 3),
    ("volunteer-translator", "translator", "Volunteer translator",
     "Translated application documents for other members of the network.",
     "Completed the number of translations set by the ILO team.", None, 5),
]


def create(apps, schema_editor):
    Issuer = apps.get_model("badges", "Issuer")
    BadgeClass = apps.get_model("badges", "BadgeClass")
    issuer, _created = Issuer.objects.get_or_create(
        slug="skills-innovation-network",
        defaults={
            "name": "Skills Innovation Network (International Labour Organization)",
            "url": settings.SITE_URL,
            "email": "skills-network@example.org",
            "description": "The ILO's network of skills innovators: funding calls, coaching, peer exchange and recognition.",
        },
    )
    for slug, kind, name, description, criteria, validity, threshold in BADGE_CLASSES:
        BadgeClass.objects.get_or_create(
            slug=slug,
            defaults={
                "issuer": issuer,
                "kind": kind,
                "name": name,
                "description": description,
                "criteria": criteria,
                "validity_days": validity,
                "threshold": threshold,
            },
        )


class Migration(migrations.Migration):
    dependencies = [("badges", "0001_initial")]
    operations = [migrations.RunPython(create, migrations.RunPython.noop)]
