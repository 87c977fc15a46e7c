"""Demo media kit for `manage.py seed_demo`: an outline, a budget template and the
network's standard paragraph, each in English, French and Spanish. Idempotent."""

from __future__ import annotations

from django.core.files.base import ContentFile

from .models import Resource, Version

PARAGRAPH = {
    "en": "The Skills Innovation Network, convened by the ILO, connects organizations that innovate in skills development.",
    "fr": "Le Réseau d'innovation en compétences, réuni par l'OIT, relie les organisations qui innovent dans le développement des compétences.",
    "es": "La Red de Innovación en Competencias, convocada por la OIT, conecta a las organizaciones que innovan en el desarrollo de competencias.",
}
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def seed(*, stdout) -> None:
    if Resource.objects.exists():
        stdout.write("  media kit demo already present")
        return
    outline = Resource.objects.create(
        title="Proposal outline", kind=Resource.Kind.OUTLINE, position=1
    )
    budget = Resource.objects.create(title="Budget template", kind=Resource.Kind.BUDGET, position=2)
    paragraph = Resource.objects.create(
        title="About the network", kind=Resource.Kind.PARAGRAPH, position=3
    )
    for language in ("en", "fr", "es"):
        for resource in (outline, budget):
            version = Version(resource=resource, language=language)
            version.file.save(f"{resource.kind}-{language}.pdf", ContentFile(PDF), save=False)
            version.save()
        Version.objects.create(resource=paragraph, language=language, text=PARAGRAPH[language])
    stdout.write("  media kit: 3 resources in en/fr/es")
