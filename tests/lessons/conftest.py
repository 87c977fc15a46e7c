import pytest

from coaching.lessons import services
from tests.factories.members import (
    ApprovedMemberFactory,
    LanguageFactory,
    SkillCategoryFactory,
    StaffUserFactory,
    UserFactory,
)

PDF = b"%PDF-1.7\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture(autouse=True)
def _private_media(settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def staff(db):
    return StaffUserFactory(email="staff@ilo.example.org")


@pytest.fixture
def member(db):
    return ApprovedMemberFactory(user__email="member@example.org").user


@pytest.fixture
def other_member(db):
    return ApprovedMemberFactory(user__email="other@example.org").user


@pytest.fixture
def outsider(db):
    """Signed in, but not (yet) an approved member of the network."""
    return UserFactory(email="outsider@example.org")


@pytest.fixture
def english(db):
    return LanguageFactory(code="en", name_en="English")


@pytest.fixture
def french(db):
    return LanguageFactory(code="fr", name_en="French")


@pytest.fixture
def category(db):
    return SkillCategoryFactory(slug="apprenticeships", name_en="Apprenticeships")


def lesson_data(language, **overrides):
    data = {
        "title": "Budgeting a training programme",
        "summary": "How to cost trainers, venues and materials.",
        "language": language,
        "video_url": "https://video.example.org/budgeting",
        "transcript_url": "",
        "subtitles_url": "",
        "estimated_minutes": 20,
    }
    return {**data, **overrides}


@pytest.fixture
def submit(english, category):
    def make(author, **overrides):
        return services.lesson_submit(
            author=author, data=lesson_data(english, **overrides), categories=[category]
        )

    return make


@pytest.fixture
def endorsed(submit, member, staff):
    return services.lesson_endorse(lesson=submit(member), actor=staff)
