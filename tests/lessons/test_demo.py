"""seed_demo's lesson library: endorsed lessons in en/fr/es and one awaiting review."""

import io

import pytest

from coaching.lessons.demo import seed
from coaching.lessons.models import Lesson
from tests.factories.members import SkillCategoryFactory, StaffUserFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_the_demo_library_has_endorsed_lessons_in_three_languages_and_one_pending(member, french):
    from tests.factories.members import LanguageFactory

    LanguageFactory(code="en", name_en="English")
    LanguageFactory(code="es", name_en="Spanish")
    SkillCategoryFactory()
    StaffUserFactory(email="staff@example.org")
    for n in range(4):
        UserFactory(email=f"p{n}@example.org")
    for _ in range(2):
        seed(stdout=io.StringIO())
    endorsed = Lesson.objects.endorsed()
    assert set(endorsed.values_list("language__code", flat=True)) == {"en", "fr", "es"}
    assert Lesson.objects.awaiting_review().get().author == member
    assert Lesson.objects.count() == 5
    assert endorsed.filter(materials__isnull=False).count() == 1
