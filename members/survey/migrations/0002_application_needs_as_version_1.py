"""The membership application's needs assessment becomes version 1 of the survey.

Version 1 asks the whole catalogue. Every existing application (the latest per person)
becomes a response: its needs (already stored as codes) become answers to "needs", its
free-text challenges and workshop topics answers to "challenges_other" and
"topics_other". The application keeps its own fields: nothing is deleted.
"""

from django.db import migrations
from django.utils import timezone

QUESTIONS = [
    "needs",
    "challenges",
    "categories",
    "workshop_topics",
    "languages",
    "formats",
    "time_slots",
    "challenges_other",
    "topics_other",
]
NEEDS = {"funding", "proposals", "translation", "peer_exchange", "visibility", "ilo_expertise", "data", "digital", "events"}


def forwards(apps, schema_editor):
    from taxonomy.regions import region_for_country

    Survey = apps.get_model("survey", "Survey")
    Response = apps.get_model("survey", "Response")
    Answer = apps.get_model("survey", "Answer")
    Application = apps.get_model("members", "MembershipApplication")
    survey, _created = Survey.objects.get_or_create(version=1, defaults={"questions": QUESTIONS, "status": "open"})
    seen = set()
    for application in Application.objects.select_related("profile").order_by("-submitted_at", "-pk"):
        profile = application.profile
        if profile.pk in seen or Response.objects.filter(survey=survey, profile=profile).exists():
            continue
        seen.add(profile.pk)
        country = str(profile.country or "")
        language = (profile.preferred_language or "en")[:2]
        response = Response.objects.create(
            survey=survey,
            profile=profile,
            application=application,
            submitted_at=application.submitted_at or timezone.now(),
            answered_in=language if language in {"en", "fr", "es"} else "en",
            country=country,
            region=region_for_country(country),
        )
        rows = [
            Answer(response=response, question="needs", option=code)
            for code in dict.fromkeys(application.needs or [])
            if code in NEEDS
        ]
        for question, text in (("challenges_other", application.challenges), ("topics_other", application.workshop_topics)):
            if (text or "").strip():
                rows.append(Answer(response=response, question=question, text=text.strip()[:2000]))
        Answer.objects.bulk_create(rows)


def backwards(apps, schema_editor):
    Answer = apps.get_model("survey", "Answer")
    Response = apps.get_model("survey", "Response")
    Answer.objects.filter(response__survey__version=1).delete()
    Response.objects.filter(survey__version=1).delete()
    apps.get_model("survey", "Survey").objects.filter(version=1).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("survey", "0001_initial"),
        ("members", "0008_auditentry_moved_to_core"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
