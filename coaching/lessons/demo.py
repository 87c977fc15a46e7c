"""Demo library for `manage.py seed_demo`: endorsed lessons in English, French and Spanish
by demo members (one with a PDF handout) and one of member@example.org's awaiting
review. Idempotent."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.utils import timezone

from taxonomy.models import Language, SkillCategory

from .models import Lesson, LessonMaterial

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"

LESSONS = [
    (
        "en",
        "Budgeting a training programme in ten steps",
        "How to cost trainers, venues and materials, and explain each line to a funder.",
        18,
    ),
    (
        "en",
        "Finding employers for work-based learning",
        "A member from Kenya shows how she built a network of 40 host companies.",
        22,
    ),
    (
        "fr",
        "Rédiger une note conceptuelle convaincante",
        "La structure d'une note conceptuelle, avec des exemples de projets financés.",
        25,
    ),
    (
        "es",
        "Cómo medir la inserción laboral de tus egresados",
        "Indicadores sencillos y una encuesta de seguimiento a seis meses.",
        20,
    ),
]
PENDING = ("en", "Recognising prior learning in the informal economy",
           "A practical method to assess and certify skills learnt on the job.", 30)  # fmt: skip


def seed(*, stdout) -> None:
    if Lesson.objects.exists():
        stdout.write("  lesson library demo already present")
        return
    User = get_user_model()
    staff = User.objects.filter(email="staff@example.org").first()
    member = User.objects.filter(email="member@example.org").first()
    authors = list(
        User.objects.filter(is_staff=False, is_active=True)
        .exclude(email="member@example.org")
        .order_by("pk")[: len(LESSONS)]
    ) or [member]
    languages = {lang.code: lang for lang in Language.objects.filter(code__in=["en", "fr", "es"])}
    categories = list(SkillCategory.objects.active())
    if not languages or not categories:
        stdout.write("  lesson library demo skipped (no taxonomy)")
        return
    now = timezone.now()
    made = 0
    for index, (code, title, summary, minutes) in enumerate(LESSONS):
        lesson = Lesson.objects.create(
            title=title, summary=summary, language=languages.get(code) or languages["en"],
            video_url=f"https://video.example.org/library/{index + 1}",
            transcript_url=f"https://video.example.org/library/{index + 1}/transcript",
            estimated_minutes=minutes, author=authors[index % len(authors)],
            status=Lesson.Status.ENDORSED, endorsed_by=staff, endorsed_at=now,
        )  # fmt: skip
        lesson.categories.set([categories[index % len(categories)]])
        made += 1
        if index == 0:
            material = LessonMaterial(
                lesson=lesson, name="budget-template.pdf", kind="pdf", size=len(PDF)
            )
            material.file.save(f"{lesson.pk}.pdf", ContentFile(PDF), save=False)
            material.save()
    if member is not None:
        code, title, summary, minutes = PENDING
        lesson = Lesson.objects.create(
            title=title, summary=summary, language=languages.get(code) or languages["en"],
            video_url="https://video.example.org/library/rpl", estimated_minutes=minutes,
            author=member,
        )  # fmt: skip
        lesson.categories.set(categories[:1])
        made += 1
    stdout.write(f"  {made} library lessons (one of member@example.org's awaiting review)")
